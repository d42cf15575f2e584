package dev.mtserver.app.cli;

import dev.mtserver.app.BrowsingSettings;
import dev.mtserver.domain.content.ArchiveLimits;
import dev.mtserver.domain.path.SitePath;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags for what a visitor browsing the site gets (issue 19): the upload area's listing, gzip
 * on the fly, folder downloads and their bounds, a single-page app's page. Kept apart from the
 * serving flags, as {@link OperationsOptions} is.
 */
final class BrowsingOptions {

  @Option(
      names = "--uploads-listing",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      showDefaultValue = Visibility.ALWAYS,
      description =
          "List the directories of the upload area (--no-uploads-listing makes them 404)."
              + " The rest of the site follows --directory-listing.")
  boolean uploadsListing;

  @Option(
      names = "--compress",
      paramLabel = "gzip|off",
      arity = "1", // a value, not a switch: --compress off
      defaultValue = "gzip",
      showDefaultValue = Visibility.ALWAYS,
      converter = CompressConverter.class,
      description =
          "Compress text files (HTML, CSS, JavaScript, JSON, SVG, XML) of 1k or more with gzip"
              + " on the fly when the client accepts it and no .gz sibling exists.")
  boolean compress;

  @Option(
      names = "--archive-max-bytes",
      paramLabel = "SIZE",
      defaultValue = "1g",
      showDefaultValue = Visibility.ALWAYS,
      converter = SizeConverter.class,
      description =
          "Largest folder (sum of its files) downloadable as one zip with ?archive=zip; a larger"
              + " one answers 413.")
  long archiveMaxBytes;

  @Option(
      names = "--archive-max-files",
      paramLabel = "N",
      defaultValue = "10000",
      showDefaultValue = Visibility.ALWAYS,
      description =
          "Most entries (files and folders) in one folder download (?archive=zip); more answers"
              + " 413; 0 turns folder downloads off.")
  int archiveMaxFiles;

  @Option(
      names = "--spa",
      paramLabel = "PAGE",
      description = {
        "Single-page app: answer GET/HEAD of a missing path without a file extension (and"
            + " outside the uploads) with this page and 200, such as /index.html.",
        "Default: none (a missing path is 404)"
      },
      showDefaultValue = Visibility.NEVER)
  String spa;

  /** The settings these flags describe; a bad value is a {@link ParameterException}. */
  BrowsingSettings settings(CommandLine commandLine) {
    if (archiveMaxFiles < 0) {
      throw new ParameterException(
          commandLine, "Invalid value for option '--archive-max-files': must not be negative");
    }
    Optional<SitePath> singlePage = Optional.empty();
    if (spa != null && !spa.isBlank()) {
      if (!spa.startsWith("/") || spa.endsWith("/")) {
        throw new ParameterException(
            commandLine,
            "Invalid value for option '--spa': a page of the site, such as /index.html");
      }
      try {
        singlePage = Optional.of(SitePath.parse(spa));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            commandLine, "Invalid value for option '--spa': " + e.getMessage());
      }
    }
    return new BrowsingSettings(
        uploadsListing, compress, new ArchiveLimits(archiveMaxBytes, archiveMaxFiles), singlePage);
  }

  /** {@code gzip} or {@code off} (also on/off), in any case. */
  static final class CompressConverter implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "gzip", "on", "true" -> true; // picocli hands a boolean default back as true/false
        case "off", "false" -> false;
        default -> throw new TypeConversionException("'" + value + "' is not gzip or off");
      };
    }
  }
}
