package dev.mtserver.storage.s3;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the SDK throws into what the domain's ports promise, so no SDK type leaves this
 * module: a store that did not answer in time is {@link
 * StoreUnavailableException.Reason#TIMED_OUT}, one that could not be reached or answered with a
 * server error (5xx, {@code SlowDown}) is {@link StoreUnavailableException.Reason#UNREACHABLE}, a
 * full store is {@link StorageFullException}, and any other refusal (403, a missing bucket) a plain
 * {@link IOException}: a configuration fault that waiting will not cure. Messages name the store
 * and the operation for the log, never a secret.
 */
final class S3Failures {

  private final String store;

  /**
   * @param store names the store in messages, such as {@code http://127.0.0.1:9000 (us-east-1)
   *     bucket 'site'}
   */
  S3Failures(String store) {
    this.store = store;
  }

  /**
   * What {@code e}, thrown by {@code operation} (such as {@code "GET docs/a.html"}), means to the
   * domain.
   */
  IOException translate(String operation, SdkException e) {
    String message = store + ": " + operation + " failed: " + oneLine(e);
    if (e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || causedByTimeout(e)) {
      return new StoreUnavailableException(StoreUnavailableException.Reason.TIMED_OUT, message, e);
    }
    if (e instanceof S3Exception s3) {
      if (isStorageFull(s3)) {
        return new StorageFullException(message, e);
      }
      if (s3.statusCode() >= 500) {
        return new StoreUnavailableException(
            StoreUnavailableException.Reason.UNREACHABLE, message, e);
      }
      return new IOException(message, e);
    }
    if (e instanceof AbortedException && Thread.currentThread().isInterrupted()) {
      return new InterruptedIOException(message);
    }
    if (e instanceof SdkClientException) {
      return new StoreUnavailableException(
          StoreUnavailableException.Reason.UNREACHABLE, message, e);
    }
    return new IOException(message, e);
  }

  /** What an I/O failure while streaming an object's bytes means: a silent store has timed out. */
  IOException translateRead(String operation, IOException e) {
    if (e instanceof StoreUnavailableException) {
      return e;
    }
    String message = store + ": " + operation + " failed: " + oneLine(e);
    if (e instanceof InterruptedIOException) { // SocketTimeoutException among them
      return new StoreUnavailableException(StoreUnavailableException.Reason.TIMED_OUT, message, e);
    }
    return new StoreUnavailableException(StoreUnavailableException.Reason.UNREACHABLE, message, e);
  }

  String store() {
    return store;
  }

  static boolean isStatus(SdkException e, int status) {
    return e instanceof S3Exception s3 && s3.statusCode() == status;
  }

  private static boolean isStorageFull(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 507
        || "XMinioStorageFull".equals(code)
        || "QuotaExceeded".equals(code);
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause
          instanceof InterruptedIOException) { // SocketTimeoutException, a pool wait that timed out
        return true;
      }
    }
    return false;
  }

  /**
   * The first line of the SDK's message (an S3 message may hold the request id on a second one).
   */
  static String oneLine(Throwable e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
