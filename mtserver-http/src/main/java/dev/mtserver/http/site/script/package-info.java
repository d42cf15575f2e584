/**
 * Dynamic pages: {@link dev.mtserver.http.site.script.ScriptHandler} answers GET, HEAD and POST for
 * {@code .php} paths through the domain's {@link dev.mtserver.domain.script.RunScriptUseCase}.
 *
 * <p>It turns a request into a {@link dev.mtserver.domain.script.ScriptInvocation} ({@link
 * dev.mtserver.http.site.script.ScriptInvocations}: copies of what the script may see, the Host
 * reduced to the server name) and the outcome into a response: a body streamed from the script
 * (chunked when its length is unknown), a local redirect served again as a GET, or a refusal (403,
 * 404, 413, 502, 503, 504). It never sends a status before the script's header is complete. Nothing
 * here starts a process: the CGI adapter does, behind the domain's port.
 */
package dev.mtserver.http.site.script;
