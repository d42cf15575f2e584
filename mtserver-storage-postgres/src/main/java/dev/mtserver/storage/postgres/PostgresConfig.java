package dev.mtserver.storage.postgres;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Which database holds the submissions, who to log in as, and the pool's limits.
 *
 * <p>Built from a JDBC URL, {@code jdbc:postgresql://HOST[:PORT]/DB[?PARAM=VALUE&...]}, by {@link
 * #fromJdbcUrl}. The user and password come from the URL's {@code user} and {@code password}
 * parameters, or else from {@code PGUSER} and {@code PGPASSWORD} in the environment the caller
 * passes in (the adapter never reads the process environment itself). Any other parameter ({@code
 * sslmode}, {@code sslrootcert}, ...) is handed to the driver as it is and wins over this adapter's
 * defaults.
 *
 * @param host one host name or address ({@code [::1]} for IPv6); failover lists are not accepted
 * @param port the TCP port, 5432 unless the URL says otherwise
 * @param database the database's name; when the URL leaves it out but names the user, it is the
 *     user's name (the driver's rule, as libpq's)
 * @param user who to log in as
 * @param password the password, or empty when none was given (the driver then tries {@code
 *     ~/.pgpass}); never in {@link #toString()} or {@link #describe()}
 * @param driverParameters the URL's other parameters, for the driver
 * @param pool the pool's size and timeouts
 */
public record PostgresConfig(
    String host,
    int port,
    String database,
    String user,
    String password,
    ImmutableMap<String, String> driverParameters,
    PoolSettings pool) {

  private static final String SCHEME = "jdbc:postgresql:";
  private static final Pattern USER_INFO = Pattern.compile("//[^/]*@");

  /**
   * The shape the driver's parser accepts without complaint: one host (a name or a bracketed IPv6
   * address), an optional port, a slash. Checked first because the driver logs a URL it cannot
   * read, verbatim, through java.util.logging: with its password, if it has one.
   */
  private static final Pattern ADDRESS =
      Pattern.compile("jdbc:postgresql://(\\[[0-9A-Fa-f:.]+\\]|[^/:?@\\[\\],]+)(:[0-9]{1,5})?/.*");

  public PostgresConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(driverParameters, "driverParameters");
    Objects.requireNonNull(pool, "pool");
  }

  /**
   * Reads a JDBC URL, with the default {@link PoolSettings}.
   *
   * @param environment where {@code PGUSER} and {@code PGPASSWORD} are looked up (the app passes
   *     the process environment)
   * @throws IllegalArgumentException with a one-line message fit for the command line, naming the
   *     problem but never the password
   */
  public static PostgresConfig fromJdbcUrl(String jdbcUrl, Map<String, String> environment) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(environment, "environment");
    // The driver's own reading of its URLs (percent-decoding, IPv6 brackets, default port); a URL
    // it would refuse is refused here, at start-up, rather than at the first connection.
    Matcher address = ADDRESS.matcher(jdbcUrl);
    Properties parsed =
        address.matches() && portInRange(address.group(2)) ? Driver.parseURL(jdbcUrl, null) : null;
    if (parsed == null) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL (expected jdbc:postgresql://HOST:PORT/DATABASE): "
              + withoutQuery(jdbcUrl));
    }
    String host = parsed.getProperty("PGHOST", "");
    String database = parsed.getProperty("PGDBNAME", "");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("no database name in " + withoutQuery(jdbcUrl));
    }
    int port = Integer.parseInt(parsed.getProperty("PGPORT"));
    String user = firstNonEmpty(parsed.getProperty("user"), environment.get("PGUSER"));
    if (user.isEmpty()) {
      throw new IllegalArgumentException(
          "no database user for " + withoutQuery(jdbcUrl) + ": add ?user=NAME or set PGUSER");
    }
    String password = firstNonEmpty(parsed.getProperty("password"), environment.get("PGPASSWORD"));
    ImmutableMap.Builder<String, String> parameters = ImmutableMap.builder();
    for (String name : parsed.stringPropertyNames()) {
      if (!name.startsWith("PG") && !name.equals("user") && !name.equals("password")) {
        parameters.put(name, parsed.getProperty(name));
      }
    }
    return new PostgresConfig(
        host, port, database, user, password, parameters.buildOrThrow(), PoolSettings.DEFAULTS);
  }

  /** The same database, with other pool limits. */
  public PostgresConfig withPool(PoolSettings settings) {
    return new PostgresConfig(host, port, database, user, password, driverParameters, settings);
  }

  /**
   * Names the database for a log line or an error message: {@code postgresql://HOST:PORT/DB as
   * USER}, never the password.
   */
  public String describe() {
    return "postgresql://" + host + ":" + port + "/" + database + " as " + user;
  }

  /** The URL the driver connects to: the address only; credentials and parameters go apart. */
  String connectionUrl() {
    // The driver percent-decodes the database name (URLDecoder: '+' would become a space).
    String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    return SCHEME + "//" + host + ":" + port + "/" + encoded;
  }

  @Override
  public String toString() {
    return describe() + " " + pool;
  }

  private static boolean portInRange(String colonAndPort) {
    return colonAndPort == null || Integer.parseInt(colonAndPort.substring(1)) <= 65_535;
  }

  private static String firstNonEmpty(String first, String second) {
    return !Strings.isNullOrEmpty(first) ? first : Strings.nullToEmpty(second);
  }

  /**
   * The URL as an error message may show it: without its parameters, and without a {@code
   * user:password@} that someone wrote by habit (the driver does not read one).
   */
  private static String withoutQuery(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String address = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    return USER_INFO.matcher(address).replaceFirst("//...@");
  }
}
