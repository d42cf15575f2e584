/**
 * The small service-provider interface between a transport and the HTTP engine.
 *
 * <p>A transport accepts connections and hands each one, as a {@link
 * dev.mtserver.http.spi.ClientConnection}, to a {@link dev.mtserver.http.spi.ConnectionHandler} on
 * the worker thread that owns it. This package is the only part of {@code mtserver-http} a
 * transport may see, so swapping the socket transport for another one means implementing these few
 * types and nothing else. It must not depend on the rest of the HTTP module or the domain.
 */
package dev.mtserver.http.spi;
