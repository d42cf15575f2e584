/**
 * The HTTP/1.1 message codec (RFC 9112): request heads, body framing and body decoding, response
 * heads.
 *
 * <p>Entry types: {@link dev.mtserver.http.codec.RequestHeadParser} (request line and fields, byte
 * by byte, within {@link dev.mtserver.http.codec.HttpLimits}), {@link
 * dev.mtserver.http.codec.BodyFraming} (RFC 9112 §6, strict: see {@code
 * docs/adr/0004-message-framing.md}), {@link dev.mtserver.http.codec.BodyDecoder} with {@link
 * dev.mtserver.http.codec.FixedLengthBodyStream} and {@link
 * dev.mtserver.http.codec.ChunkedBodyStream}, and {@link
 * dev.mtserver.http.codec.ResponseHeadWriter}. Everything reads through one bounded {@link
 * dev.mtserver.http.codec.HttpInput} buffer per connection; lines end with CRLF only ({@code
 * docs/adr/0003-strict-crlf.md}).
 *
 * <p>The text rules every parser here applies — tokens, field lines ({@code split} for the head,
 * byte by byte for trailers), which bytes a line may hold, percent-decoding and strict UTF-8 — are
 * not written here but taken from the grammar module, {@code dev.mtserver.grammar} (ADR 0037),
 * which the domain's CGI head parser shares.
 *
 * <p>Bad input is reported as an {@link dev.mtserver.http.codec.HttpProtocolException} (in the
 * head) or a {@link dev.mtserver.http.codec.MalformedBodyException} (in a body), each carrying the
 * status to answer with and a fixed reason that never echoes client bytes; a body that ends early
 * is an {@link dev.mtserver.http.codec.IncompleteBodyException}. Parsed header fields are a lazily
 * materialised view of the parser's reusable bytes ({@link dev.mtserver.http.codec.HttpFields}).
 *
 * <p>Its public surface for the site's handlers (ADR 0036, checked by ArchUnit) is small: the field
 * and value types ({@link dev.mtserver.http.codec.HttpFields}, {@link
 * dev.mtserver.http.codec.HttpVersion}, {@link dev.mtserver.http.codec.HttpDates}, {@link
 * dev.mtserver.http.codec.StatusCodes}), the failures a handler may see or throw ({@link
 * dev.mtserver.http.codec.HttpProtocolException}, {@link
 * dev.mtserver.http.codec.MalformedBodyException}, {@link
 * dev.mtserver.http.codec.IncompleteBodyException}), and the body-format sub-packages. The parser,
 * the framing, the body decoders, the input buffer and the response head writer are the engine's:
 * public only because the engine lives in another package.
 *
 * <p>What must not live here: anything that knows the domain, sockets, threads, handlers or
 * request-target semantics (that is {@code dev.mtserver.http.target}). The form and multipart
 * decoders live in the sub-packages {@code codec.form} and {@code codec.multipart}.
 */
package dev.mtserver.http.codec;
