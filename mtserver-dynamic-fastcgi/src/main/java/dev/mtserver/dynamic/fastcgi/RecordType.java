package dev.mtserver.dynamic.fastcgi;

/**
 * The record types of FastCGI 1.0 (the specification's section 8, {@code FCGI_BEGIN_REQUEST} ...
 * {@code FCGI_UNKNOWN_TYPE}), with their codes on the wire.
 */
enum RecordType {
  /** Server to application: starts a request, names the role and whether to keep the connection. */
  BEGIN_REQUEST(1),
  /** Server to application: give up on the request. */
  ABORT_REQUEST(2),
  /**
   * Application to server: the request is done, with the application's and the protocol's status.
   */
  END_REQUEST(3),
  /** Server to application: the name-value pairs (the CGI variables), a stream. */
  PARAMS(4),
  /** Server to application: the request body, a stream. */
  STDIN(5),
  /** Application to server: the CGI response (header block and body), a stream. */
  STDOUT(6),
  /** Application to server: error output, a stream. */
  STDERR(7),
  /** Server to application: the filter role's file data; never sent by a responder's client. */
  DATA(8),
  /** Management: which limits the application has. */
  GET_VALUES(9),
  /** Management: the answer to {@link #GET_VALUES}. */
  GET_VALUES_RESULT(10),
  /** Management: the application did not understand a management record. */
  UNKNOWN_TYPE(11);

  private static final RecordType[] BY_CODE = new RecordType[12];

  static {
    for (RecordType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  final int code;

  RecordType(int code) {
    this.code = code;
  }

  /**
   * The type with {@code code}, or null for a code this version of the protocol does not define.
   */
  static RecordType of(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
