/**
 * Where threads come from. {@link dev.mtserver.threads.ThreadSource} makes every thread MTServer's
 * own code starts, named for its job and with the process's policy for what escapes it; the
 * composition root makes one and hands it, or {@link java.util.concurrent.ThreadFactory}s taken
 * from it, to each module that needs threads (ADR 0038). {@link dev.mtserver.threads.PeriodicCheck}
 * is the polling loop two adapters share (the TLS certificate reloader and the htpasswd watcher).
 *
 * <p>What must not live here: anything that decides how many threads a module uses or what they do;
 * that stays with the module (the transport's permits, the CGI runner's limits). This package
 * depends on the JDK and SLF4J only, so every module may use it.
 */
package dev.mtserver.threads;
