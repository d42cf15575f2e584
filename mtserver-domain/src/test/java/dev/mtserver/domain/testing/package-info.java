/**
 * Test fixtures shared with other modules through the domain's {@code tests} jar: in-memory
 * implementations of the outbound ports ({@link InMemorySite}, {@link InMemoryUploadStore}, {@link
 * InMemorySubmissionLog}, {@link InMemoryResumableUploadStore}). Never used in production code.
 */
package dev.mtserver.domain.testing;
