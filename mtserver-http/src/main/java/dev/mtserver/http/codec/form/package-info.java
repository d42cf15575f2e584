/**
 * The {@code application/x-www-form-urlencoded} body decoder: streaming, strict (UTF-8, {@code +},
 * {@code %XX}; bad input is a 400), bounded by {@link dev.mtserver.http.codec.form.FormLimits}
 * (413) and, across the server, by the request-memory budget it reserves from as it reads (503). It
 * knows nothing of the domain or of what the fields are for.
 *
 * <p>Entry type: {@link dev.mtserver.http.codec.form.UrlEncodedFormDecoder}.
 */
package dev.mtserver.http.codec.form;
