/**
 * What every store behind an outbound port may report, whatever it is built on: failures that
 * mean something to a client ({@link dev.mtserver.domain.store.StoreUnavailableException}), so
 * that adapters never leak their own exception types (SQL, SDK, file system) into the handlers.
 */
package dev.mtserver.domain.store;
