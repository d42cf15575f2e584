package dev.mtserver.http.conditional;

import com.google.common.collect.ImmutableList;
import java.util.List;

/** How a request's {@code Range} is answered; decided by {@link ByteRanges#plan}. */
public sealed interface RangePlan {

  /** {@code 200} with the whole representation: no range asked for, or one not worth honouring. */
  record Whole() implements RangePlan {}

  /** {@code 416} with {@code Content-Range: bytes *}{@code /size}: no range overlaps the data. */
  record Unsatisfiable() implements RangePlan {}

  /** {@code 206} with one range and its {@code Content-Range}. */
  record Single(ByteRange range) implements RangePlan {}

  /** {@code 206} with {@code multipart/byteranges}, parts in the order requested. */
  record Multipart(List<ByteRange> ranges) implements RangePlan {
    public Multipart {
      ranges = ImmutableList.copyOf(ranges);
    }
  }
}
