package dev.mtserver.app.cli;

import dev.mtserver.threads.ThreadSource;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/**
 * Reads the command's annotations on a thread of its own while the main thread sets up logging, so
 * that picocli, which builds its model of the flags from them, finds them already read.
 *
 * <p>Why: the start is CPU-bound, and the JDK makes the first reading of each annotation type
 * expensive. It parses the annotation from the class file and answers with a proxy whose class it
 * generates at run time (the start-up cache cannot keep such classes): about 3 ms per annotation
 * type, and some 25 ms for the first one in the process, which loads and runs the JDK's class-file
 * generator. Of the eight such classes the start generates, one is for Logback; the others are for
 * picocli's reading of the command and its eight mixins (docs/benchmarks.md, sixteenth session).
 * The JDK keeps what it read with the class's fields and methods, so picocli's reading on the main
 * thread then costs little.
 *
 * <p>Only reflection: no class is initialized (so no logger is asked for before logging is set up),
 * nothing is logged, nothing is kept. A failure here changes nothing: picocli reads the same
 * annotations again and reports what it finds.
 */
final class AnnotationPrefetch {

  private AnnotationPrefetch() {}

  /**
   * Starts reading {@code command}'s annotations on a daemon thread from {@code threads}; returns
   * at once.
   */
  static void start(Class<?> command, ThreadSource threads) {
    threads.daemonThread("mtserver-cli-prefetch", () -> read(command)).start();
  }

  /**
   * Reads the annotations of {@code command}, its fields and methods, and those of every class a
   * {@code @Mixin} or {@code @ArgGroup} field of it names, and theirs in turn.
   *
   * @return the classes read, {@code command} first
   */
  static Set<Class<?>> read(Class<?> command) {
    Set<Class<?>> read = new LinkedHashSet<>();
    try {
      readInto(command, read);
    } catch (RuntimeException | LinkageError e) {
      // picocli reads them again on the main thread and reports there what is wrong
    }
    return read;
  }

  private static void readInto(Class<?> type, Set<Class<?>> read) {
    if (!read.add(type)) {
      return;
    }
    touch(type);
    for (Method method : type.getDeclaredMethods()) {
      touch(method);
    }
    for (Field field : type.getDeclaredFields()) {
      touch(field);
      if (field.isAnnotationPresent(Mixin.class) || field.isAnnotationPresent(ArgGroup.class)) {
        readInto(field.getType(), read);
      }
    }
  }

  /** Makes the JDK parse the element's annotations (it keeps them with the element's class). */
  private static void touch(AnnotatedElement element) {
    var unused = element.getDeclaredAnnotations();
  }
}
