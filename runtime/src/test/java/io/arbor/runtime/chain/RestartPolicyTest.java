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
}
