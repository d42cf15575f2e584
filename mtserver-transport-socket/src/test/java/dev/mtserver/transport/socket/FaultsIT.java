package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fault ends one connection, is logged once with the peer, and the server keeps serving. */
class FaultsIT {

  private static final Duration LIMIT = Duration.ofSeconds(10);
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  @SuppressWarnings("try") // the bystander is closed early on purpose, to free the only permit
  void a_worker_that_throws_closes_only_its_connection_and_is_logged_once_with_the_peer(
      ThreadMode mode) throws Exception {
    try (LogCapture logs = new LogCapture();
        RunningServer server = RunningServer.start(mode, handler, b -> b.maxConnections(1));
        RawClient bystander = server.connect()) {
      assertThat(bystander.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      bystander.close(); // the only permit is free again
      int port;
      try (RawClient victim = server.connect()) {
        port = victim.socket.getLocalPort();
        victim.send(RawClient.get("/boom"));
        assertThat(victim.read()).isNull();
      }

      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
      assertThat(logs.containing(":" + port))
          .singleElement()
          .asString()
          .startsWith("ERROR Worker for /127.0.0.1:" + port + " failed")
          .contains("IllegalStateException: boom");
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void an_out_of_memory_error_is_not_swallowed_yet_the_permit_comes_back(ThreadMode mode)
      throws Exception {
    try (LogCapture logs = new LogCapture();
        RunningServer server = RunningServer.start(mode, handler, b -> b.maxConnections(1));
        RawClient victim = server.connect()) {
      victim.send(RawClient.get("/oom"));
      assertThat(victim.read()).isNull();

      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
      // it escaped the worker, to the thread's uncaught-exception handler
      assertThat(
              Eventually.holds(
                  LIMIT, () -> !logs.containing("Uncaught java.lang.OutOfMemoryError").isEmpty()))
          .isTrue();
      assertThat(logs.containing("Worker for")).isEmpty();
    }
  }

  /**
   * The process decides what a heap exhaustion means (the application halts: ADR 0022): a worker's
   * OutOfMemoryError goes to the JVM's default handler when one is installed, after the worker's
   * clean-up, and is not logged here first (logging may need the memory that ran out).
   */
  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void an_out_of_memory_error_goes_to_the_processs_own_handler_when_it_has_one(ThreadMode mode)
      throws Exception {
    java.util.concurrent.LinkedBlockingQueue<String> handed =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> handed.add(thread.getName() + " " + error));
    try (LogCapture logs = new LogCapture();
        RunningServer server = RunningServer.start(mode, handler, b -> b.maxConnections(1));
        RawClient victim = server.connect()) {
      victim.send(RawClient.get("/oom"));
      assertThat(victim.read()).isNull();

      assertThat(handed.poll(10, java.util.concurrent.TimeUnit.SECONDS))
          .startsWith("mtserver-worker-")
          .contains("OutOfMemoryError");
      assertThat(Eventually.holds(LIMIT, () -> server.stats().activeConnections() == 0))
          .as("permit back")
          .isTrue();
      assertThat(logs.containing("OutOfMemoryError")).isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_that_resets_mid_request_is_logged_once_with_its_address(ThreadMode mode)
      throws Exception {
    try (LogCapture logs = new LogCapture();
        RunningServer server = RunningServer.start(mode, handler)) {
      RawClient resetter = server.connect();
      int port = resetter.socket.getLocalPort();
      resetter.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\npartial");
      assertThat(Eventually.holds(LIMIT, () -> server.stats().requests() == 1)).isTrue();
      resetter.reset();

      assertThat(Eventually.holds(LIMIT, () -> server.stats().activeConnections() == 0)).isTrue();
      assertThat(handler.failedBodies).hasValue(1);
      assertThat(logs.containing(":" + port))
          .singleElement()
          .asString()
          .contains("reset by the client");
      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_that_resets_a_kept_alive_connection_between_requests_is_not_logged(ThreadMode mode)
      throws Exception {
    try (LogCapture logs = new LogCapture();
        RunningServer server = RunningServer.start(mode, handler)) {
      RawClient client = server.connect();
      int port = client.socket.getLocalPort();
      assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      // As wrk, and browsers, close kept-alive connections: the server waits for the next request.
      client.reset();

      assertThat(Eventually.holds(LIMIT, () -> server.stats().activeConnections() == 0)).isTrue();
      assertThat(logs.containing(":" + port))
          .as("a reset that cut off no request ends the connection as a close does")
          .isEmpty();
      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void a_worker_thread_that_cannot_be_created_refuses_only_that_connection() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    ThreadSource threads = new ThreadSource();
    WorkerThreads real = WorkerThreads.create(ThreadMode.PLATFORM, threads, "mtserver-worker", 1);
    WorkerThreads failingOnce =
        new WorkerThreads() {
          @Override
          public void start(Runnable task) {
            if (starts.getAndIncrement() == 0) {
              // what Thread.start throws when the OS refuses a thread (ulimit -u, memory)
              throw new OutOfMemoryError(
                  "unable to create native thread: possibly out of memory or process/resource"
                      + " limits reached");
            }
            real.start(task);
          }

          @Override
          public java.util.concurrent.ThreadFactory factory() {
            return real.factory();
          }

          @Override
          public void shutdown() {
            real.shutdown();
          }
        };
    TransportConfig config =
        RunningServer.testConfig(ThreadMode.PLATFORM).maxConnections(1).build();
    try (LogCapture logs = new LogCapture();
        RunningServer server =
            RunningServer.start(config, new SocketServer(config, handler, threads, failingOnce))) {
      int port;
      try (RawClient unlucky = server.connect()) {
        port = unlucky.socket.getLocalPort();
        RawClient.Response response = unlucky.send(RawClient.get("/hello")).read();
        assertThat(response).isNotNull();
        assertThat(response.status()).isEqualTo(503);
      }

      // the permit came back: with a single permit, the next client is served
      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
      assertThat(logs.containing(":" + port))
          .singleElement()
          .asString()
          .contains("no worker thread could be started");
      assertThat(server.stats().refusedConnections()).isEqualTo(1);
    }
  }
}
