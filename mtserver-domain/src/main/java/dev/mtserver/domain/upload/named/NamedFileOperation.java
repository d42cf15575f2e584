package dev.mtserver.domain.upload.named;

/** What a client may do to a name in the uploads area ({@link NamedFilesUseCase#operationsAt}). */
public enum NamedFileOperation {
  /** Store a file under a free name ({@code PUT} without {@code If-Match}). */
  CREATE,
  /** Replace the file of a name, given its entity tag ({@code PUT} with {@code If-Match}). */
  REPLACE,
  /** Remove the file of a name ({@code DELETE}). */
  DELETE
}
