package dev.mtserver.domain.upload;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

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

  private final transient FirstUse firstUse;

  /** One that has made nothing yet. */
  public DeferredSecureRandom() {
    this(new FirstUse());
  }

  private DeferredSecureRandom(FirstUse firstUse) {
    super(firstUse, null);
    this.firstUse = firstUse;
  }

  /** Whether the generator behind it has been made: after the first draw, never before. */
  boolean started() {
    return firstUse.started();
  }

  /** The service behind the methods of {@link SecureRandom}: every call goes to the real one. */
  private static final class FirstUse extends SecureRandomSpi {

    private static final long serialVersionUID = 1L;

    private transient volatile SecureRandom real;

    boolean started() {
      return real != null;
    }

    private SecureRandom real() {
      SecureRandom made = real;
      if (made == null) {
        synchronized (this) {
          made = real;
          if (made == null) {
            made = new SecureRandom();
            real = made;
          }
        }
      }
      return made;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      real().setSeed(seed);
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      real().nextBytes(bytes);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      return real().generateSeed(numBytes);
    }
  }
}
