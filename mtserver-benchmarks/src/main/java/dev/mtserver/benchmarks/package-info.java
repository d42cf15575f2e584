/**
 * JMH benchmarks of MTServer's hot parsers. Not tests: the build compiles them and packages {@code
 * target/benchmarks.jar}; run them by hand on a quiet machine and record the numbers in {@code
 * docs/benchmarks.md}.
 */
package dev.mtserver.benchmarks;
