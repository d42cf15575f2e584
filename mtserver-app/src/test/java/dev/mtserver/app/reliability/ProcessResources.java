package dev.mtserver.app.reliability;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What this JVM holds that a server could leak, read the way an operator would: file descriptors
 * from {@code /proc/self/fd}, threads from {@code /proc/self/task}, and — because virtual threads
 * have no task of their own — the JVM's thread dump, which lists every platform and virtual thread
 * with its stack.
 *
 * @param sockets open sockets (listening, accepted and client sockets alike)
 * @param files open files under the directory a test looks after
 * @param serverThreads OS threads named {@code mtserver-*}, other than pooled workers
 * @param busyWorkers workers that are inside a connection (their stack holds server code); a pooled
 *     platform worker waiting for its next connection is idle and not counted
 */
record ProcessResources(
    int sockets, List<String> files, List<String> serverThreads, List<String> busyWorkers) {

  private static final String WORKER = "mtserver-worker";
  private static final JsonFactory JSON = new JsonFactory();

  /** Reads everything now; {@code scratch} is a directory for the thread dump. */
  static ProcessResources now(Path watched, Path scratch) {
    int sockets = 0;
    List<String> files = new ArrayList<>();
    for (String target : openFileTargets()) {
      if (target.startsWith("socket:")) {
        sockets++;
      } else if (target.startsWith(watched.toString())) {
        files.add(target);
      }
    }
    return new ProcessResources(
        sockets, List.copyOf(files), readServerThreads(), readBusyWorkers(scratch));
  }

  /** The same server resources as {@code baseline}: nothing leaked, nothing stuck. */
  boolean sameAs(ProcessResources baseline) {
    return sockets == baseline.sockets
        && files.equals(baseline.files)
        && serverThreads.equals(baseline.serverThreads)
        && busyWorkers.isEmpty();
  }

  /** Where each open descriptor points: a path, {@code socket:[inode]}, {@code pipe:[...]}... */
  static List<String> openFileTargets() {
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          String target = Files.readSymbolicLink(descriptor).toString();
          if (!target.startsWith("/proc/")) { // the listing's own descriptor
            targets.add(target);
          }
        } catch (IOException closedMeanwhile) {
          // another thread closed it while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return targets;
  }

  /** Names ({@code comm}, cut to 15 characters by Linux) of this process's mtserver threads. */
  private static List<String> readServerThreads() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (name.startsWith("mtserver-") && !name.startsWith(WORKER)) {
            names.add(name);
          }
        } catch (IOException ended) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names.stream().sorted().toList();
  }

  /** What a worker's stack frames say about it. */
  private enum Frame {
    SERVER_CODE,
    ACCEPT_LOOP,
    SERVING
  }

  /** Workers, platform or virtual, whose stack shows them serving a connection. */
  private static List<String> readBusyWorkers(Path scratch) {
    Path dump = scratch.resolve("threads-" + System.nanoTime() + ".json");
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      // Per worker: whether its stack holds server code, the accept loop, a connection's serving.
      Map<String, EnumSet<Frame>> workers = new LinkedHashMap<>();
      try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), dump.toFile())) {
        String name = null;
        for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
          if (token == JsonToken.PROPERTY_NAME && json.currentName().equals("name")) {
            json.nextToken();
            name = json.getString();
          } else if (token == JsonToken.VALUE_STRING && name != null && name.startsWith(WORKER)) {
            String frame = json.getString();
            EnumSet<Frame> seen = workers.computeIfAbsent(name, n -> EnumSet.noneOf(Frame.class));
            if (frame.contains("dev.mtserver.")) {
              seen.add(Frame.SERVER_CODE);
            }
            if (frame.contains("SocketServer.acceptLoop(")) {
              seen.add(Frame.ACCEPT_LOOP);
            }
            if (frame.contains("SocketServer.serve(")) {
              seen.add(Frame.SERVING);
            }
          }
        }
      }
      // A worker that leads the accept loop (virtual threads, ADR 0050) and serves no connection
      // is waiting for one, as an idle pooled worker is: not busy.
      List<String> busy = new ArrayList<>();
      workers.forEach(
          (name, seen) -> {
            if (seen.contains(Frame.SERVER_CODE)
                && (!seen.contains(Frame.ACCEPT_LOOP) || seen.contains(Frame.SERVING))) {
              busy.add(name);
            }
          });
      return busy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(dump);
      } catch (IOException ignored) {
        // scratch space; the test's temporary directory goes anyway
      }
    }
  }
}
