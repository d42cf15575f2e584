package dev.mtserver.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One upload's part in memory: up to {@code partSize} bytes in chunks taken from the store's {@link
 * UploadMemory} as they are needed, reused for every part of the upload, and all given back by
 * {@link #release}. So an upload holds at most one part, and a small file about its own size. One
 * thread uses it.
 */
final class PartBuffer {

  private final UploadMemory memory;
  private final int partSize;
  private final List<byte[]> chunks = new ArrayList<>();
  private int filled;

  PartBuffer(UploadMemory memory, int partSize) {
    this.memory = memory;
    this.partSize = partSize;
  }

  /** Copies as many of {@code length} bytes as fit in this part; returns how many. */
  int write(byte[] bytes, int offset, int length) throws IOException {
    int copied = 0;
    while (copied < length && filled < partSize) {
      int chunk = filled / UploadMemory.CHUNK_BYTES;
      if (chunk == chunks.size()) {
        chunks.add(memory.take());
      }
      int within = filled % UploadMemory.CHUNK_BYTES;
      int n =
          Math.min(length - copied, Math.min(UploadMemory.CHUNK_BYTES - within, partSize - filled));
      System.arraycopy(bytes, offset + copied, chunks.get(chunk), within, n);
      copied += n;
      filled += n;
    }
    return copied;
  }

  boolean isFull() {
    return filled == partSize;
  }

  int size() {
    return filled;
  }

  /**
   * The bytes as a request body the SDK may read more than once (to sign it, and again on a retry),
   * each time through a fresh stream over the same chunks: nothing is copied.
   */
  RequestBody body() {
    int length = filled;
    return RequestBody.fromContentProvider(
        () -> new ChunkStream(chunks, length), length, "application/octet-stream");
  }

  /** Empties the part for the next one, keeping its chunks. */
  void clear() {
    filled = 0;
  }

  /** Gives every chunk back to the budget; the buffer is empty and may be used again. */
  void release() {
    memory.release(chunks.size());
    chunks.clear();
    filled = 0;
  }

  /** Reads {@code length} bytes across the chunks. */
  private static final class ChunkStream extends InputStream {
    private final List<byte[]> chunks;
    private final int length;
    private int position;

    ChunkStream(List<byte[]> chunks, int length) {
      this.chunks = chunks;
      this.length = length;
    }

    @Override
    public int read() {
      if (position >= length) {
        return -1;
      }
      byte b = chunks.get(position / UploadMemory.CHUNK_BYTES)[position % UploadMemory.CHUNK_BYTES];
      position++;
      return b & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count) {
      if (count == 0) {
        return 0;
      }
      if (position >= length) {
        return -1;
      }
      int within = position % UploadMemory.CHUNK_BYTES;
      int n = Math.min(count, Math.min(UploadMemory.CHUNK_BYTES - within, length - position));
      System.arraycopy(chunks.get(position / UploadMemory.CHUNK_BYTES), within, target, offset, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return length - position;
    }
  }
}
