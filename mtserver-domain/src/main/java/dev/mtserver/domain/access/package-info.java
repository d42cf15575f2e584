/**
 * Who may do what. {@link dev.mtserver.domain.access.AuthorizeRequestUseCase} (implemented by
 * {@link dev.mtserver.domain.access.AccessPolicyService}) decides, from a request's head alone,
 * whether it may go on ({@link dev.mtserver.domain.access.AccessDecision}): which requests need
 * credentials ({@link dev.mtserver.domain.access.AccessScope}), whether the ones sent are right
 * (through the outbound {@link dev.mtserver.domain.access.CheckCredentialsPort}), and when a client
 * has sent too many wrong ones ({@link dev.mtserver.domain.access.FailureThrottle}).
 *
 * <p>It lives in the domain because that policy is the site's, not a protocol's or a file format's;
 * the port keeps it free of how passwords are stored. No decoding of {@code Authorization} headers
 * lives here (that is the HTTP codec's), no status codes (the HTTP site's access guard maps each
 * decision to one) and no hash format (that is the adapter's, such as {@code
 * mtserver-auth-htpasswd}). ADR 0040.
 */
package dev.mtserver.domain.access;
