/**
 * MTServer's domain: what a small web site does, in plain Java.
 *
 * <p>Sub-packages hold one capability each, with its inbound ports (interfaces ending in {@code
 * UseCase}), its outbound ports (ending in {@code Port}) and the services that implement the use
 * cases. Nothing here knows about HTTP, sockets, threads or the file system: the only dependencies
 * are the JDK (without {@code java.net}, {@code java.nio.file}, {@code java.io.File} or {@code
 * ProcessBuilder}) and Guava. ArchUnit rules in {@code mtserver-app} keep it that way.
 */
package dev.mtserver.domain;
