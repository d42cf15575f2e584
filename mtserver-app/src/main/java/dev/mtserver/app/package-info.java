/**
 * The composition root: the only package that chooses adapters, constructs them and wires them
 * together.
 *
 * <p>{@link dev.mtserver.app.ServerAssembly} is the one wiring step, in the order it reads:
 * directories, operations, storage and dynamic content, the site (the domain's use cases on the
 * ports, the HTTP handlers on the use cases), the HTTP engine, the transport. {@link
 * dev.mtserver.app.Adapters} is the one place where an adapter is chosen and built for each port (a
 * new adapter is a case there, docs/adr/0036); {@link dev.mtserver.app.MtServer} is the running
 * server and its graceful stop. {@link dev.mtserver.app.ServerSettings} holds what the command line
 * decided, grouped by the module that enforces each part. {@link dev.mtserver.app.StarterSite}
 * installs the bundled site into a new root; {@link dev.mtserver.app.DirectoryLayout} refuses
 * directories that would expose the data directory, and {@link dev.mtserver.app.DescriptorBudget}
 * says when the descriptor limit is too low. The command line lives in {@code
 * dev.mtserver.app.cli}; the access log, the metrics wiring and the other operability pieces in
 * {@code dev.mtserver.app.ops}.
 */
package dev.mtserver.app;
