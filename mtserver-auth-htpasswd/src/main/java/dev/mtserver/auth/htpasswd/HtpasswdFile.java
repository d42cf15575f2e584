package dev.mtserver.auth.htpasswd;

import dev.mtserver.grammar.StrictUtf8;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The users of one version of an {@code htpasswd} file, as Apache's {@code mod_authn_file} reads
 * it: one {@code user:hash} per line (anything after a second colon is ignored), lines starting
 * with {@code #} and blank lines skipped, spaces around a line ignored, the first entry of a user
 * counting. Every entry must use an accepted format ({@link HashFormats}); one that does not
 * refuses the whole file, naming its line, so that no user is silently locked out or let in.
 *
 * <p>Holds a decoy hash at the file's most common cost, checked for unknown users.
 */
final class HtpasswdFile {

  /** Larger files are refused: a credentials file of 100,000 bcrypt users is about 6 MiB. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private final Map<String, PasswordHash> users;
  private final PasswordHash decoy;
  private final List<String> duplicates;

  private HtpasswdFile(
      Map<String, PasswordHash> users, PasswordHash decoy, List<String> duplicates) {
    this.users = users;
    this.decoy = decoy;
    this.duplicates = duplicates;
  }

  /**
   * @param name how to name the file in messages (its path)
   * @throws HtpasswdException naming the first refused line
   */
  static HtpasswdFile parse(byte[] content, String name) throws HtpasswdException {
    if (content.length > MAX_BYTES) {
      throw new HtpasswdException(
          "the password file " + name + " is larger than " + (MAX_BYTES >> 20) + " MiB");
    }
    String text =
        StrictUtf8.decode(content, 0, content.length)
            .orElseThrow(
                () -> new HtpasswdException("the password file " + name + " is not UTF-8 text"));
    Map<String, PasswordHash> users = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lineNumber = i + 1;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new HtpasswdException(
            name + " line " + lineNumber + " is not 'user:hash'. " + howToAdd(name, "USER"));
      }
      String user = line.substring(0, colon);
      int end = line.indexOf(':', colon + 1);
      String hash = line.substring(colon + 1, end < 0 ? line.length() : end);
      PasswordHash parsed;
      try {
        parsed = HashFormats.parse(hash);
      } catch (HashFormats.Refused refused) {
        throw new HtpasswdException(
            name
                + " line "
                + lineNumber
                + " (user '"
                + user
                + "'): "
                + refused.getMessage()
                + ". "
                + howToAdd(name, user));
      }
      if (users.putIfAbsent(user, parsed) != null) {
        duplicates.add(user + " (line " + lineNumber + ")");
      }
    }
    return new HtpasswdFile(Map.copyOf(users), decoyFor(users.values()), List.copyOf(duplicates));
  }

  /** The message's advice: the command that makes a bcrypt entry for {@code user}. */
  static String howToAdd(String file, String user) {
    return "Make a bcrypt entry with: htpasswd -B " + file + " " + user;
  }

  /**
   * A decoy at the cost most entries have (the dearer on a tie); bcrypt cost 5 for an empty file.
   */
  private static PasswordHash decoyFor(java.util.Collection<PasswordHash> hashes) {
    Map<String, PasswordHash> byCost = new LinkedHashMap<>();
    for (PasswordHash hash : hashes) {
      byCost.putIfAbsent(hash.cost(), hash);
    }
    Map<String, Long> counts =
        hashes.stream().collect(Collectors.groupingBy(PasswordHash::cost, Collectors.counting()));
    PasswordHash typical =
        counts.entrySet().stream()
            .max(
                Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                    .thenComparingLong(e -> rounds(byCost.get(e.getKey()))))
            .map(e -> byCost.get(e.getKey()))
            .orElse(new PasswordHash.Bcrypt("", 5));
    return HashFormats.decoyLike(typical);
  }

  private static long rounds(PasswordHash hash) {
    return switch (hash) {
      case PasswordHash.Bcrypt bcrypt -> 1L << bcrypt.rounds();
      case PasswordHash.Sha sha -> sha.rounds();
    };
  }

  /** The user's hash, or the decoy for a name the file does not have. */
  PasswordHash hashFor(String user) {
    return users.getOrDefault(user, decoy);
  }

  boolean hasUser(String user) {
    return users.containsKey(user);
  }

  int size() {
    return users.size();
  }

  /** Users named again after their first entry (which counts), with the line of the repeat. */
  List<String> duplicates() {
    return duplicates;
  }

  PasswordHash decoy() {
    return decoy;
  }
}
