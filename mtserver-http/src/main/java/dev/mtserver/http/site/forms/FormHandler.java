package dev.mtserver.http.site.forms;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import com.google.common.net.MediaType;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.posting.FormAdmission;
import dev.mtserver.domain.posting.SubmitFormUseCase;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.codec.form.FormParameter;
import dev.mtserver.http.codec.form.UrlEncodedFormDecoder;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} of an {@code application/x-www-form-urlencoded} form, mapped to the domain's {@link
 * SubmitFormUseCase}: asks it whether the path takes a form, decodes the fields, has them recorded
 * durably, then serves the page as GET would.
 *
 * <p>Refusals come before the body is touched, so a client that sent {@code Expect: 100-continue}
 * gets its final status without {@code 100 Continue}: 404 when the path is not a page (the use
 * case's decision), 415 for a charset other than UTF-8, 413 for a Content-Length over the form
 * limit. Malformed data is 400 and a body that grows past the limit while streaming is 413; in both
 * cases nothing is recorded. A store that cannot answer (the page look-up or the submission log) is
 * 503 with {@code Retry-After}, a full one 507. The decoded form is held in memory until it is
 * recorded, reserved from the server's {@link MemoryBudget} as it arrives: when the budget is spent
 * the answer is 503 with {@code Retry-After}, and nothing is recorded either.
 */
public final class FormHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(FormHandler.class);

  private final SubmitFormUseCase forms;
  private final HttpHandler page;
  private final FormLimits limits;
  private final MemoryBudget memory;

  /** Without a memory budget: for tests. */
  public FormHandler(SubmitFormUseCase forms, HttpHandler page, FormLimits limits) {
    this(forms, page, limits, MemoryBudget.unbounded());
  }

  /**
   * @param page serves the page after a successful submission (the static-content handler)
   * @param memory the server's budget for request data in memory
   */
  public FormHandler(
      SubmitFormUseCase forms, HttpHandler page, FormLimits limits, MemoryBudget memory) {
    this.forms = Objects.requireNonNull(forms, "forms");
    this.page = Objects.requireNonNull(page, "page");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    try {
      if (forms.admit(request.path()) == FormAdmission.NOT_A_PAGE) {
        return ErrorResponses.of(404);
      }
    } catch (StoreUnavailableException e) {
      return PostRequests.storageFailure(e, log, "a form submission", request);
    }
    if (!utf8OrUnspecified(request)) {
      return ErrorResponses.of(415, "Form data must be UTF-8");
    }
    OptionalLong length = request.contentLength();
    if (length.isPresent() && length.getAsLong() > limits.maxBytes()) {
      return PostRequests.closing(413, "Form data too large");
    }
    try (MemoryLease formMemory = memory.lease()) { // until the submission is recorded
      List<FormParameter> parameters;
      try {
        parameters =
            UrlEncodedFormDecoder.decode(request.body(), limits, formMemory, length.orElse(-1));
      } catch (HttpProtocolException e) {
        return PostRequests.closing(e.status(), e.safeReason());
      } catch (RequestMemoryExhaustedException e) {
        return PostRequests.busy();
      } // any other IOException here is the client's: it propagates and the connection closes
      ImmutableList<FormField> fields =
          parameters.stream()
              .map(p -> new FormField(p.name(), p.value()))
              .collect(ImmutableList.toImmutableList());
      try {
        forms.submit(request.path(), PostRequests.remoteAddress(request), fields);
      } catch (IOException e) {
        return PostRequests.storageFailure(e, log, "a form submission", request);
      }
    }
    return page.handle(request);
  }

  private static boolean utf8OrUnspecified(HttpRequest request) {
    return request
        .headers()
        .first("Content-Type")
        .map(
            type -> {
              try {
                return MediaType.parse(type).parameters().get("charset").stream()
                    .allMatch(charset -> Ascii.equalsIgnoreCase(charset, "utf-8"));
              } catch (IllegalArgumentException e) {
                return false;
              }
            })
        .orElse(true);
  }
}
