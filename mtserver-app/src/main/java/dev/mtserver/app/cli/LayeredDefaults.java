package dev.mtserver.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a flag's value comes from when it is not on the command line: first the environment ({@code
 * --max-upload-size} from {@code MTSERVER_MAX_UPLOAD_SIZE}), then the {@code --config} file ({@code
 * max-upload-size=10m}), then the flag's own default. So flags win over the environment, which wins
 * over the file (docs/adr/0020-configuration-precedence.md).
 *
 * <p>Values from either source go through the same converters and checks as flags, and an error
 * names where the value came from. A file key that names no flag is an error, not a silent typo.
 */
final class LayeredDefaults implements IDefaultValueProvider {

  static final String ENV_PREFIX = "MTSERVER_";

  private final Map<String, String> environment;
  private final Properties file;
  private final Path filePath; // null without a file

  private LayeredDefaults(Map<String, String> environment, Properties file, Path filePath) {
    this.environment = Map.copyOf(environment);
    this.file = file;
    this.filePath = filePath;
  }

  /**
   * Reads the configuration file named by {@code --config FILE} (or {@code --config=FILE}) in
   * {@code args}, else by {@code MTSERVER_CONFIG}, if any.
   *
   * @throws ConfigurationException if that file cannot be read
   */
  static LayeredDefaults load(String[] args, Map<String, String> environment)
      throws ConfigurationException {
    Optional<String> named =
        configArgument(args)
            .or(
                () ->
                    Optional.ofNullable(environment.get(envName(OperationsOptions.CONFIG_OPTION))));
    if (named.isEmpty()) {
      return new LayeredDefaults(environment, new Properties(), null);
    }
    Path path = Path.of(named.get());
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "cannot read " + OperationsOptions.CONFIG_OPTION + " " + path + ": " + reason(e));
    }
    return new LayeredDefaults(environment, properties, path);
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.MalformedInputException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** The value of the first {@code --config} on the command line, if any. */
  static Optional<String> configArgument(String[] args) {
    String option = OperationsOptions.CONFIG_OPTION;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals(option) && i + 1 < args.length) {
        return Optional.of(args[i + 1]);
      }
      if (args[i].startsWith(option + "=")) {
        return Optional.of(args[i].substring(option.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** {@code --max-upload-size} → {@code MTSERVER_MAX_UPLOAD_SIZE}. */
  static String envName(String optionName) {
    return ENV_PREFIX + key(optionName).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** {@code --max-upload-size} → {@code max-upload-size}, the key in the file. */
  static String key(String optionName) {
    return optionName.startsWith("--") ? optionName.substring(2) : optionName;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    return source(argSpec).map(Source::value).orElse(null);
  }

  /** Where {@code argSpec}'s value comes from when it is not on the command line. */
  Optional<Source> source(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)
        || option.usageHelp()
        || option.versionHelp()
        || option.longestName().equals(OperationsOptions.CONFIG_OPTION)) {
      return Optional.empty();
    }
    String env = envName(option.longestName());
    String value = environment.get(env);
    if (value != null) {
      return Optional.of(new Source(value, "environment variable " + env));
    }
    String key = key(option.longestName());
    value = file.getProperty(key);
    if (value != null) {
      return Optional.of(new Source(value.strip(), "'" + key + "' in " + filePath));
    }
    return Optional.empty();
  }

  /**
   * Checks the file against the command's flags.
   *
   * @throws ConfigurationException for a key that names no flag
   */
  void validate(CommandSpec command) throws ConfigurationException {
    Set<String> known = new TreeSet<>();
    known.add(SharedStorageOptions.DB_PASSWORD_VARIABLE); // a secret, deliberately not a flag
    for (OptionSpec option : command.options()) {
      if (!option.usageHelp()
          && !option.versionHelp()
          && !option.longestName().equals(OperationsOptions.CONFIG_OPTION)) {
        known.add(key(option.longestName()));
      }
    }
    for (String name : file.stringPropertyNames()) {
      if (!known.contains(name)) {
        throw new ConfigurationException(
            "unknown setting '"
                + name
                + "' in "
                + filePath
                + " (keys are flag names without --, such as port=8080)");
      }
    }
  }

  /** {@code MTSERVER_*} variables that name no flag: probably typos, worth a warning. */
  List<String> unknownEnvironmentVariables(CommandSpec command) {
    Set<String> known = new TreeSet<>();
    known.add(SharedStorageOptions.DB_PASSWORD_VARIABLE); // a secret, deliberately not a flag
    for (OptionSpec option : command.options()) {
      known.add(envName(option.longestName()));
    }
    known.add(HttpsOptions.KEYSTORE_PASSWORD_ENV); // a secret: read from the environment only
    List<String> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith(ENV_PREFIX) && !known.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  /** A value and where it was found. */
  record Source(String value, String description) {}

  /** The configuration cannot be used: one line for the user, exit 2. */
  static final class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigurationException(String message) {
      super(message, null, false, false);
    }
  }
}
