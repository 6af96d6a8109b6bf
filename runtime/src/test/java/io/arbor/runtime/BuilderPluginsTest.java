package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.ArborPlugin;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.Step;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plugins the builder registers: each name once, the ones given explicitly before the discovered ones. */
class BuilderPluginsTest {
  @TempDir Path classPath;

  @ArborPlugin(name = "shared", event = "trail", priority = 1)
  public static final class DiscoveredShared implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state + ">discovered");
    }
  }

  @Test
  void aPluginNameGivenTwiceIsRefusedAtStartNamingIt() {
    Arbor.Builder builder = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(appender("a", 1), appender("twice", 2))
        .plugin(appender("twice", 3));
    InvalidArgumentException error = assertThrows(InvalidArgumentException.class, builder::start);
    assertEquals("plugins", error.argument());
    assertTrue(error.getMessage().contains("'twice'"), error.getMessage());
  }

  @Test
  void aPluginGivenToTheBuilderWinsOverADiscoveredOneOfTheSameName() throws IOException {
    Path services = Files.createDirectories(classPath.resolve("META-INF/services"));
    Files.writeString(services.resolve(Plugin.class.getName()), DiscoveredShared.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader());
        Arbor arbor = Arbor.builder()
            .config(ConfigFactory.parseMap(Map.of("arbor.discover-plugins", "on")).withFallback(TestArbor.inMemory()))
            .discoverWith(loader)
            .event(TRAIL)
            .plugin(appender("shared", 1))
            .start()) {
      assertEquals("in>shared", await(arbor.call(TRAIL, "in")).state());
    }
  }
}
