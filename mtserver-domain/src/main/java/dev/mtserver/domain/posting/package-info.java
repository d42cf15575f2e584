/**
 * What a POST to the site may do: where a form or an upload may be posted, whether there is room
 * for it, and which use cases it involves. The HTTP layer decodes a request's body; the decisions
 * about it are made here, so a handler is a mapping from request to use case and back.
 *
 * <p>{@link dev.mtserver.domain.posting.SubmitFormUseCase} (implemented by {@link
 * dev.mtserver.domain.posting.SubmitFormService}) takes a urlencoded form: to a page a GET would
 * serve, or nowhere. {@link dev.mtserver.domain.posting.AcceptUploadUseCase} (implemented by {@link
 * dev.mtserver.domain.posting.AcceptUploadService}) takes a multipart form: to such a page or to
 * the upload endpoint {@code /upload}; it refuses one the upload store has no room for before a
 * byte of it is read ({@link dev.mtserver.domain.posting.UploadDecision}), then streams its files
 * into the store, records its text fields, and says where the stored files appear in the site
 * ({@link dev.mtserver.domain.posting.UploadResult}).
 *
 * <p>Both are built on the other use cases (static content to know the pages, submissions,
 * uploads), never on ports: whatever wraps those use cases (the metrics) sees every file and
 * submission. Entry types: the two use cases.
 */
package dev.mtserver.domain.posting;
