package dev.mtserver.storage.archfixture;

import dev.mtserver.grammar.FieldLine;

/** Deliberately bad: a storage adapter parsing protocol text with the codec's grammar. */
public class StorageSplitsFieldLines {
  public FieldLine.Part split(byte[] line) {
    return new FieldLine().split(line, 0, line.length);
  }
}
