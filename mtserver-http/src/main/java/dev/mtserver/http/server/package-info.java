/**
 * The HTTP server proper: {@link dev.mtserver.http.server.Http1ConnectionHandler} runs the
 * keep-alive loop on a connection (read a head, frame the body, call a handler, write the
 * response), and the handlers map requests to the domain's use cases.
 *
 * <p>Handlers see {@link dev.mtserver.http.server.HttpRequest} and return {@link
 * dev.mtserver.http.server.HttpResponse}; they never write to the connection themselves, so the
 * loop alone decides framing, {@code Connection} and what happens to an unread body. {@link
 * dev.mtserver.http.server.SiteRouter} dispatches by method; {@link
 * dev.mtserver.http.server.StaticContentHandler} answers GET and HEAD for files, using the pure
 * functions of {@code dev.mtserver.http.conditional} and {@code dev.mtserver.http.negotiation},
 * and describes bodies as zero-copy regions (a multipart/byteranges body included).
 */
package dev.mtserver.http.server;
