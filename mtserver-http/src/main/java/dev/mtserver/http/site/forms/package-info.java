/**
 * POSTed forms and uploads: {@link dev.mtserver.http.site.forms.FormHandler} (urlencoded forms,
 * through the domain's {@link dev.mtserver.domain.posting.SubmitFormUseCase}) and {@link
 * dev.mtserver.http.site.forms.UploadHandler} (multipart forms, through {@link
 * dev.mtserver.domain.posting.AcceptUploadUseCase}: files streamed to the upload store, text fields
 * recorded, 201 with a JSON or HTML listing). Uploaded files are served by the static handler, as
 * data, because the domain marks them.
 *
 * <p>Each handler asks its use case first whether the request may be received at all (404, and 507
 * for an upload the store has no room for) and checks its own limits (413, 415, a bad boundary
 * 400), before touching the body, so no {@code 100 Continue} is sent for a request that will be
 * refused. Then it decodes the body with the codec's form and multipart readers and hands the
 * fields and files to the use case. The router sees them only as {@link
 * dev.mtserver.http.engine.HttpHandler}s, wired by the application. Nothing here touches a file or
 * socket: storage sits behind the domain's ports.
 */
package dev.mtserver.http.site.forms;
