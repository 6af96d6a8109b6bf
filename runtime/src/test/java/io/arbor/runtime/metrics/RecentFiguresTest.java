package io.arbor.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentFiguresTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void eachIntervalIsTheDifferenceOfTwoSamplesFromZeroAndOnlyTheLastAreKept() {
    RecentFigures recent = new RecentFigures(2);
    recent.sample("audit", new RecentFigures.Totals(10, 1, 0, 2, 4_000_000), T0);
    recent.sample("audit", new RecentFigures.Totals(25, 1, 3, 3, 7_000_000), T0.plusSeconds(10));
    assertEquals(List.of(new RecentFigures.Interval(T0, 10, 1, 0, 2.0), new RecentFigures.Interval(T0.plusSeconds(10), 15, 0, 3, 3.0)),
        recent.recent("audit"));

    recent.sample("audit", new RecentFigures.Totals(25, 1, 3, 3, 7_000_000), T0.plusSeconds(20));
    List<RecentFigures.Interval> kept = recent.recent("audit");
    assertEquals(2, kept.size(), "the oldest interval is dropped");
    assertEquals(T0.plusSeconds(10), kept.get(0).at());
    assertEquals(0, kept.get(1).calls(), "a quiet interval counts nothing");
    assertNull(kept.get(1).meanMillis(), "nothing was timed in it");
  }

  @Test
  void metersReplacedFromZeroNeverGiveANegativeIntervalAndAForgottenKeyStartsOver() {
    RecentFigures recent = new RecentFigures(5);
    recent.sample("audit", new RecentFigures.Totals(100, 5, 0, 6, 6_000_000), T0);
    recent.sample("audit", new RecentFigures.Totals(4, 0, 0, 0, 0), T0.plusSeconds(10));
    assertEquals(0, recent.recent("audit").get(1).calls());
    recent.forget("audit");
    assertEquals(List.of(), recent.recent("audit"));
    recent.sample("audit", new RecentFigures.Totals(4, 0, 0, 0, 0), T0.plusSeconds(20));
    assertEquals(4, recent.recent("audit").get(0).calls());
    assertEquals(List.of(), recent.recent("unknown"));
    assertThrows(IllegalArgumentException.class, () -> new RecentFigures(0));
  }
}
