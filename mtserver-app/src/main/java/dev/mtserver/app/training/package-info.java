/**
 * The training run of the start-up cache: a small site in a temporary directory ({@link
 * dev.mtserver.app.training.TrainingSite}) and the requests made to a server serving it ({@link
 * dev.mtserver.app.training.TrainingWorkload}), in the shapes the usual clients give them ({@link
 * dev.mtserver.app.training.TrainingClient}: kept-alive connections as {@code wrk} keeps them, a
 * connection per request as {@code ab} and {@code curl} open them, the headers browsers add).
 *
 * <p>Why: JDK 25's ahead-of-time cache keeps, besides the classes a run loaded, the profiles the
 * JIT gathered in it; the next run compiles its hot paths from them instead of first running them
 * in the interpreter. {@code bin/mtserver} records the cache in a run of {@code
 * dev.mtserver.app.cli.TrainingRun} before the first start of a build, so that a server's first
 * requests of every shape are served by code prepared for them (ADR 0045's amendment of the
 * seventeenth session; docs/benchmarks.md). It is the one client in the code base, so the only code
 * outside the transport that opens sockets (ArchitectureRules).
 */
package dev.mtserver.app.training;
