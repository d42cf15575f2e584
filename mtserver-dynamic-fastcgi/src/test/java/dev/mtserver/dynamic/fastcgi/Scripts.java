package dev.mtserver.dynamic.fastcgi;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.Endpoint;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptLocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A site of PHP scripts in a directory, and the invocations the HTTP layer would make for them. */
final class Scripts {

  private final Path site;

  Scripts(Path site) {
    this.site = site;
    try {
      Files.createDirectories(site);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path site() {
    return site;
  }

  /** Writes {@code /name} with {@code php} and returns it as the store would locate it. */
  ScriptFile write(String name, String php) throws IOException {
    Path file = site.resolve(name);
    Files.writeString(file, php);
    Path real = file.toRealPath();
    return new ScriptFile(SitePath.parse("/" + name), ScriptLocation.localFile(real.toString()));
  }

  static ScriptInvocation get(String target, HeaderField... headers) {
    return invocation("GET", target, RequestBody.none(), headers);
  }

  /** {@code target} is a path with an optional query, as the client sent it. */
  static ScriptInvocation invocation(
      String method, String target, RequestBody body, HeaderField... headers) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    List<HeaderField> fields = new ArrayList<>(List.of(new HeaderField("Host", "localhost")));
    fields.addAll(List.of(headers));
    if (body.length() > 0) {
      fields.add(new HeaderField("Content-Length", Long.toString(body.length())));
    }
    return new ScriptInvocation(
        ScriptTarget.find(SitePath.parse(path)).orElseThrow(),
        method,
        target,
        query,
        "HTTP/1.1",
        fields,
        new Endpoint("127.0.0.1", 40000),
        new Endpoint("127.0.0.1", 8080),
        "localhost",
        body);
  }

  /** The whole body of a response outcome, read and closed. */
  static String body(ScriptOutcome outcome) throws IOException {
    ScriptOutcome.Response response = (ScriptOutcome.Response) outcome;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var output = response.body()) {
      output.transferTo(out);
    }
    return out.toString(UTF_8);
  }
}
