package dev.mtserver.storage.archfixture;

/** Deliberately bad: a thread created outside the transport. */
public class StorageStartsAThread {
  public void run() {
    Thread.ofVirtual().start(() -> {});
  }
}
