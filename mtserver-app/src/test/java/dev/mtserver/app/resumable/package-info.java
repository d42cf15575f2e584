/**
 * Resumable (tus 1.0.0) uploads over real sockets: the protocol with the JDK's HTTP client against
 * an in-process server, tus-js-client under Node against the real jar killed and restarted, and the
 * starter site's upload page in Chromium.
 */
package dev.mtserver.app.resumable;
