package dev.mtserver.archfixture.cycle.b;

import dev.mtserver.archfixture.cycle.a.NeedsB;

/** Deliberately bad: the other half of a package cycle. */
public class NeedsA {
  NeedsB other;
}
