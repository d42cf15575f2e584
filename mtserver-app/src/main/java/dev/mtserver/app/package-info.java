/**
 * The composition root: the only package that constructs adapters and wires them together.
 *
 * <p>{@link dev.mtserver.app.MtServer} builds the storage adapter, the domain services, the HTTP
 * engine and the socket transport from a {@link dev.mtserver.app.ServerSettings} and starts them;
 * {@link dev.mtserver.app.StarterSite} installs the bundled site into a new root; {@link
 * dev.mtserver.app.DirectoryLayout} refuses directories that would expose the data directory, and
 * {@link dev.mtserver.app.DescriptorBudget} says when the descriptor limit is too low. The command line
 * lives in {@code dev.mtserver.app.cli}; the access log, the metrics wiring and the other
 * operability pieces in {@code dev.mtserver.app.ops}.
 */
package dev.mtserver.app;
