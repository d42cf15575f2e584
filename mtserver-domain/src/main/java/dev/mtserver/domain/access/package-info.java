/**
 * Who may do what: the outbound {@link dev.mtserver.domain.access.CheckCredentialsPort} through
 * which the domain asks whether a user's password is right.
 *
 * <p>It lives in the domain because the policy that uses it — which requests need credentials, and
 * what happens after repeated failures — is the site's, not a protocol's or a file format's; the
 * port keeps that policy free of how passwords are stored. No decoding of {@code Authorization}
 * headers lives here (that is the HTTP codec's) and no hash format (that is the adapter's, such as
 * {@code mtserver-auth-htpasswd}).
 */
package dev.mtserver.domain.access;
