package io.arbor.runtime.health;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static io.arbor.runtime.TestArbor.inMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Health;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.chain.PluginTiming;
import io.arbor.runtime.registry.PluginStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HealthAndProfileTest {

  /** A plugin whose health check answers what the test wants, possibly slowly. */
  private static PluginDefinition<String> withHealth(String name, int priority, Health answer, CountDownLatch block) {
    PluginDescriptor descriptor = PluginDescriptor.builder(name, TRAIL).priority(priority).build();
    return PluginDefinition.of(descriptor, () -> new Plugin<String>() {
      @Override
      public Step<String> call(String state, CallContext context) {
        return Step.next(state + ">" + name);
      }

      @Override
      public Health health() throws Exception {
        if (block != null) {
          block.await();
        }
        return answer;
      }
    });
  }

  @Test
  void pluginEventAndOverallHealthCombineStatusesChainsAndChecks() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(
        withHealth("fine", 1, Health.healthy(), null),
        withHealth("tired", 2, Health.degraded("queue 80% full"), null),
        withHealth("stuck", 3, Health.healthy(), never),
        appender("off", 4)).start()) {
      await(arbor.stop("off"));

      long started = System.nanoTime();
      EventHealth event = await(arbor.health("trail"));
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMillis < 3_000, "a hanging check is cut at its timeout (1 s by default), took " + tookMillis);

      assertEquals(List.of("fine", "tired", "stuck", "off"), event.plugins().stream().map(PluginHealth::plugin).toList());
      PluginHealth fine = event.plugins().get(0);
      assertTrue(fine.healthy() && fine.loaded() && fine.running());
      assertEquals(PluginStatus.STARTED, fine.status());
      PluginHealth tired = event.plugins().get(1);
      assertFalse(tired.healthy());
      assertEquals(Health.Status.DEGRADED, tired.probe().status());
      assertEquals("queue 80% full", tired.probe().detail());
      PluginHealth stuck = event.plugins().get(2);
      assertEquals(Health.Status.UNHEALTHY, stuck.probe().status());
      assertTrue(stuck.probe().detail().contains("did not answer"), stuck.probe().detail());
      PluginHealth off = event.plugins().get(3);
      assertEquals(PluginStatus.STOPPED, off.status());
      assertFalse(off.running());
      assertFalse(event.healthy());

      assertEquals("in>fine>tired>stuck", await(arbor.call(TRAIL, "in")).state(),
          "health never gates calls, and a hanging check does not delay them");
      assertFalse(await(arbor.health()).healthy());
      assertEquals(Health.Status.DEGRADED, await(arbor.pluginHealth("tired")).probe().status());
    } finally {
      never.countDown();
    }
  }

  @Test
  void aHealthyEventAndAThrowingCheck() {
    PluginDescriptor descriptor = PluginDescriptor.builder("broken-check", TRAIL).build();
    PluginDefinition<String> broken = PluginDefinition.of(descriptor, () -> new Plugin<String>() {
      @Override
      public Step<String> call(String state, CallContext context) {
        return Step.next(state);
      }

      @Override
      public Health health() {
        throw new IllegalStateException("disk gone");
      }
    });
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 1)).start()) {
      assertTrue(await(arbor.health()).healthy(), "start() returns with every plugin's start hook run");
      await(arbor.register(broken));
      eventually("broken-check has a running instance",
          () -> await(arbor.pluginHealth("broken-check")).probe().detail().contains("threw"));
      PluginHealth report = await(arbor.pluginHealth("broken-check"));
      assertFalse(report.healthy());
      assertTrue(report.probe().detail().contains("disk gone"), report.probe().detail());
    }
  }

  @Test
  void aProfiledCallReportsEachPluginsTime() {
    PluginDescriptor slow = PluginDescriptor.builder("slow", TRAIL).priority(5).build();
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 1), appender("z", 9),
        PluginDefinition.of(slow, () -> (String state, CallContext context) -> {
          TimeUnit.MILLISECONDS.sleep(30);
          return Step.next(state + ">slow");
        })).start()) {
      CallResult<String> profiled = await(arbor.call(TRAIL, "in", CallOptions.defaults().withProfile(true)));
      assertEquals(List.of("a", "slow", "z"), profiled.timings().stream().map(PluginTiming::plugin).toList());
      Duration slowTime = profiled.timings().get(1).elapsed();
      assertTrue(slowTime.toMillis() >= 30, "slow took " + slowTime);
      assertTrue(profiled.timings().get(0).elapsed().compareTo(slowTime) < 0);
      assertEquals(List.of(), await(arbor.call(TRAIL, "in")).timings(), "an unprofiled call carries no timings");
    }
  }
}
