/**
 * The FastCGI adapter behind the domain's {@link dev.mtserver.domain.script.ScriptRunnerPort}: a
 * FastCGI/1.0 client in the responder role, written on the specification, that runs each script on
 * php-fpm over a bounded pool of kept-alive connections (a Unix socket or TCP).
 *
 * <p>Entry type: {@link dev.mtserver.dynamic.fastcgi.FastCgiScriptRunner}, configured by {@link
 * dev.mtserver.dynamic.fastcgi.FastCgiConfig} and {@link
 * dev.mtserver.dynamic.fastcgi.FastCgiAddress} ({@code unix:/PATH} or {@code HOST:PORT}). Inside,
 * from the wire up: {@link dev.mtserver.dynamic.fastcgi.Records}, {@link
 * dev.mtserver.dynamic.fastcgi.NameValuePairs} and {@link
 * dev.mtserver.dynamic.fastcgi.RequestPrelude} write records, {@link
 * dev.mtserver.dynamic.fastcgi.RecordReader} reads them as bytes arrive (all pure); {@link
 * dev.mtserver.dynamic.fastcgi.FastCgiConnection} is one socket, {@link
 * dev.mtserver.dynamic.fastcgi.ConnectionPool} keeps them; {@link
 * dev.mtserver.dynamic.fastcgi.FastCgiExchange} is one request on one connection (body out, answer
 * in, stderr to the log, deadline, abort), {@link dev.mtserver.dynamic.fastcgi.FastCgiOutput} the
 * answer's body as the domain's {@code ScriptOutput}, and {@link
 * dev.mtserver.dynamic.fastcgi.UnknownLengthBody} a chunked body whose length PHP needs before it
 * starts.
 *
 * <p>What a script is told and how its answer is read is the domain's {@link
 * dev.mtserver.domain.script.gateway}, shared with the CGI adapter. This package must not depend on
 * HTTP, the transport, storage, the app or the CGI adapter (ArchUnit), creates no threads, and
 * opens no listening socket: only connections to php-fpm (ADR 0030).
 */
package dev.mtserver.dynamic.fastcgi;
