package dev.mtserver.app;

import com.google.common.base.Ticker;
import dev.mtserver.http.site.admin.StoreHealth;
import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link StoreHealth} over the remote stores' probes: each store is asked on a thread of its own,
 * at most {@link #BOUND} is waited for all of them together (a store that has not answered by then
 * is reported as not answering), and an answer is reused for {@link #FRESH}, so that a load
 * balancer polling every instance often costs the stores at most one request each per second. A
 * probe that hangs is never started twice: until it returns, later checks report it as not
 * answering without asking again, so a dead store cannot pile up threads.
 */
final class StoreChecks implements StoreHealth, AutoCloseable {

  /** The longest {@code /healthz} waits for the stores. */
  static final Duration BOUND = Duration.ofSeconds(2);

  /** How long one round of answers is reused. */
  static final Duration FRESH = Duration.ofSeconds(1);

  private final List<StoreProbe> probes;
  private final ExecutorService threads;
  private final Ticker ticker;
  private Round current; // guarded by this

  StoreChecks(List<StoreProbe> probes, ThreadSource threads) {
    this(probes, threads, Ticker.systemTicker());
  }

  StoreChecks(List<StoreProbe> probes, ThreadSource threads, Ticker ticker) {
    this.probes = List.copyOf(probes);
    this.threads = Executors.newCachedThreadPool(threads.daemonThreads("mtserver-health"));
    this.ticker = ticker;
  }

  @Override
  public List<Status> check() {
    if (probes.isEmpty()) {
      return List.of();
    }
    Round round;
    synchronized (this) {
      long now = ticker.read();
      if (current == null || (current.done() && now - current.started > FRESH.toNanos())) {
        current = new Round(now, probes.stream().map(p -> threads.submit(() -> send(p))).toList());
      }
      round = current;
    }
    return round.await(ticker);
  }

  private static Void send(StoreProbe probe) throws java.io.IOException {
    probe.request().send();
    return null;
  }

  /** One asking of every store: started together, awaited within one bound. */
  private final class Round {
    final long started;
    final List<Future<Void>> answers;

    Round(long started, List<Future<Void>> answers) {
      this.started = started;
      this.answers = answers;
    }

    boolean done() {
      return answers.stream().allMatch(Future::isDone);
    }

    List<Status> await(Ticker ticker) {
      List<Status> statuses = new ArrayList<>(answers.size());
      for (int i = 0; i < answers.size(); i++) {
        String store = probes.get(i).store();
        long left = started + BOUND.toNanos() - ticker.read();
        try {
          answers.get(i).get(Math.max(0, left), TimeUnit.NANOSECONDS);
          statuses.add(new Status(store, true, "reachable"));
        } catch (TimeoutException e) {
          statuses.add(
              new Status(store, false, "no answer within " + BOUND.toMillis() / 1000.0 + " s"));
        } catch (ExecutionException e) {
          statuses.add(new Status(store, false, oneLine(e.getCause())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          statuses.add(new Status(store, false, "interrupted"));
        }
      }
      return statuses;
    }
  }

  private static String oneLine(Throwable failure) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
