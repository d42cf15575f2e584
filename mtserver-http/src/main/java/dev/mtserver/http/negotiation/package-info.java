/**
 * Content negotiation (RFC 9110 §12) as pure functions over request fields: which of the
 * representations the server could send a client accepts.
 *
 * <p>Entry types: {@link dev.mtserver.http.negotiation.AcceptEncoding}, which picks among the
 * precompressed siblings of a static file (or gzip on the fly), and {@link
 * dev.mtserver.http.negotiation.AcceptHeader}, which chooses JSON or HTML. No I/O and no state; the
 * handlers in {@code dev.mtserver.http.site.content} call it.
 */
package dev.mtserver.http.negotiation;
