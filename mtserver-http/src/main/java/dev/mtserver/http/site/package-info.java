/**
 * The site: what this server does with a request once the engine has read it. {@link
 * dev.mtserver.http.site.SiteRouter} dispatches by method, path and body type to the handlers of
 * the sub-packages — {@code site.content} (GET and HEAD of files and listings), {@code site.forms}
 * (POSTed forms and uploads), {@code site.script} (PHP pages), {@code site.admin} (health, metrics,
 * and the answer to connections shed under overload) — and answers what none of them takes
 * (OPTIONS, 405, 501, 415). {@link dev.mtserver.http.site.PageStyle} is the look of the pages the
 * server writes itself.
 *
 * <p>Handlers map requests to the domain's use cases and their answers to responses. They see the
 * engine ({@code dev.mtserver.http.engine}) and the codec's field and body-format types; nothing
 * here touches a file, a socket or a process: storage and scripts sit behind the domain's ports.
 */
package dev.mtserver.http.site;
