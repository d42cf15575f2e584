package dev.mtserver.storage.fs;

import dev.mtserver.domain.upload.FileNameSanitizer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The characters this JVM can put in a file name. The JDK encodes names in the charset of the
 * locale it started under ({@code sun.jnu.encoding}): UTF-8 normally, but ASCII under {@code
 * LC_ALL=POSIX} or {@code C}, as in many containers and service managers. A name it cannot encode
 * is an {@link InvalidPathException}, which reached clients as a 500 (issue 13); here such a name
 * is spelled with what the charset can hold instead ({@link FileNameSanitizer#storable}).
 */
final class FileNameEncoding {

  private final Charset charset;
  private final boolean everyCharacter;

  FileNameEncoding(Charset charset) {
    this.charset = charset;
    String name = charset.name();
    this.everyCharacter =
        name.equals("UTF-8")
            || name.startsWith("UTF-16")
            || name.startsWith("UTF-32")
            || name.equals("GB18030");
  }

  /** The encoding the JDK uses for file names in this process. */
  static FileNameEncoding platform() {
    for (String property : new String[] {"sun.jnu.encoding", "native.encoding"}) {
      String name = System.getProperty(property);
      if (name != null && Charset.isSupported(name)) {
        return new FileNameEncoding(Charset.forName(name));
      }
    }
    return new FileNameEncoding(StandardCharsets.UTF_8);
  }

  /**
   * {@code safeName} if the file system can hold it, else its storable spelling; checked against
   * {@code directory} too, so that whatever the charset, the result resolves.
   */
  String storable(String safeName, Path directory) {
    String name = safeName;
    if (!everyCharacter) {
      CharsetEncoder encoder = charset.newEncoder();
      name = FileNameSanitizer.storable(safeName, cp -> encoder.canEncode(Character.toString(cp)));
    }
    try {
      var unused = directory.resolve(name); // only whether it throws matters
      return name;
    } catch (InvalidPathException unexpected) {
      return FileNameSanitizer.storable(name, cp -> cp < 0x80);
    }
  }
}
