package dev.mtserver.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/architecture.md} walks requests through the code by naming its classes and methods:
 * every name it puts in backticks that looks like one must exist in the sources, so a rename cannot
 * leave the walkthrough pointing at nothing. It reads the repository's own sources (main and test,
 * every module) as text and writes nothing.
 *
 * <p>What is checked, per backticked span: {@code dev.mtserver.…} names a package or a type; a span
 * whose first capitalised segment is a type name ({@code SocketServer}, {@code SiteRoot.lookup},
 * {@code ResponseBody.Bytes}, {@code cli.MtServerCommand}) names a type declared in the sources (or
 * the JDK's), and each segment after it a nested type or a word of that type's file; {@code
 * name(...)} and a lower camel-case word with a capital inside ({@code handOver}, {@code
 * bytesWritten()}) name something the sources (or the poms) declare or use. Anything else in
 * backticks — flags, header values, file names, HTTP field names — is not a code name and is left
 * alone.
 */
class ArchitectureDocumentTest {

  private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern DOT = Pattern.compile("\\.");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][\\w.]*");
  private static final Pattern TYPE_SEGMENT = Pattern.compile("[A-Z]\\w*[a-z]\\w*");
  private static final Pattern LOWER_CAMEL = Pattern.compile("[a-z]+[A-Z]\\w*");
  private static final Pattern DECLARATION =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

  /** HTTP field names the walkthrough quotes: they look like type names and are not. */
  private static final Set<String> FIELD_NAMES =
      Set.of(
          "Accept",
          "Allow",
          "Connection",
          "Date",
          "ETag",
          "Expect",
          "Host",
          "Location",
          "Range",
          "Server",
          "Status",
          "Vary");

  /** Where the JDK types the walkthrough names live. */
  private static final List<String> JDK_PACKAGES =
      List.of(
          "java.lang",
          "java.io",
          "java.net",
          "java.nio",
          "java.nio.channels",
          "java.nio.file",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "java.time");

  private static Path root;
  private static final Map<String, List<String>> typeSources = new HashMap<>();
  private static final List<String> sources = new ArrayList<>();

  @BeforeAll
  static void readTheSources() throws IOException {
    root = projectRoot();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(file -> root.relativize(file).toString().contains("/src/"))
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.endsWith("ArchitectureDocumentTest.java")) // it names made-up ones
          .forEach(ArchitectureDocumentTest::read);
    }
    try (Stream<Path> poms = Files.walk(root, 2)) { // the build's names: `dependencyManagement`
      for (Path pom : poms.filter(file -> file.endsWith("pom.xml")).toList()) {
        sources.add(Files.readString(pom, StandardCharsets.UTF_8));
      }
    }
  }

  private static void read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      sources.add(text);
      Matcher declared = DECLARATION.matcher(text);
      while (declared.find()) {
        typeSources.computeIfAbsent(declared.group(1), name -> new ArrayList<>()).add(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory that holds {@code docs/architecture.md}: this module's parent, or above. */
  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
        return dir;
      }
    }
    throw new IllegalStateException("docs/architecture.md not found above the working directory");
  }

  @Test
  void every_class_and_method_the_walkthrough_names_exists() throws IOException {
    List<String> lines = Files.readAllLines(root.resolve("docs/architecture.md"));
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher span = SPAN.matcher(lines.get(i));
      while (span.find()) {
        String text = span.group(1);
        problem(text).ifPresent(why -> missing.add(text + " (" + why + ")"));
      }
    }
    assertThat(missing)
        .as("names in docs/architecture.md that the sources do not declare")
        .isEmpty();
  }

  @Test
  void the_check_tells_a_made_up_name_from_a_real_one() {
    assertThat(problem("SocketServer")).isEmpty();
    assertThat(problem("SiteRoot.lookup")).isEmpty();
    assertThat(problem("ClientConnection.bytesWritten()")).isEmpty();
    assertThat(problem("dev.mtserver.domain.path.SitePath")).isEmpty();
    assertThat(problem("FileChannel.transferTo")).isEmpty();
    assertThat(problem("Content-Length")).isEmpty();
    assertThat(problem("UploadedFilesHandler")).isPresent();
    assertThat(problem("SiteRoot.lookupUpload")).isPresent();
    assertThat(problem("ContentSource.inMemory()")).isPresent();
    assertThat(problem("dev.mtserver.http.server")).isPresent();
    assertThat(problem("awaitPermission()")).isPresent();
  }

  /** Why {@code span} names nothing in the sources; empty when it does, or is no code name. */
  private static Optional<String> problem(String span) {
    String name = span.replaceFirst("\\(.*\\)$", "");
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String[] segments = DOT.split(name);
    if (name.startsWith("dev.mtserver.")) {
      return packageOrTypeExists(segments) ? Optional.empty() : Optional.of("no such package");
    }
    for (int i = 0; i < segments.length; i++) {
      if (TYPE_SEGMENT.matcher(segments[i]).matches()) {
        return typeProblem(segments, i);
      }
    }
    String last = segments[segments.length - 1];
    if (span.endsWith(")") || LOWER_CAMEL.matcher(last).matches()) {
      Pattern word = Pattern.compile("\\b" + Pattern.quote(last) + "\\b");
      return sources.stream().anyMatch(text -> word.matcher(text).find())
          ? Optional.empty()
          : Optional.of("no such method or field");
    }
    return Optional.empty();
  }

  private static Optional<String> typeProblem(String[] segments, int typeAt) {
    String type = segments[typeAt];
    if (FIELD_NAMES.contains(type) && segments.length == 1) {
      return Optional.empty();
    }
    List<String> declaring = typeSources.get(type);
    if (declaring == null) {
      return isJdkType(type) ? Optional.empty() : Optional.of("no such type");
    }
    for (int i = typeAt + 1; i < segments.length; i++) {
      String member = segments[i];
      if (typeSources.containsKey(member)) {
        declaring = typeSources.get(member);
        continue;
      }
      Pattern word = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
      if (declaring.stream().noneMatch(text -> word.matcher(text).find())) {
        return Optional.of(type + " has no " + member);
      }
    }
    return Optional.empty();
  }

  private static boolean packageOrTypeExists(String[] segments) {
    String relative = String.join("/", segments);
    try (Stream<Path> modules = Files.list(root)) {
      return modules.anyMatch(
              module ->
                  Files.isDirectory(module.resolve("src/main/java").resolve(relative))
                      || Files.isRegularFile(
                          module.resolve("src/main/java").resolve(relative + ".java")))
          || typeSources.containsKey(segments[segments.length - 1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isJdkType(String simpleName) {
    for (String pkg : JDK_PACKAGES) {
      try {
        Class.forName(pkg + "." + simpleName, false, ClassLoader.getPlatformClassLoader());
        return true;
      } catch (ClassNotFoundException e) {
        // not in this package: try the next
      }
    }
    return false;
  }
}
