package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NameCandidatesTest {

  private final SplittableRandom random = new SplittableRandom(42);

  @Test
  void the_name_then_nine_numbered_copies_then_random_tags() {
    List<String> candidates = new ArrayList<>();
    for (int attempt = 0; attempt < NameCandidates.MAX_ATTEMPTS; attempt++) {
      candidates.add(NameCandidates.candidate("report.pdf", attempt, random));
    }

    assertThat(candidates.subList(0, 10))
        .containsExactly(
            "report.pdf",
            "report (1).pdf",
            "report (2).pdf",
            "report (3).pdf",
            "report (4).pdf",
            "report (5).pdf",
            "report (6).pdf",
            "report (7).pdf",
            "report (8).pdf",
            "report (9).pdf");
    assertThat(candidates.subList(10, candidates.size()))
        .hasSize(NameCandidates.RANDOM_ATTEMPTS)
        .doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).matches("report \\([a-km-np-z2-9]{6}\\)\\.pdf"));
  }

  /** Issue 13, finding 5: the work to find a free name does not grow with the copies stored. */
  @Test
  void beside_ten_thousand_numbered_copies_a_free_name_is_found_within_the_bounded_attempts() {
    Set<String> taken = new HashSet<>();
    taken.add("a.txt");
    for (int n = 1; n <= 10_000; n++) {
      taken.add("a (" + n + ").txt");
    }

    for (int file = 0; file < 99; file++) {
      int tries = 0;
      String name;
      do {
        name = NameCandidates.candidate("a.txt", tries++, random);
      } while (taken.contains(name));
      taken.add(name);

      assertThat(tries).isLessThanOrEqualTo(NameCandidates.NUMBERED + 2);
    }
  }

  @Test
  void there_is_no_candidate_past_the_last_attempt() {
    assertThatThrownBy(() -> NameCandidates.candidate("a.txt", NameCandidates.MAX_ATTEMPTS, random))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
