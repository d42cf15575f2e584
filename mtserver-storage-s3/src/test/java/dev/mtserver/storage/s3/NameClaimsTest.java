package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The claim's clock rules; the protocol itself runs against S3Proxy in {@code S3UploadStoreIT}. */
class NameClaimsTest {

  private static final Duration STALE = Duration.ofHours(8);
  private final NameClaims claims =
      new NameClaims(
          null,
          new S3Location("site", "up/"),
          new S3Failures("object store test, s3://site/up/"),
          STALE);

  @Test
  void a_claim_is_refreshed_after_a_quarter_of_the_stale_age() {
    long now = System.nanoTime();

    assertThat(claims.needsRefresh(claimedAgo(now, Duration.ofHours(1)))).isFalse();
    assertThat(claims.needsRefresh(claimedAgo(now, Duration.ofHours(3)))).isTrue();
  }

  @Test
  void a_claim_that_may_have_looked_stale_to_others_is_never_used() throws IOException {
    long now = System.nanoTime();

    claims.requireUsable(claimedAgo(now, Duration.ofHours(6)), now);
    assertThatThrownBy(() -> claims.requireUsable(claimedAgo(now, Duration.ofHours(7)), now))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "object store test, s3://site/up/: the claim on 'a.txt' went unrefreshed for most of"
                + " the stale age; another upload may have taken the name");
  }

  private static NameClaims.Claim claimedAgo(long now, Duration ago) {
    return new NameClaims.Claim(
        "a.txt", "up/a.txt", "up/.mtserver-claims/a.txt/00", now - ago.toNanos());
  }
}
