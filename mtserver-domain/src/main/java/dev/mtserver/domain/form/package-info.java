/**
 * Form submissions: what a POSTed form is ({@link dev.mtserver.domain.form.FormSubmission}: time,
 * page, client, ordered fields), how it is kept ({@link
 * dev.mtserver.domain.form.RecordSubmissionUseCase}, implemented by {@link
 * dev.mtserver.domain.form.SubmissionService}) and the durable append-only log behind it ({@link
 * dev.mtserver.domain.form.AppendSubmissionPort}).
 *
 * <p>No decoding lives here (that is the HTTP layer's job) and no file format (that is the storage
 * adapter's). Entry type: {@link dev.mtserver.domain.form.RecordSubmissionUseCase}.
 */
package dev.mtserver.domain.form;
