package dev.mtserver.storage.archfixture;

/** Deliberately bad: a thread that does not come from the thread source. */
public class StorageStartsAThread {
  public void run() {
    Thread.ofVirtual().start(() -> {});
  }
}
