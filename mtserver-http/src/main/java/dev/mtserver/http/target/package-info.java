/**
 * From request-target to {@link dev.mtserver.domain.path.SitePath}: the one place where a URL
 * path is percent-decoded (exactly once), checked for UTF-8, and normalised.
 *
 * <p>Entry type: {@link dev.mtserver.http.target.RequestTargetParser}.
 */
package dev.mtserver.http.target;
