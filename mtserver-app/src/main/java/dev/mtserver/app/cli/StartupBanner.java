package dev.mtserver.app.cli;

import com.google.common.net.InetAddresses;
import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.BrowsingSettings;
import dev.mtserver.app.Directories;
import dev.mtserver.app.HttpsSettings;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ResumableSettings;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.SharedStorage;
import dev.mtserver.app.ops.LogLevel;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.tls.KeyMaterial;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the server prints on stdout once it listens: the URL line first (scripts and tests look for
 * the first {@code http://HOST:PORT/}), then a few indented lines saying where things are and which
 * limits hold. Short and literal: every value is one the server actually uses.
 */
final class StartupBanner {

  private StartupBanner() {}

  static List<String> lines(
      MtServer server, ServerSettings settings, String accessLog, LogLevel logLevel) {
    List<String> lines = new ArrayList<>();
    lines.add("MTServer " + MtServer.version() + " listening on " + server.url());
    if (server.address().getAddress().isAnyLocalAddress()) {
      List<String> urls =
          interfaceUrls(
              server.url().getScheme(),
              server.address().getPort(),
              server.address().getAddress() instanceof Inet6Address);
      if (!urls.isEmpty()) {
        lines.add(row("urls", String.join(" ", urls)));
      }
    }
    Directories directories = settings.directories();
    SharedStorage shared = settings.shared();
    String served =
        server
            .uploadsUrlPath()
            .map(path -> ", served at " + path)
            .orElse(", not served (outside the root)");
    if (shared
        .site()
        .isPresent()) { // issue 15: the site (and its uploads, unless mixed) in a bucket
      lines.add(row("root", shared.site().get() + " on " + shared.s3().describe()));
      lines.add(
          row(
              "uploads",
              shared.uploads().map(Object::toString).orElse(absolute(directories.uploads()))
                  + served));
    } else if (shared.uploads().isPresent()) { // issue 15: a site here, its uploads in a bucket
      lines.add(row("root", absolute(directories.root())));
      lines.add(row("uploads", shared.uploads().get() + " on " + shared.s3().describe() + served));
    } else {
      lines.add(row("root", absolute(directories.root())));
      lines.add(row("uploads", absolute(directories.uploads()) + served));
    }
    lines.add(
        row(
            "data",
            absolute(directories.data())
                + shared
                    .submissions()
                    .map(database -> " (form submissions: " + database.describe() + ")")
                    .orElse(" (form submissions: " + MtServer.SUBMISSIONS_FILE + ")")));
    TransportConfig c = settings.transport();
    lines.add(
        row(
            "threads",
            c.threadMode().name().toLowerCase(Locale.ROOT)
                + ", up to "
                + c.maxConnections()
                + " connections at once"
                + (c.maxConnectionsPerAddress() == 0
                    ? ""
                    : " (" + c.maxConnectionsPerAddress() + " per client address)")
                + ", backlog "
                + c.backlog()));
    tlsLines(server, settings, lines);
    lines.add(
        row(
            "limits",
            "uploads up to "
                + size(settings.uploads().maxUploadSize())
                + " in "
                + settings.uploads().multipart().maxParts()
                + " parts; timeouts: head "
                + duration(c.headerTimeout())
                + ", body "
                + duration(c.bodyTimeout())
                + ", idle "
                + duration(c.idleTimeout())
                + ", write "
                + duration(c.writeTimeout())
                + ", shutdown grace "
                + duration(c.shutdownGrace())));
    String access =
        switch (accessLog.strip()) {
          case "off" -> "access log off";
          case "stdout", "-" -> "access log to stdout";
          default -> "access log to " + absolute(Path.of(accessLog));
        };
    lines.add(
        row(
            "logs",
            access + "; application log to stderr at " + logLevel.name().toLowerCase(Locale.ROOT)));
    OperationsSettings ops = server.operations();
    List<String> admin = new ArrayList<>();
    if (ops.health()) {
      admin.add(
          shared.anyRemote()
              ? "GET /healthz (asks the object store and the database; ?live does not)"
              : "GET /healthz");
    }
    if (ops.metrics()) {
      admin.add("GET /metrics");
    }
    lines.add(
        row(
            "admin",
            admin.isEmpty()
                ? "off"
                : String.join(", ", admin)
                    + (ops.drainDelay().isPositive()
                        ? "; drain delay " + duration(ops.drainDelay())
                        : "")));
    lines.add(
        row(
            "memory",
            "request data up to "
                + size(settings.requestMemory())
                + " at once, of a "
                + size((Runtime.getRuntime().maxMemory() >> 20) << 20)
                + " heap; past it 503"));
    lines.add(row("browsing", browsing(settings.browsing())));
    lines.add(
        row(
            "bodies",
            c.bodyMinRate() == 0
                ? "no minimum rate; only the body timeout applies"
                : "at least "
                    + c.bodyMinRate()
                    + " bytes/s once the body timeout ("
                    + duration(c.bodyTimeout())
                    + ") has passed; slower ones get 408"));
    accessLines(settings.access(), lines);
    lines.add(row("tus", resumable(server, settings)));
    lines.add(row("php", php(server, settings)));
    return lines;
  }

  /**
   * What the HTTPS listener serves: the certificate (and, for the development one, a warning no one
   * can miss), its fingerprint and end, the redirect listener, HSTS.
   */
  private static void tlsLines(MtServer server, ServerSettings settings, List<String> lines) {
    server
        .tls()
        .ifPresent(
            tls -> {
              KeyMaterial current = tls.current();
              boolean selfSigned =
                  settings.https().keys().orElse(null)
                      instanceof HttpsSettings.KeySource.SelfSigned;
              if (selfSigned) {
                lines.add(
                    row(
                        "tls",
                        "SELF-SIGNED DEVELOPMENT CERTIFICATE: browsers will warn; not for"
                            + " production"));
              }
              lines.add(
                  row(
                      "tls",
                      tls.source().description()
                          + ", valid until "
                          + current.notAfter()
                          + "; reloaded when it changes"));
              lines.add(row("tls", "SHA-256 fingerprint " + current.fingerprint()));
              server
                  .redirectAddress()
                  .ifPresent(
                      redirect ->
                          lines.add(
                              row(
                                  "redirect",
                                  "http on port "
                                      + redirect.getPort()
                                      + " answers 308 to "
                                      + server.url())));
              settings
                  .https()
                  .hsts()
                  .ifPresent(
                      age ->
                          lines.add(
                              row(
                                  "hsts",
                                  "Strict-Transport-Security: max-age="
                                      + age.toSeconds()
                                      + " on every HTTPS response")));
            });
  }

  /** Who may call (ADR 0040): the password file and its scope, the throttle, CORS. */
  private static void accessLines(AccessSettings access, List<String> lines) {
    lines.add(
        row(
            "auth",
            access
                .authFile()
                .map(
                    file ->
                        absolute(file)
                            + " for "
                            + (access.scope() == AccessScope.ALL
                                ? "every request but /healthz"
                                : "writes")
                            + " (realm \""
                            + access.realm()
                            + "\"); "
                            + (access.maxFailures() == 0
                                ? "no failure limit"
                                : access.maxFailures() + " wrong passwords a minute, then 429")
                            + (access.allowInsecureAuth() ? "; INSECURE: over plain HTTP" : ""))
                .orElse("off: anyone may post forms and upload")));
    access.cors().ifPresent(cors -> lines.add(row("cors", cors.describe())));
  }

  /** The tus endpoint: where, how large, how many, how long; or why there is none. */
  private static String resumable(MtServer server, ServerSettings settings) {
    ResumableSettings resumable = settings.resumable();
    if (!resumable.enabled()) {
      return "resumable uploads off (--no-resumable-uploads)";
    }
    if (!server.resumableUploads()) {
      return "resumable uploads unavailable: the uploads area has no resumable store;"
          + " /files/ answers 404";
    }
    ResumableUploadLimits limits = resumable.limits(settings.uploads().maxUploadSize());
    return "resumable uploads (tus 1.0.0) at /files/, up to "
        + size(limits.maxUploadSize())
        + " each, "
        + limits.maxUnfinishedUploads()
        + " unfinished ("
        + size(limits.maxUnfinishedBytes())
        + ") at once, kept in "
        + absolute(settings.directories().data().resolve(MtServer.RESUMABLE_DIRECTORY))
        + " for "
        + duration(limits.expiry())
        + " after the last chunk";
  }

  /** The script runner, and how a PHP application's requests reach it (issue 18). */
  private static String php(MtServer server, ServerSettings settings) {
    if (!settings.scripts().enabled()) {
      return "off (.php pages answer 501)";
    }
    return server.scriptRunner()
        + "; index.php after index.html"
        + settings
            .scripts()
            .frontController()
            .map(script -> "; front controller " + script)
            .orElse("");
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-8s %s", label, value);
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  /** The URLs of every up interface's addresses, for a server bound to the wildcard address. */
  private static List<String> interfaceUrls(String scheme, int port, boolean includeIpv6) {
    List<String> urls = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address.isLinkLocalAddress() || (address instanceof Inet6Address && !includeIpv6)) {
            continue;
          }
          String host = InetAddresses.toAddrString(address);
          int scope = host.indexOf('%');
          host = scope < 0 ? host : host.substring(0, scope); // only link-local addresses need one
          urls.add(
              scheme
                  + "://"
                  + (address instanceof Inet6Address ? "[" + host + "]" : host)
                  + ":"
                  + port
                  + "/");
        }
      }
    } catch (SocketException e) {
      return List.of(); // the interfaces cannot be listed: the wildcard line says enough
    }
    Collections.sort(urls);
    return urls;
  }

  /** A byte count as the flags write it: {@code 1g}, {@code 10m}, {@code 64k}, {@code 1000}. */
  static String size(long bytes) {
    String[] units = {"t", "g", "m", "k"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
        return (bytes >> shifts[i]) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  /** A duration as the flags write it: {@code 2h}, {@code 10s}, {@code 500ms}. */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  /** The upload area's listing, gzip, folder downloads and their bounds, a single-page app. */
  private static String browsing(BrowsingSettings browsing) {
    return "uploads listing "
        + (browsing.uploadsListing() ? "on" : "off")
        + "; gzip "
        + (browsing.compress() ? "on" : "off")
        + "; folder zips "
        + (browsing.archives().maxFiles() == 0
            ? "off"
            : "up to "
                + size(browsing.archives().maxBytes())
                + " and "
                + browsing.archives().maxFiles()
                + " entries")
        + browsing.singlePage().map(page -> "; single-page app " + page).orElse("");
  }
}
