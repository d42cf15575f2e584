package dev.mtserver.http.archfixture;

import dev.mtserver.threads.ThreadSource;
import java.util.concurrent.ThreadFactory;

/**
 * Deliberately bad: the HTTP engine runs on the threads it is called on; it never asks for more.
 */
public class HttpAsksForThreads {
  public ThreadFactory helpers(ThreadSource threads) {
    return threads.daemonThreads("engine-helper");
  }
}
