package dev.mtserver.http.site.admin;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: for each metric family
 * one {@code # HELP} line, one {@code # TYPE} line, then its samples, each line ending in LF. HELP
 * text escapes backslash and line feed; label values also escape the double quote. Names are
 * checked against the format's grammar, so a typo fails in tests rather than in a scraper.
 */
public final class PrometheusText {

  /** The {@code Content-Type} of a page in this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The kinds of metric this server exposes. */
  public enum Type {
    COUNTER,
    GAUGE;

    String word() {
      return this == COUNTER ? "counter" : "gauge";
    }
  }

  private final StringBuilder text = new StringBuilder(4096);
  private String family;

  /** Starts a metric family: its HELP and TYPE lines. Its samples must follow before the next. */
  public PrometheusText family(String name, Type type, String help) {
    checkArgument(METRIC_NAME.matcher(name).matches(), "bad metric name %s", name);
    checkArgument(
        type != Type.COUNTER || name.endsWith("_total"),
        "a counter's name ends in _total: %s",
        name);
    family = name;
    text.append("# HELP ").append(name).append(' ');
    escape(help, false);
    text.append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type.word()).append('\n');
    return this;
  }

  /** A sample without labels of the current family. */
  public PrometheusText sample(long value) {
    checkState(family != null, "no family started");
    text.append(family).append(' ').append(value).append('\n');
    return this;
  }

  /** A sample of the current family with one label. */
  public PrometheusText sample(String labelName, String labelValue, long value) {
    checkState(family != null, "no family started");
    checkArgument(
        LABEL_NAME.matcher(labelName).matches() && !labelName.startsWith("__"),
        "bad label name %s",
        labelName);
    text.append(family).append('{').append(labelName).append("=\"");
    escape(labelValue, true);
    text.append("\"} ").append(value).append('\n');
    return this;
  }

  /** A family with a single sample and no labels. */
  public PrometheusText single(String name, Type type, String help, long value) {
    return family(name, type, help).sample(value);
  }

  private void escape(String value, boolean quote) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '"' -> text.append(quote ? "\\\"" : "\"");
        default -> text.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }

  public byte[] toBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }
}
