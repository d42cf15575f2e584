package dev.mtserver.http.site.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests: checks that every family has
 * exactly one HELP and one TYPE line before its samples, that a family's samples are not split,
 * that lines end in LF, and returns every sample by its name and labels.
 */
public final class ExpositionFormat {

  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n"
              + "]|\\\\[\\\\\"n])*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n"
              + "]|\\\\[\\\\\"n])*\")*\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+)?)");

  private ExpositionFormat() {}

  /** Every sample, keyed by {@code name} or {@code name{labels}} exactly as written. */
  public static Map<String, Double> parse(String page) {
    assertThat(page).endsWith("\n").doesNotContain("\r");
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    String help = null;
    String family = null;
    for (String line : page.split("\n", -1)) {
      if (line.isEmpty()) {
        continue; // the split after the last LF
      }
      Matcher helpLine = HELP.matcher(line);
      Matcher typeLine = TYPE.matcher(line);
      Matcher sampleLine = SAMPLE.matcher(line);
      if (helpLine.matches()) {
        assertThat(types)
            .as("family %s seen twice", helpLine.group(1))
            .doesNotContainKey(helpLine.group(1));
        help = helpLine.group(1);
        family = null;
      } else if (typeLine.matches()) {
        assertThat(typeLine.group(1)).as("TYPE follows its HELP").isEqualTo(help);
        types.put(typeLine.group(1), typeLine.group(2));
        family = typeLine.group(1);
      } else if (sampleLine.matches()) {
        assertThat(sampleLine.group(1))
            .as("sample %s belongs to the family just declared", line)
            .isEqualTo(family);
        String key = sampleLine.group(1) + (sampleLine.group(2) == null ? "" : sampleLine.group(2));
        assertThat(samples).as("duplicate sample %s", key).doesNotContainKey(key);
        samples.put(key, Double.parseDouble(sampleLine.group(3)));
        if (types.get(family).equals("counter")) {
          assertThat(family).endsWith("_total");
        }
      } else {
        fail("not a line of the text format: " + line);
      }
    }
    return samples;
  }
}
