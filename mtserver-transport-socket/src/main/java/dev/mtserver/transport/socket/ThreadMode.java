package dev.mtserver.transport.socket;

/** What kind of thread runs each connection. */
public enum ThreadMode {
  /** One operating-system thread per connection, as the original pthread server did. */
  PLATFORM,
  /** One virtual thread per connection: cheap to park, so many idle connections cost little. */
  VIRTUAL
}
