/**
 * The text grammar MTServer's parsers share, written once: RFC 9110 tokens and whitespace ({@link
 * dev.mtserver.grammar.Tokens}), field lines ({@link dev.mtserver.grammar.FieldLine}: the request
 * head, chunk trailers, multipart part headers and a script's CGI head all split their lines with
 * it), percent-decoding ({@link dev.mtserver.grammar.PercentDecoder}: request paths, form bodies,
 * RFC 8187 values) and strict UTF-8 ({@link dev.mtserver.grammar.StrictUtf8}).
 *
 * <p>It is the codec's grammar, kept in a module of its own so that the domain's CGI head parser,
 * which both script adapters share and which may not see the HTTP module, uses the same rules (ADR
 * 0037). Pure functions and tiny state machines over bytes and strings: no I/O, no exceptions that
 * quote input, no knowledge of requests, statuses or the domain; each caller decides what a refusal
 * means. It depends on the JDK and Guava only.
 */
package dev.mtserver.grammar;
