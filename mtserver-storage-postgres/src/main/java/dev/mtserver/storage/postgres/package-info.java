/**
 * The PostgreSQL adapter for the domain's submission port: {@link
 * dev.mtserver.storage.postgres.PostgresSubmissionLog} implements {@link
 * dev.mtserver.domain.form.AppendSubmissionPort} with one committed row per form submission, so
 * that several server instances can share one record of what their users sent.
 *
 * <p>The app builds a {@link dev.mtserver.storage.postgres.PostgresConfig} from a JDBC URL and the
 * environment, opens the log (which connects and migrates the schema, or throws {@link
 * dev.mtserver.storage.postgres.PostgresStartupException}), and closes it at shutdown. Inside:
 * {@code SubmissionPool} sets up the HikariCP pool and the driver's timeouts, {@code
 * SchemaMigrations} applies the SQL files under {@code db/migration}, and {@code SqlFailures} turns
 * SQLSTATEs into the domain's {@link dev.mtserver.domain.store.StoreUnavailableException}.
 *
 * <p>Must not depend on HTTP, the transport, the app or another storage adapter (ArchUnit). Only
 * {@code mtserver-app} constructs these classes.
 */
package dev.mtserver.storage.postgres;
