package dev.mtserver.archfixture.cycle.a;

import dev.mtserver.archfixture.cycle.b.NeedsA;

/** Deliberately bad: half of a package cycle. */
public class NeedsB {
  NeedsA other;
}
