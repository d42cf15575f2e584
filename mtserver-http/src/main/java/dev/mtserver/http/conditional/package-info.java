/**
 * Conditional and range requests (RFC 9110 §13 and §14) as small pure functions, modelled on Go's
 * {@code net/http} {@code fs.go}: one function per precondition field ({@code If-Match}, {@code
 * If-Unmodified-Since}, {@code If-None-Match}, {@code If-Modified-Since}, {@code If-Range}), the
 * §13.2.2 evaluation order, and {@code Range} parsing with the multipart policy.
 *
 * <p>Entry types: {@link dev.mtserver.http.conditional.Preconditions} and {@link
 * dev.mtserver.http.conditional.ByteRanges}. Inputs are field values and validators, outputs are
 * decisions; nothing here does I/O, keeps state or builds responses — {@code
 * dev.mtserver.http.site.content.StaticContentHandler} does that.
 */
package dev.mtserver.http.conditional;
