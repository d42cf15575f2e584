/**
 * Credentials in request fields: {@link dev.mtserver.http.codec.auth.BasicCredentials} decodes the
 * {@code Basic} scheme of an {@code Authorization} value (RFC 7617, UTF-8) into a user and a
 * password, another scheme, or a reason it is malformed.
 *
 * <p>Pure decoding, like the rest of the codec: which requests need credentials and how they are
 * checked belong to the domain ({@code dev.mtserver.domain.access}) and its adapters; the challenge
 * ({@code WWW-Authenticate}) is written by the handler that refuses.
 */
package dev.mtserver.http.codec.auth;
