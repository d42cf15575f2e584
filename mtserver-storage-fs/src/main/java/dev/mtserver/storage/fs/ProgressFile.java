package dev.mtserver.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * The durable offset and expiry of one resumable upload ({@code <id>.progress}), rewritten after
 * every kept chunk, in a form that a crash in the middle of a rewrite cannot spoil.
 *
 * <p>The file holds two slots of {@value #SLOT} bytes: a magic number, a generation, the offset,
 * the expiry (epoch milliseconds) and a CRC-32C of the rest. A new state goes into the slot of the
 * older one ({@code generation % 2}), then the file is forced ({@code fdatasync}); a reader takes
 * the valid slot with the higher generation. A write torn by a crash leaves a slot whose checksum
 * fails, and the other slot, the previous state, stands: the offset read back after a crash is one
 * that was durable, never one that was only being recorded.
 *
 * <p>Why not just trust the length of the partial file after a crash? Because a file can survive a
 * crash longer than the data that reached the disk (delayed allocation shows zeros where the bytes
 * never arrived), and counting such a tail would corrupt the upload silently. Why not a new file
 * renamed over the old one each time? That costs a file and a directory sync per chunk; an
 * overwrite in place costs one small {@code fdatasync}.
 */
final class ProgressFile {

  /** Bytes in one slot. */
  static final int SLOT = 32;

  /** Bytes in the file. */
  static final int SIZE = 2 * SLOT;

  private static final int MAGIC = 0x4d545052; // "MTPR"

  private ProgressFile() {}

  /** One recorded state. */
  record Progress(long generation, long offset, Instant expires) {

    /** The state that follows this one. */
    Progress next(long offset, Instant expires) {
      return new Progress(generation + 1, offset, expires);
    }
  }

  /** Writes the first state of a new file (opened for writing, empty) and forces it. */
  static Progress initialise(FileChannel channel, long offset, Instant expires) throws IOException {
    Progress first = new Progress(1, offset, expires);
    ByteBuffer both = ByteBuffer.allocate(SIZE);
    both.put(encode(first)); // slot 1, the other, stays zero: never valid
    both.position(0);
    writeFully(channel, both, 0);
    channel.force(false);
    return first;
  }

  /** Records {@code next} in the slot its generation owns, and forces it. */
  static void write(FileChannel channel, Progress next) throws IOException {
    ByteBuffer slot = encode(next);
    writeFully(channel, slot, (next.generation() % 2 == 1 ? 0 : 1) * (long) SLOT);
    channel.force(false); // fdatasync: the slot is on the disk before the offset is reported
  }

  /**
   * The latest valid state.
   *
   * @throws IOException also when neither slot is valid (the file was damaged outside the server)
   */
  static Progress read(FileChannel channel) throws IOException {
    ByteBuffer both = ByteBuffer.allocate(SIZE);
    while (both.hasRemaining()) {
      if (channel.read(both, both.position()) < 0) {
        break;
      }
    }
    both.flip();
    Progress first = both.remaining() >= SLOT ? decode(both.slice(0, SLOT)) : null;
    Progress second = both.remaining() >= SIZE ? decode(both.slice(SLOT, SLOT)) : null;
    if (first == null && second == null) {
      throw new IOException("no valid progress record");
    }
    if (first == null || (second != null && second.generation() > first.generation())) {
      return second;
    }
    return first;
  }

  private static ByteBuffer encode(Progress progress) {
    ByteBuffer slot = ByteBuffer.allocate(SLOT);
    slot.putInt(MAGIC)
        .putLong(progress.generation())
        .putLong(progress.offset())
        .putLong(progress.expires().toEpochMilli());
    CRC32C crc = new CRC32C();
    crc.update(slot.array(), 0, SLOT - Integer.BYTES);
    slot.putInt((int) crc.getValue());
    return slot.flip();
  }

  /** The state in {@code slot}, or null if it is not a whole, valid one. */
  private static Progress decode(ByteBuffer slot) {
    CRC32C crc = new CRC32C();
    crc.update(slot.duplicate().limit(SLOT - Integer.BYTES));
    if (slot.getInt(0) != MAGIC || slot.getInt(SLOT - Integer.BYTES) != (int) crc.getValue()) {
      return null;
    }
    long generation = slot.getLong(4);
    long offset = slot.getLong(12);
    if (generation <= 0 || offset < 0) {
      return null;
    }
    return new Progress(generation, offset, Instant.ofEpochMilli(slot.getLong(20)));
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }
}
