/**
 * A real PostgreSQL for tests: {@link dev.mtserver.storage.postgres.testing.TemporaryPostgres}
 * starts a throw-away cluster of the machine's own PostgreSQL installation in a temporary directory
 * and hands out fresh databases on it. Shipped in this module's test jar so that the app's
 * integration tests can start the same database.
 */
package dev.mtserver.storage.postgres.testing;
