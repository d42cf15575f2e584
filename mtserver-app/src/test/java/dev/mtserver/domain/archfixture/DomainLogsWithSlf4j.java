package dev.mtserver.domain.archfixture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deliberately bad: a domain class depending on a library other than Guava. */
public class DomainLogsWithSlf4j {
  private static final Logger log = LoggerFactory.getLogger(DomainLogsWithSlf4j.class);

  public void run() {
    log.info("the domain should not log");
  }
}
