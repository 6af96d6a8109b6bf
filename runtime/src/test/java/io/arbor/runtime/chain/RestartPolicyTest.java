package io.arbor.runtime.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.arbor.plugin.RestartStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void restartsAtOnceUntilMoreThanMaxRestartsFailuresFallWithinTheWindow() {
    RestartPolicy policy = new RestartPolicy(RestartStrategy.immediate(2, Duration.ofSeconds(10)));
    assertEquals(new RestartPolicy.Restart(Duration.ZERO), policy.onFailure(0));
    assertEquals(new RestartPolicy.Restart(Duration.ZERO), policy.onFailure(SECOND));
    RestartPolicy.GiveUp giveUp = assertInstanceOf(RestartPolicy.GiveUp.class, policy.onFailure(2 * SECOND));
    assertEquals(3, giveUp.failures());
  }

  @Test
  void failuresOlderThanTheWindowNoLongerCount() {
    RestartPolicy policy = new RestartPolicy(RestartStrategy.immediate(1, Duration.ofSeconds(10)));
    policy.onFailure(0);
    assertEquals(new RestartPolicy.Restart(Duration.ZERO), policy.onFailure(11 * SECOND), "the first failure expired");
    assertInstanceOf(RestartPolicy.GiveUp.class, policy.onFailure(12 * SECOND));
  }

  @Test
  void zeroRestartsGivesUpOnTheFirstFailure() {
    assertInstanceOf(RestartPolicy.GiveUp.class,
        new RestartPolicy(RestartStrategy.immediate(0, Duration.ofSeconds(1))).onFailure(0));
  }

  @Test
  void backoffDoublesFromItsMinimumUpToItsMaximum() {
    RestartPolicy policy = new RestartPolicy(
        RestartStrategy.backoff(10, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(350)));
    assertEquals(new RestartPolicy.Restart(Duration.ofMillis(100)), policy.onFailure(0));
    assertEquals(new RestartPolicy.Restart(Duration.ofMillis(200)), policy.onFailure(SECOND));
    assertEquals(new RestartPolicy.Restart(Duration.ofMillis(350)), policy.onFailure(2 * SECOND));
    assertEquals(new RestartPolicy.Restart(Duration.ofMillis(350)), policy.onFailure(3 * SECOND));
  }

  @Test
  void theLongestWindowCountsFailuresAcrossItWithoutOverflowing() {
    Duration window = RestartStrategy.MAX_WITHIN;
    long day = 86_400 * SECOND;
    RestartPolicy policy = new RestartPolicy(RestartStrategy.immediate(1, window));
    assertEquals(new RestartPolicy.Restart(Duration.ZERO), policy.onFailure(0), "the first failure restarts");
    RestartPolicy.GiveUp giveUp = assertInstanceOf(RestartPolicy.GiveUp.class, policy.onFailure(29 * day));
    assertEquals(window, giveUp.within());

    RestartPolicy later = new RestartPolicy(RestartStrategy.immediate(1, window));
    later.onFailure(0);
    assertEquals(new RestartPolicy.Restart(Duration.ZERO), later.onFailure(31 * day), "older than the window");
  }

  @Test
  void theLongestBackoffIsReachedWithoutOverflowing() {
    RestartPolicy policy = new RestartPolicy(RestartStrategy.backoff(
        100, RestartStrategy.MAX_WITHIN, Duration.ofMillis(1), RestartStrategy.MAX_BACKOFF));
    Duration delay = Duration.ZERO;
    for (int failure = 0; failure < 100; failure++) {
      delay = assertInstanceOf(RestartPolicy.Restart.class, policy.onFailure(failure * SECOND)).after();
    }
    assertEquals(RestartStrategy.MAX_BACKOFF, delay);
  }
}
