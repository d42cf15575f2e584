/**
 * What every store behind an outbound port may report, whatever it is built on, as the domain's own
 * exceptions: an entry that vanished since it was looked up ({@link
 * dev.mtserver.domain.store.GoneException}), one the store will not let the server read ({@link
 * dev.mtserver.domain.store.AccessRefusedException}), and a store that cannot answer now ({@link
 * dev.mtserver.domain.store.StoreUnavailableException}). Adapters translate their own exception
 * types (file system, SQL, SDK) into these, so handlers map only the domain's exceptions to
 * statuses and never learn which store stands behind a port. A store that runs out of room reports
 * {@link dev.mtserver.domain.upload.StorageFullException}; any other failure is a plain {@link
 * java.io.IOException}, answered 500.
 */
package dev.mtserver.domain.store;
