/**
 * The HTTP/1.1 message codec (RFC 9112): request-head parsing within {@link
 * dev.mtserver.http.codec.HttpLimits}, body framing, and response writing.
 *
 * <p>Nothing here knows about the domain, sockets or threads: parsers read from an {@link
 * java.io.InputStream} through a bounded {@link dev.mtserver.http.codec.HttpInput} buffer and
 * report bad input as an {@link dev.mtserver.http.codec.HttpProtocolException} carrying the status
 * to answer with. Entry types: {@link dev.mtserver.http.codec.RequestHeadParser} and {@link
 * dev.mtserver.http.codec.ResponseHeadWriter}.
 */
package dev.mtserver.http.codec;
