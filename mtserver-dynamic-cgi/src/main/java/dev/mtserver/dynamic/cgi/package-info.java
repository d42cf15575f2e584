/**
 * The CGI/1.1 adapter (RFC 3875) behind the domain's {@link
 * dev.mtserver.domain.script.ScriptRunnerPort}: each request runs {@code php-cgi} as a child
 * process with an environment built from scratch.
 *
 * <p>Entry type: {@link dev.mtserver.dynamic.cgi.CgiScriptRunner}, configured by {@link
 * dev.mtserver.dynamic.cgi.CgiConfig}; {@link dev.mtserver.dynamic.cgi.Executables} finds {@code
 * php-cgi} on the {@code PATH}. Inside: {@link dev.mtserver.dynamic.cgi.CgiEnvironment} (the
 * domain's {@link dev.mtserver.domain.script.gateway.GatewayVariables} plus a fixed {@code PATH}),
 * {@link dev.mtserver.dynamic.cgi.BodySpool} (the request body, on disk before the script starts),
 * {@link dev.mtserver.dynamic.cgi.ScriptProcess} (deadline, kill of the whole process tree) and
 * {@link dev.mtserver.dynamic.cgi.StderrLog} (the script's stderr, bounded, into the log). The
 * script's header block is read by the domain's {@link
 * dev.mtserver.domain.script.gateway.ScriptHeadParser}, shared with the FastCGI adapter.
 *
 * <p>It must not depend on HTTP, the transport, storage, the app or the FastCGI adapter (ArchUnit).
 * It creates no threads: the one thread per script that drains stderr comes from the {@link
 * java.util.concurrent.ThreadFactory} the app hands it (ADR 0016, 0038).
 */
package dev.mtserver.dynamic.cgi;
