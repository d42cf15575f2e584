/**
 * The HTTP server proper: {@link dev.mtserver.http.server.Http1ConnectionHandler} runs the
 * keep-alive loop on a connection (wait for a request, parse its head, frame its body, call a
 * handler, write the response), and the handlers map requests to the domain's use cases.
 *
 * <p>Handlers see {@link dev.mtserver.http.server.HttpRequest} and return {@link
 * dev.mtserver.http.server.HttpResponse}; they never write to the connection themselves, so the
 * loop alone decides framing, {@code Connection}, {@code 100 Continue} and what happens to an
 * unread body ({@code docs/adr/0005-expect-continue-and-unread-bodies.md}). Inside the loop:
 * {@code ExchangeBody} is the body a handler reads (100-continue on first read, failures
 * remembered), {@code ResponseWriter} writes a response (head and small bodies in one write,
 * large files zero-copy, streamed bodies chunked), {@link dev.mtserver.http.server.ErrorResponses}
 * makes the short error bodies.
 *
 * <p>Each finished exchange is reported, as an immutable {@link
 * dev.mtserver.http.server.CompletedExchange}, to the {@link
 * dev.mtserver.http.server.ExchangeListener} given to the loop: the access log and the metrics
 * listen there, so nothing here logs or formats per request.
 *
 * <p>What must not live here: parsing (that is the codec), socket handling (the transport, behind
 * {@link dev.mtserver.http.spi.ClientConnection}), or logging per request on the hot path.
 *
 * <p>{@link
 * dev.mtserver.http.server.SiteRouter} dispatches by method and body type; {@link
 * dev.mtserver.http.server.StaticContentHandler} answers GET and HEAD for files, using the pure
 * functions of {@code dev.mtserver.http.conditional} and {@code dev.mtserver.http.negotiation},
 * and describes bodies as zero-copy regions (a multipart/byteranges body included); what the
 * domain marks as an upload it hands out as data ({@code UploadedContent}). Form and
 * upload handlers live in {@code dev.mtserver.http.server.forms}; {@code /healthz} and {@code
 * /metrics} in {@code dev.mtserver.http.server.admin}; {@link dev.mtserver.http.server.ShedLoad}
 * answers, behind them, the connections a transport sheds because every worker is busy.
 */
package dev.mtserver.http.server;
