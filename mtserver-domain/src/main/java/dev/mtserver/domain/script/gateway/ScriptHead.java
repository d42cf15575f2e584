package dev.mtserver.domain.script.gateway;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.script.HeaderField;
import java.util.List;
import java.util.OptionalLong;

/**
 * A script's header block, understood (RFC 3875 §6.2): a document to send, or a local redirect. The
 * same for every gateway: php-cgi writes it on stdout, php-fpm on {@code FCGI_STDOUT}.
 */
public sealed interface ScriptHead {

  /**
   * A document response, or a client redirect ({@code Location} with a status).
   *
   * @param status the {@code Status} field's code, 302 for a client redirect without one, else 200
   * @param fields every other field to send, in order ({@code Location} included)
   * @param contentLength the declared {@code Content-Length}, if the script gave one
   */
  record Document(int status, List<HeaderField> fields, OptionalLong contentLength)
      implements ScriptHead {
    public Document {
      fields = ImmutableList.copyOf(fields);
    }
  }

  /** {@code Location: /path} and no {@code Status}: the server answers with that resource. */
  record LocalRedirect(String location) implements ScriptHead {}
}
