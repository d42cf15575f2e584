package dev.mtserver.http.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @Test
  void leases_reserve_from_one_budget_and_a_reservation_past_it_is_refused_and_counted()
      throws Exception {
    MemoryBudget budget = MemoryBudget.of(1000);
    try (MemoryLease first = budget.lease();
        MemoryLease second = budget.lease()) {
      first.reserve(600);
      second.reserve(400);
      assertThat(budget.inUse()).isEqualTo(1000);

      assertThatThrownBy(() -> second.reserve(1))
          .isInstanceOf(RequestMemoryExhaustedException.class);
      assertThat(second.held()).as("a refused reservation takes nothing").isEqualTo(400);
      assertThat(budget.refusals()).isEqualTo(1);

      first.release(100);
      second.reserve(100);
      assertThat(budget.inUse()).isEqualTo(1000);
    }
    assertThat(budget.inUse()).as("closing gives everything back").isZero();
  }

  @Test
  void a_closed_lease_gives_back_once_and_reserves_no_more() throws Exception {
    MemoryBudget budget = MemoryBudget.of(100);
    MemoryLease lease = budget.lease();
    lease.reserve(50);
    lease.close();
    lease.close();

    assertThat(budget.inUse()).isZero();
    assertThatThrownBy(() -> lease.reserve(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void releasing_more_than_held_gives_back_only_what_was_held() throws Exception {
    MemoryBudget budget = MemoryBudget.of(100);
    try (MemoryLease other = budget.lease();
        MemoryLease lease = budget.lease()) {
      other.reserve(30);
      lease.reserve(20);
      lease.release(1000);
      assertThat(budget.inUse()).isEqualTo(30);
    }
  }

  @Test
  void under_contention_the_budget_is_never_crossed_and_ends_at_zero() throws Exception {
    MemoryBudget budget = MemoryBudget.of(10_000);
    AtomicInteger overshoot = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    try (MemoryLease lease = budget.lease()) {
                      lease.reserve(1 + i % 3000);
                      if (budget.inUse() > budget.capacity()) {
                        overshoot.incrementAndGet();
                      }
                    } catch (RequestMemoryExhaustedException refused) {
                      // expected now and then
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(overshoot).hasValue(0);
    assertThat(budget.inUse()).isZero();
  }
}
