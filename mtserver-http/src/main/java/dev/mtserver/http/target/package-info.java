/**
 * Request-target handling: from the raw target of a request line to a {@link
 * dev.mtserver.http.target.RequestTarget} — its form, the raw path and query, an absolute-form
 * target's authority, and its path as a {@link dev.mtserver.domain.path.SitePath} the domain can
 * trust.
 *
 * <p>Entry type: {@link dev.mtserver.http.target.RequestTargetParser}, which checks the target's
 * form, percent-decodes the path exactly once as strict UTF-8, refuses {@code %2F}, {@code %00} and
 * paths that climb above the root, and resolves dot-segments. {@link
 * dev.mtserver.http.target.HostHeader} checks the {@code Host} field the same way. Everything here
 * is a pure function of strings: no I/O, no state. It must not know about connections or handlers,
 * and the file system's own containment check stays in the storage adapter (defence in depth: a
 * {@code SitePath} is safe by construction, the storage checks again).
 */
package dev.mtserver.http.target;
