/**
 * Operability: what an operator watches and turns, apart from what clients are served.
 *
 * <p>{@link dev.mtserver.app.ops.AccessLog} is the access-log pipeline (an exchange listener in
 * front of a lossless queue whose one thread is never woken per line, {@code QueuedAccessLog};
 * {@link dev.mtserver.app.ops.AccessLogFormat} formats a line on that thread; {@code
 * AccessLogWriter} writes and follows log rotation). {@link
 * dev.mtserver.app.ops.OperationsSettings} carries the flags (access log, {@code /healthz}, {@code
 * /metrics}, drain delay); {@link dev.mtserver.app.ops.LogLevel} sets the application log's level.
 * The metered decorators ({@link dev.mtserver.app.ops.MeteredUploads}, {@link
 * dev.mtserver.app.ops.MeteredSubmissions}, {@link dev.mtserver.app.ops.CountedUploadRefusals}) and
 * {@link dev.mtserver.app.ops.TransportStatsSource} feed the HTTP module's metrics page.
 *
 * <p>Wired by {@link dev.mtserver.app.MtServer}; nothing here constructs an adapter, opens a socket
 * or creates a thread of its own (the access log's one thread comes from the {@code ThreadSource}
 * it is given). It must not depend on {@code dev.mtserver.app} itself (no cycle).
 */
package dev.mtserver.app.ops;
