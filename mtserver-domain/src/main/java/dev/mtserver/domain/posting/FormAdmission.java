package dev.mtserver.domain.posting;

/** Whether a urlencoded form may be posted where it was sent; decided before its body is read. */
public enum FormAdmission {
  /**
   * The path is a page of the site: read the form and {@linkplain SubmitFormUseCase#submit submit}
   * it.
   */
  ACCEPTED,
  /** Nothing a GET would serve lives there: 404, and the body is never read. */
  NOT_A_PAGE
}
