package dev.mtserver.domain.upload;

import com.google.common.base.Suppliers;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.function.Supplier;

/**
 * A {@link SecureRandom} that makes the JDK's default one at its first draw, not when it is made.
 *
 * <p>Why: the first {@code new SecureRandom()} of a process sets up the JDK's security providers
 * (finding and seeding the default generator): 28–47 ms on the benchmark's 2-vCPU machine in a
 * fresh JVM, and 25–60 ms of the process's CPU in interleaved starts of the server with and without
 * (docs/benchmarks.md, thirty-second session). The server builds its upload stores at start, but
 * draws from them only when a file is uploaded, which a server that serves files may never see.
 * What it draws is the default generator's, as before.
 */
public final class DeferredSecureRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  /** One that has made nothing yet. */
  public DeferredSecureRandom() {
    this(SecureRandom::new);
  }

  /** One that calls {@code maker} once, at its first draw: for tests. */
  DeferredSecureRandom(Supplier<SecureRandom> maker) {
    super(new FirstUse(Suppliers.memoize(maker::get)), null);
  }

  /** The service behind the methods of {@link SecureRandom}: every call goes to the real one. */
  private static final class FirstUse extends SecureRandomSpi {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<SecureRandom> real;

    FirstUse(Supplier<SecureRandom> real) {
      this.real = real;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      real.get().setSeed(seed);
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      real.get().nextBytes(bytes);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      return real.get().generateSeed(numBytes);
    }
  }
}
