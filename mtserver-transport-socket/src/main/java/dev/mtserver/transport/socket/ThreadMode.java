package dev.mtserver.transport.socket;

/**
 * What kind of thread runs each connection. Either way one thread owns one connection for its whole
 * life and makes blocking calls; only the scheduling differs (docs/adr/0045).
 */
public enum ThreadMode {
  /**
   * One operating-system thread per connection, as the original pthread server did: each request
   * costs the kernel a context switch or so, and {@code --max-connections} is the thread ceiling.
   * The choice for a machine crowded by other busy processes, where the kernel's per-thread share
   * of the CPU favours many OS threads over two carriers (ADR 0045).
   */
  PLATFORM(1024),
  /**
   * One virtual thread per connection: the JVM parks a blocked read on its own poller, so many
   * requests run without an OS context switch each, and an idle connection costs a few KiB instead
   * of an OS thread — room for more connections by default.
   */
  VIRTUAL(4096);

  /**
   * The mode when none is chosen: virtual threads, which serve small files with a fifth of the
   * context switches per request and hold thousands of idle connections (ADR 0051). The slow-client
   * check that once kept platform threads the default stalled because of its own client threads
   * sharing the server's carriers, not because of the server (ADR 0051).
   */
  public static final ThreadMode DEFAULT = VIRTUAL;

  private final int defaultMaxConnections;

  ThreadMode(int defaultMaxConnections) {
    this.defaultMaxConnections = defaultMaxConnections;
  }

  /**
   * The default of {@code --max-connections} in this mode: 1024 OS threads at most (as before), or
   * 4096 virtual ones — enough that 2,000 idle keep-alive connections and a busy client fit without
   * idle ones being closed to make room, as nginx's 768 to 8192 per worker allow.
   */
  public int defaultMaxConnections() {
    return defaultMaxConnections;
  }
}
