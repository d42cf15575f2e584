package dev.mtserver.benchmarks;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.OpenFileCache;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a 64 KiB file costs before its first byte is sent, through {@code FileSystemSite} over the
 * real file system: the look-up (the containment walk's {@code stat}), opening the body, asking its
 * size and closing it, with the open-file cache ({@code keptOpen}) and without ({@code
 * openedEachTime}: {@code open(2)} and {@code close(2)} per request, as before the cache).
 *
 * <p>Run: {@code java -jar mtserver-benchmarks/target/benchmarks.jar OpenFileBenchmark -f 1 -wi 3
 * -i 5 -prof gc}; results go in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenFileBenchmark {

  private static final SitePath FILE = SitePath.parse("/64k.bin");

  private FileSystemSite kept;
  private FileSystemSite openedEachTime;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path root = Files.createTempDirectory("mtserver-open-file-bench");
    Files.write(root.resolve("64k.bin"), new byte[64 * 1024]);
    // no small-file cache in either: a 64 KiB file is above its size anyway
    kept =
        new FileSystemSite(new SiteRoot(root), SmallFileCache.disabled(), OpenFileCache.defaults());
    openedEachTime = new FileSystemSite(new SiteRoot(root));
  }

  @Benchmark
  public long keptOpen() throws IOException {
    return openAndClose(kept);
  }

  @Benchmark
  public long openedEachTime() throws IOException {
    return openAndClose(openedEachTime);
  }

  private static long openAndClose(FileSystemSite site) throws IOException {
    SiteEntry entry = site.find(FILE).orElseThrow();
    ContentSource source = ((SiteEntry.File) entry).resource().source();
    try (OpenContent open = source.open()) {
      return open.size();
    }
  }
}
