package dev.mtserver.http.site.archfixture;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.RequestHeadParser;

/** Deliberately bad: a site handler running the engine's request-head parser. */
public class SiteParsesHeads {
  public RequestHeadParser parser() {
    return new RequestHeadParser(HttpLimits.defaults());
  }
}
