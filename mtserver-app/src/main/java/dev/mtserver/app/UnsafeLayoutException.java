package dev.mtserver.app;

/**
 * The paths given to the server would expose its private files (see {@link DirectoryLayout}):
 * {@link MtServer#start} refuses to start. The message names the paths, the flags that set them,
 * and what to do; the command line prints it as a bad value of {@link #flag} (exit 2).
 */
public final class UnsafeLayoutException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String flag;

  UnsafeLayoutException(String flag, String message) {
    super(message);
    this.flag = flag;
  }

  /** The flag whose value puts private files in reach, such as {@code --data}. */
  public String flag() {
    return flag;
  }
}
