package dev.mtserver.grammar.archfixture;

import dev.mtserver.http.codec.HttpProtocolException;

/** Deliberately bad: the grammar deciding a status itself, with the codec's exception. */
public class GrammarKnowsTheCodec {
  public HttpProtocolException refuse() {
    return new HttpProtocolException(400, "Bad header field");
  }
}
