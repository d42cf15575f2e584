package dev.mtserver.domain.resumable;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableMap;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.upload.FileNameSanitizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The name a finished resumable upload is stored under, from its metadata: the {@code filename}
 * passed through the same {@link FileNameSanitizer} as a multipart upload's (so {@code
 * ../../etc/passwd} is {@code passwd}, a missing name is {@code upload}); then, only when that name
 * has no extension, one taken from {@code filetype} if it names a passive type ({@link
 * MediaTypes#isPassive}): {@code photo} sent as {@code image/png} is stored as {@code photo.png}.
 *
 * <p>{@code filetype} is a hint and nothing more: it never changes an extension the client gave,
 * never adds one that a browser would run or render as a page ({@code text/html} adds nothing), and
 * the type the file is later served with comes from its stored name, as for every upload. Taken
 * names are then numbered by the store ({@link dev.mtserver.domain.upload.NameCandidates}).
 */
public final class StoredNames {

  /** Passive media types (without parameters) to the first extension the table gives them. */
  private static final ImmutableMap<String, String> EXTENSION_BY_PASSIVE_TYPE = passiveExtensions();

  private StoredNames() {}

  /** The sanitised name for an upload described by {@code metadata}. */
  public static String of(UploadMetadata metadata) {
    String name = FileNameSanitizer.sanitize(metadata.fileName().orElse(null));
    if (name.indexOf('.') > 0) {
      return name; // the client's own extension stays, whatever it says the type is
    }
    return metadata
        .fileType()
        .flatMap(StoredNames::extensionFor)
        .map(extension -> FileNameSanitizer.sanitize(name + "." + extension))
        .orElse(name);
  }

  private static Optional<String> extensionFor(String fileType) {
    int end = fileType.indexOf(';');
    String essence = Ascii.toLowerCase((end < 0 ? fileType : fileType.substring(0, end)).strip());
    return Optional.ofNullable(EXTENSION_BY_PASSIVE_TYPE.get(essence));
  }

  private static ImmutableMap<String, String> passiveExtensions() {
    Map<String, String> byType = new LinkedHashMap<>();
    MediaTypes.table()
        .forEach(
            (extension, type) -> {
              if (MediaTypes.isPassive(type)) {
                int end = type.indexOf(';');
                byType.putIfAbsent(end < 0 ? type : type.substring(0, end), extension);
              }
            });
    return ImmutableMap.copyOf(byType);
  }
}
