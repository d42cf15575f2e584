/**
 * End-to-end tests of the socket transport with the real HTTP engine behind it, in process ({@link
 * dev.mtserver.app.MtServer}) or as the real jar ({@link dev.mtserver.app.testing.RunningJar}):
 * keep-alive and pipelining, slow clients, idle close, fd exhaustion, SIGTERM.
 */
package dev.mtserver.app.transport;
