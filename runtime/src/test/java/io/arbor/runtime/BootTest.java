package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.lifecycle.Operation;
import io.arbor.runtime.lifecycle.Target;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What boot does with what the journal holds: the DESIGN's boot rules, across a full restart. */
class BootTest {
  @TempDir Path directory;

  private Config database() {
    return TestArbor.database("jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(), "sa", "boot-test");
  }

  private static Arbor start(Config config, PluginDefinition<?>... code) {
    return Arbor.builder().config(config).event(TRAIL).plugin(code).start();
  }

  private static Registry.Reply send(Arbor arbor, java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Registry.Reply>, Registry.Command> command) {
    return await(AskPattern.ask(arbor.registryRef(), command::apply, Duration.ofSeconds(10), arbor.system().scheduler()));
  }

  @Test
  void aPluginStillRegisteredIsStartedAtBootAndAFailedOneStaysFailed() {
    Config config = database();
    try (Arbor first = start(config, appender("survivor", 5))) {
      // A registration whose start never happened (say the node died in between), and a plugin whose supervisor gave up.
      PluginDescriptor limbo = PluginDescriptor.builder("limbo", TRAIL).priority(1).build();
      assertInstanceOf(Registry.Accepted.class, send(first, replyTo -> new Registry.Register(limbo, "test", replyTo)));
      assertInstanceOf(Registry.Accepted.class,
          send(first, replyTo -> new Registry.Change(Operation.MARK_FAILED, Target.plugin("survivor"), "test", "test", replyTo)));
      assertEquals(PluginStatus.REGISTERED, await(first.plugin("limbo")).orElseThrow().status());
    }
    try (Arbor second = start(config, appender("limbo", 1), appender("survivor", 5))) {
      assertEquals(PluginStatus.STARTED, await(second.plugin("limbo")).orElseThrow().status());
      assertEquals(PluginStatus.FAILED, await(second.plugin("survivor")).orElseThrow().status(),
          "only an operator brings a failed plugin back");
      assertEquals("in>limbo", await(second.call(TRAIL, "in")).state());
      await(second.restart("survivor"));
      assertEquals("in>limbo>survivor", await(second.call(TRAIL, "in")).state());
    }
  }

  @Test
  void pluginsWhoseCodeIsMissingAreReportedNotDropped() {
    Config config = database();
    try (Arbor first = start(config, appender("kept", 1), appender("removed", 2))) {
      assertEquals("in>kept>removed", await(first.call(TRAIL, "in")).state());
    }
    try (Arbor second = start(config, appender("kept", 1))) {
      assertEquals(List.of("removed"), await(second.missingCode()));
      assertEquals(PluginStatus.STARTED, await(second.plugin("removed")).orElseThrow().status(), "still registered and active");
      CallResult<String> result = await(second.call(TRAIL, "in"));
      assertEquals("in>kept", result.state());
      assertEquals(List.of("removed"), result.notLoaded(), "every call says which plugins were left out");
      assertEquals(List.of("removed"), await(second.health("trail")).notLoaded());

      await(second.register(appender("removed", 2)));
      assertEquals("in>kept>removed", await(second.call(TRAIL, "in")).state(), "code registered later joins the chain");
      assertEquals(List.of(), await(second.missingCode()));
    }
  }
}
