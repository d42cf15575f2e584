/**
 * The socket transport: MTServer's version of the classic pthread server.
 *
 * <p>The entry type is {@link dev.mtserver.transport.socket.SocketServer}: it binds a {@code
 * ServerSocketChannel} ({@code ListeningSocket}) and runs an accept loop on the thread {@code
 * mtserver-acceptor}. Before each {@code accept()} it asks {@code Admission} for a permit of a
 * {@link java.util.concurrent.Semaphore} that bounds and counts the workers (the original's {@code
 * thread_count}); when none frees up in time, the connection goes to {@code Refusal}: the engine's
 * overload path reads its one request and answers the health and metrics endpoints, and 503 to the
 * rest, then the connection closes with a lingering close. Each accepted connection is owned for
 * its whole life by one worker thread ({@code WorkerThreads}: pooled platform threads or virtual
 * threads), which wraps it as a {@link dev.mtserver.http.spi.ClientConnection} ({@code
 * SocketConnection}) and hands it to the HTTP engine's {@link
 * dev.mtserver.http.spi.ConnectionHandler}. With virtual threads (the default) the accept loop runs
 * on a worker that leads and serves what it accepts ({@code Leadership}, ADR 0050), and that waits
 * in the kernel while the process is quiet ({@code QuietWait}, ADR 0054), or, while it is busy,
 * parks and has the listener's watch thread wait there for it ({@code ListenerWatch}). Every read
 * and write carries a deadline that one thread, {@code DeadlineWatchdog}, enforces through the
 * connection's {@code ReadDeadline} and {@code WriteDeadline} state machines (a body's also bounded
 * by the minimum body rate, {@code BodyAllowance}); file bodies go to the socket with {@code
 * sendfile(2)} through {@code FileChannel.transferTo}, on platform threads corked ({@code TcpCork})
 * so that they leave in full-sized TCP segments (on virtual threads the cork measured slower, ADR
 * 0021). {@link dev.mtserver.transport.socket.SocketServer#shutdown()} drains gracefully (the
 * command line's shutdown hook runs it on SIGTERM and SIGINT).
 *
 * <p>This package sees only {@code dev.mtserver.http.spi} of the HTTP module, never the codec or
 * the domain; it is the one package allowed to create listening and client sockets. Its threads
 * come from the {@link dev.mtserver.threads.ThreadSource} the app hands to {@code SocketServer}.
 */
package dev.mtserver.transport.socket;
