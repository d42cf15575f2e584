/**
 * Dynamic content: running a script of the site (a {@code .php} page) for one request.
 *
 * <p>Entry type: {@link dev.mtserver.domain.script.RunScriptUseCase}, implemented by {@link
 * dev.mtserver.domain.script.ScriptService}. It refuses anything below the {@link
 * dev.mtserver.domain.upload.UploadArea} (uploads are data, never code), asks the outbound {@link
 * dev.mtserver.domain.script.LocateScriptPort} for the script's file (the storage adapter's one
 * containment check), and hands a {@link dev.mtserver.domain.script.ScriptInvocation} to the
 * outbound {@link dev.mtserver.domain.script.ScriptRunnerPort}, whose answer is a {@link
 * dev.mtserver.domain.script.ScriptOutcome}: a response whose body streams from the running script,
 * a local redirect, or a refusal.
 *
 * <p>{@link dev.mtserver.domain.script.ScriptTarget} says which part of a request path names the
 * script and which part is extra path information ({@code /app.php/users/7}).
 *
 * <p>Nothing here starts a process, opens a socket or reads a file: the adapters in {@code
 * mtserver-dynamic-cgi} (php-cgi) and {@code mtserver-dynamic-fastcgi} (php-fpm) do that. What both
 * speak to the script, CGI/1.1's variables and header block, lives once in {@link
 * dev.mtserver.domain.script.gateway}.
 */
package dev.mtserver.domain.script;
