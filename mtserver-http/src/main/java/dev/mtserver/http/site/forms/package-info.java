/**
 * POSTed forms and uploads: {@link dev.mtserver.http.site.forms.FormHandler} (urlencoded forms
 * recorded through {@link dev.mtserver.domain.form.RecordSubmissionUseCase}), {@link
 * dev.mtserver.http.site.forms.UploadHandler} (multipart uploads streamed through {@link
 * dev.mtserver.domain.upload.StoreUploadUseCase}, answered with 201 and a JSON or HTML listing).
 * Uploaded files are served by the static handler, as data, because the domain marks them.
 *
 * <p>Handlers refuse what they can from the head alone (404, 413, 415, 507) before touching the
 * body, so no {@code 100 Continue} is sent for a request that will be refused. They depend on
 * the engine and the codecs; the router sees them only as {@link
 * dev.mtserver.http.engine.HttpHandler}s, wired by the application. Nothing here touches a file
 * or socket: storage sits behind the domain's ports.
 */
package dev.mtserver.http.site.forms;
