package dev.mtserver.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.training.TrainingSite;
import dev.mtserver.app.training.TrainingWorkload;
import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The training run of {@code bin/mtserver}'s start-up cache: {@code java -XX:AOTCacheOutput=FILE
 * -cp mtserver.jar dev.mtserver.app.cli.TrainingRun}. It starts the server as {@link Main} does,
 * with the default settings, on a free loopback port and a site in a temporary directory ({@link
 * TrainingSite}), makes the training requests ({@link TrainingWorkload}), stops the server, removes
 * the site and ends; the JVM then writes the cache, holding the classes the run loaded and the
 * profiles the JIT gathered.
 *
 * <p>Why a run of its own: the cache used to be recorded by the first real run, which in a
 * benchmark or a health-checked deployment has served one request when it is stopped, so the cache
 * held the start and little of the request path, and the first requests of every new shape ran in
 * the interpreter (docs/benchmarks.md, seventeenth session). The training run costs the first start
 * of a build a few seconds, once.
 *
 * <p>It prints one line, the requests made and how long they took, and exits 0; if the server does
 * not start or answers a request otherwise than expected, it says so on {@code stderr} and exits 1,
 * and {@code bin/mtserver} lets the server it starts record the cache, as before.
 */
public final class TrainingRun {

  private TrainingRun() {}

  public static void main(String[] args) {
    ThreadSource threads = Main.prepareProcess();
    int status =
        train(
            threads,
            new PrintWriter(System.out, true, UTF_8),
            new PrintWriter(System.err, true, UTF_8));
    System.exit(status);
  }

  /**
   * Starts a server, trains it and stops it.
   *
   * @return 0, or 1 if the server did not start, a request failed, or a response was unexpected
   */
  static int train(ThreadSource threads, PrintWriter out, PrintWriter err) {
    long began = System.nanoTime();
    try (TrainingSite site = TrainingSite.create()) {
      Optional<MtServer> server = start(site, err);
      if (server.isEmpty()) {
        err.println("mtserver training: the server did not start");
        return 1;
      }
      TrainingWorkload.Result result;
      try {
        InetSocketAddress address = server.get().address();
        result = TrainingWorkload.run(address, site, threads);
      } finally {
        var unused = server.get().shutdown(); // before the site goes: it flushes the access log
      }
      if (result.unexpected().isPresent()) {
        err.println("mtserver training: " + result.unexpected().get());
        return 1;
      }
      out.println(
          "mtserver training: "
              + result.requests()
              + " requests in "
              + (System.nanoTime() - began) / 1_000_000
              + " ms");
      return 0;
    } catch (IOException e) {
      err.println("mtserver training: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("mtserver training: interrupted");
      return 1;
    }
  }

  /** The server, started through the command line as the program starts it; its banner dropped. */
  private static Optional<MtServer> start(TrainingSite site, PrintWriter err) {
    String[] args = {
      "--bind", "127.0.0.1",
      "--port", "0",
      "--root", site.root().toString(),
      "--data", site.data().toString(),
      "--access-log", site.accessLog().toString()
    };
    PrintWriter discarded = new PrintWriter(Writer.nullWriter());
    MtServerCommand command = new MtServerCommand(discarded, err, Map.of());
    CommandLine commandLine;
    try {
      commandLine = Main.commandLine(command, args, Map.of(), discarded, err);
    } catch (LayeredDefaults.ConfigurationException e) {
      err.println("mtserver training: " + e.getMessage());
      return Optional.empty();
    }
    if (commandLine.execute(args) != MtServerCommand.KEEP_RUNNING) {
      return Optional.empty();
    }
    return command.server();
  }
}
