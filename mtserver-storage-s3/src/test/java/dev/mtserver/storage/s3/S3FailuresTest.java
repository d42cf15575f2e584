package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {

  private final S3Failures failures =
      new S3Failures("object store http://store:9000 (us-east-1), s3://site/");

  @Test
  void timeouts_are_timed_out_and_refusals_or_server_errors_unreachable() {
    assertReason(
        failures.translate("GET a", ApiCallTimeoutException.create(1000)), Reason.TIMED_OUT);
    assertReason(
        failures.translate(
            "GET a",
            SdkClientException.create("read", new SocketTimeoutException("Read timed out"))),
        Reason.TIMED_OUT);
    assertReason(
        failures.translate(
            "GET a",
            SdkClientException.create("connect", new ConnectException("Connection refused"))),
        Reason.UNREACHABLE);
    assertReason(failures.translate("GET a", s3(503, "SlowDown")), Reason.UNREACHABLE);
    assertReason(failures.translate("GET a", s3(500, "InternalError")), Reason.UNREACHABLE);
  }

  @Test
  void a_refusal_is_a_plain_failure_and_a_full_store_is_storage_full() {
    IOException denied = failures.translate("PUT a", s3(403, "AccessDenied"));
    assertThat(denied)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith(
            "object store http://store:9000 (us-east-1), s3://site/: PUT a failed: ");
    assertThat(failures.translate("PUT a", s3(507, "XMinioStorageFull")))
        .isInstanceOf(StorageFullException.class);
  }

  @Test
  void a_silent_body_read_is_timed_out() {
    assertReason(
        failures.translateRead("GET a", new SocketTimeoutException("Read timed out")),
        Reason.TIMED_OUT);
    assertReason(
        failures.translateRead("GET a", new IOException("Connection reset")), Reason.UNREACHABLE);
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .message(code)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
            .build();
  }

  private static void assertReason(IOException e, Reason reason) {
    assertThat(e)
        .isInstanceOfSatisfying(
            StoreUnavailableException.class, u -> assertThat(u.reason()).isEqualTo(reason));
  }
}
