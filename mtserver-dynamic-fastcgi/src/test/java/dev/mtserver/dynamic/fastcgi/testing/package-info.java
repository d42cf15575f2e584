/**
 * A real php-fpm for tests: {@link dev.mtserver.dynamic.fastcgi.testing.PhpFpm} starts one in a
 * temporary directory with its own pool and socket, and reads which connections its workers hold.
 * Shipped in this module's test jar so that the app's integration tests start the same php-fpm.
 */
package dev.mtserver.dynamic.fastcgi.testing;
