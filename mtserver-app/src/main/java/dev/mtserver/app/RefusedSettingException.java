package dev.mtserver.app;

/**
 * A setting the server cannot start with, found while building it (a password file in a refused
 * format, say): {@link MtServer#start} refuses to start, and the command line prints it as a bad
 * value of {@link #flag} (exit 2).
 */
public final class RefusedSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String flag;

  RefusedSettingException(String flag, String message, Throwable cause) {
    super(message, cause);
    this.flag = flag;
  }

  /** The flag whose value cannot be used, such as {@code --auth-file}. */
  public String flag() {
    return flag;
  }
}
