/**
 * HTTP/1.1 for MTServer. {@code spi} is what a transport sees; {@code codec} reads and writes
 * HTTP/1.1 messages and knows nothing of the domain; {@code target} turns a request-target into
 * the domain's {@link dev.mtserver.domain.path.SitePath}; {@code server} runs the keep-alive loop
 * and maps requests to the domain's use cases.
 */
package dev.mtserver.http;
