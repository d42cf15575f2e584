package dev.mtserver.dynamic.archfixture;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Deliberately bad: an adapter making a pool whose threads come from nowhere the app decides. */
public class DynamicMakesAThreadPool {
  public ExecutorService pool() {
    return Executors.newFixedThreadPool(2);
  }
}
