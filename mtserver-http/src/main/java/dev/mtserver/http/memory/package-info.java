/**
 * The server-wide budget for request data held in memory: grown request heads, decoded form fields,
 * multipart text fields and the multipart reader's buffer. Whatever buffers request bytes in memory
 * reserves them here first, through a per-connection or per-request {@link
 * dev.mtserver.http.memory.MemoryLease}; past the budget the request is answered {@code 503} with
 * {@code Retry-After}, so memory held by requests stays bounded whatever the number of connections.
 * See {@code docs/adr/0022-request-memory-and-fatal-errors.md}.
 */
package dev.mtserver.http.memory;
