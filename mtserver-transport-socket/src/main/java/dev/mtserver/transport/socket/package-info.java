/**
 * The socket transport: MTServer's version of the classic pthread server.
 *
 * <p>{@link dev.mtserver.transport.socket.SocketServer} binds a {@code ServerSocketChannel} and
 * runs an accept loop on its own thread. Each accepted connection gets a permit from a {@link
 * java.util.concurrent.Semaphore} (which bounds and counts the workers, like the original's
 * {@code thread_count}) and one worker thread that owns it for its whole life. The worker wraps
 * the channel as a {@link dev.mtserver.http.spi.ClientConnection} ({@link
 * dev.mtserver.transport.socket.SocketConnection}) and hands it to the HTTP engine's {@link
 * dev.mtserver.http.spi.ConnectionHandler}. This package sees only the http SPI.
 */
package dev.mtserver.transport.socket;
