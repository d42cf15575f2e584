/**
 * The {@code multipart/form-data} decoder (RFC 7578 over RFC 2046): the boundary from the {@code
 * Content-Type} ({@link dev.mtserver.http.codec.multipart.MultipartBoundary}), then one part at a
 * time with bounded headers and a body that streams straight from the request ({@link
 * dev.mtserver.http.codec.multipart.MultipartReader}, {@link
 * dev.mtserver.http.codec.multipart.MultipartPart}), the {@code Content-Disposition} with {@code
 * filename*} ({@link dev.mtserver.http.codec.multipart.ContentDisposition}), within {@link
 * dev.mtserver.http.codec.multipart.MultipartLimits}.
 *
 * <p>Nothing here stores anything, knows the domain, or sanitises file names: the reader hands out
 * what the client sent. Entry type: {@link dev.mtserver.http.codec.multipart.MultipartReader}.
 */
package dev.mtserver.http.codec.multipart;
