/**
 * Test fixtures shared with other modules' tests through this module's test jar: {@link
 * dev.mtserver.storage.s3.testing.S3ProxyServer}, a real S3 server (S3Proxy) in the test's JVM. The
 * app's multi-instance tests start two servers on one of its buckets.
 */
package dev.mtserver.storage.s3.testing;
