/**
 * HTTP/1.1 for MTServer, in two halves (docs/adr/0036). The engine: {@code spi} is what a transport
 * sees; {@code codec} reads and writes HTTP/1.1 messages and knows nothing of the domain; {@code
 * target} turns a request-target into a {@code RequestTarget} whose path is the domain's {@link
 * dev.mtserver.domain.path.SitePath}; {@code memory} bounds request data in memory; {@code engine}
 * runs the keep-alive loop and defines the request, response and handler types. The site: {@code
 * site} and its sub-packages map requests to the domain's use cases, with the pure RFC 9110
 * functions of {@code conditional} and {@code negotiation}. The engine never depends on the site.
 */
package dev.mtserver.http;
