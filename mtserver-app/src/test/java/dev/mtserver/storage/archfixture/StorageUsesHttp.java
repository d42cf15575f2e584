package dev.mtserver.storage.archfixture;

import dev.mtserver.http.codec.HttpDates;
import java.time.Instant;

/** Deliberately bad: a storage adapter formatting HTTP dates. */
public class StorageUsesHttp {
  public String date() {
    return HttpDates.format(Instant.EPOCH);
  }
}
