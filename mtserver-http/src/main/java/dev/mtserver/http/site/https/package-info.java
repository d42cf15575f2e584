/**
 * What a site does because it is served over HTTPS, without knowing how the bytes were encrypted
 * (that is the transport's, ADR 0039): {@link dev.mtserver.http.site.https.StrictTransportSecurity}
 * adds {@code Strict-Transport-Security} to the HTTPS listener's responses, and {@link
 * dev.mtserver.http.site.https.HttpsRedirect} is the whole site of the plain listener that sends
 * clients to HTTPS.
 */
package dev.mtserver.http.site.https;
