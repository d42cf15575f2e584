/**
 * The HTTP/1.1 engine: what any site built on this server shares, and nothing a site decides.
 * {@link dev.mtserver.http.engine.Http1ConnectionHandler} runs the keep-alive loop on a connection
 * (wait for a request, parse its head, frame its body, call the {@link
 * dev.mtserver.http.engine.HttpHandler}, write the response); {@link
 * dev.mtserver.http.engine.HttpRequest}, {@link dev.mtserver.http.engine.HttpResponse} and {@link
 * dev.mtserver.http.engine.ResponseBody} are what a handler sees and returns.
 *
 * <p>Handlers never write to the connection themselves, so the loop alone decides framing, {@code
 * Connection}, {@code 100 Continue} and what happens to an unread body ({@code
 * docs/adr/0005-expect-continue-and-unread-bodies.md}). Inside the loop: {@code ExchangeBody} is
 * the body a handler reads (100-continue on first read, failures remembered), {@code
 * ResponseWriter} writes a response (head and small bodies in one write, larger regions by
 * positioned transfers, zero-copy where the store allows, streamed bodies chunked when their length
 * is unknown), {@link dev.mtserver.http.engine.ErrorResponses} makes the short error bodies. A
 * handler that must cap what it reads wraps the body in a {@link
 * dev.mtserver.http.engine.BoundedBody} ({@link dev.mtserver.http.engine.BodyTooLargeException}
 * past the cap): the one home of bounded bodies, for forms, uploads and scripts alike.
 *
 * <p>Each finished exchange is reported, as an immutable {@link
 * dev.mtserver.http.engine.CompletedExchange}, to the {@link
 * dev.mtserver.http.engine.ExchangeListener} given to the loop: the access log and the metrics
 * listen there, so nothing here logs or formats per request.
 *
 * <p>What must not live here (ArchUnit checks it, {@code docs/adr/0036}): anything of the site —
 * routing, handlers, use cases; of the domain the engine knows only {@link
 * dev.mtserver.domain.path.SitePath}, the path every layer shares. Parsing belongs to the codec,
 * sockets to the transport (behind {@link dev.mtserver.http.spi.ClientConnection}), and nothing
 * here logs per request on the hot path.
 */
package dev.mtserver.http.engine;
