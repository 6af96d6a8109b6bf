package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.Step;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testlib.Shared;

class PluginScanTest {
  private static final Function<String, Optional<Class<?>>> GREETINGS_ARE_STRINGS =
      event -> event.equals("greetings") ? Optional.of(String.class) : Optional.empty();

  @TempDir
  Path dir;

  private static String plugin(String className, String name, String event, String stateType) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return """
        package %s;
        import io.arbor.plugin.*;
        @ArborPlugin(name = "%s", event = "%s")
        public final class %s implements Plugin<%s> {
          public Step<%s> call(%s state, CallContext context) { return Step.next(state); }
        }
        """.formatted(className.substring(0, className.lastIndexOf('.')), name, event, simple, stateType, stateType, stateType);
  }

  private PluginClassLoader artifact(Map<String, String> sources, String services) throws MalformedURLException {
    PluginJar jar = new PluginJar().compiled(dir, sources);
    if (services != null) {
      jar.entry("META-INF/services/io.arbor.plugin.Plugin", services);
    }
    Path file = jar.writeTo(dir.resolve("artifact-" + System.nanoTime() + ".jar"));
    return new PluginClassLoader("artifact", List.of(file.toUri().toURL()), getClass().getClassLoader(), List.of());
  }

  private static InstallException refused(PluginClassLoader artifact) {
    return assertThrows(InstallException.class, () -> PluginScan.scan(artifact, GREETINGS_ARE_STRINGS));
  }

  @Test
  void findsTheArtifactsPluginsWithTheirStateTypeAndNotTheApplications() throws Exception {
    try (PluginClassLoader artifact = artifact(Map.of(
        "com.example.Hello", plugin("com.example.Hello", "hello", "greetings", "String"),
        "com.example.Shout", plugin("com.example.Shout", "shout", "greetings", "String")),
        "com.example.Hello\ncom.example.Shout\n")) {
      List<PluginScan.Found> found = PluginScan.scan(artifact, GREETINGS_ARE_STRINGS);
      assertEquals(List.of("hello", "shout"), found.stream().map(f -> f.definition().descriptor().name()).sorted().toList());
      found.forEach(f -> assertSame(String.class, f.stateType()));
      assertEquals("greetings", found.get(0).definition().descriptor().event());
      assertTrue(found.get(0).definition().factory().get() instanceof Plugin<?>, "the factory makes an instance");
    }
  }

  @Test
  void theApplicationsOwnPluginsSeenThroughTheParentAreNotTheArtifacts() throws Exception {
    // An "application" with a plugin of its own on its class path, listed in its own service file.
    Path application = new PluginJar().compiled(dir, Map.of("com.app.Native", plugin("com.app.Native", "native", "greetings", "String")))
        .entry("META-INF/services/io.arbor.plugin.Plugin", "com.app.Native\n").writeTo(dir.resolve("application.jar"));
    Path artifactJar = new PluginJar().compiled(dir, Map.of("com.example.Hello", plugin("com.example.Hello", "hello", "greetings", "String")))
        .entry("META-INF/services/io.arbor.plugin.Plugin", "com.example.Hello\n").writeTo(dir.resolve("artifact-own.jar"));
    try (URLClassLoader app = new URLClassLoader(new URL[] {application.toUri().toURL()}, getClass().getClassLoader());
         PluginClassLoader artifact = new PluginClassLoader("artifact", List.of(artifactJar.toUri().toURL()), app, List.of())) {
      assertEquals(List.of("hello"), PluginScan.scan(artifact, GREETINGS_ARE_STRINGS).stream()
          .map(found -> found.definition().descriptor().name()).toList());
    }
    try (URLClassLoader app = new URLClassLoader(new URL[] {application.toUri().toURL()}, getClass().getClassLoader());
         PluginClassLoader empty = new PluginClassLoader("empty", List.of(new PluginJar().entry("a.txt", "x")
             .writeTo(dir.resolve("empty.jar")).toUri().toURL()), app, List.of())) {
      assertEquals("no_plugin", assertThrows(InstallException.class, () -> PluginScan.scan(empty, GREETINGS_ARE_STRINGS)).code(),
          "the application's plugin does not count as the artifact's");
    }
  }

  @Test
  void aJarWithoutAPluginOfItsOwnIsRefused() throws Exception {
    try (PluginClassLoader empty = artifact(Map.of("com.example.Util", "package com.example; public class Util {}"), null)) {
      InstallException refused = refused(empty);
      assertEquals("no_plugin", refused.code());
      assertEquals("source", refused.field());
    }
  }

  @Test
  void aListedClassWithoutTheAnnotationOrMissingIsAnInvalidPlugin() throws Exception {
    String unannotated = """
        package com.example;
        import io.arbor.plugin.*;
        public final class Bare implements Plugin<String> {
          public Step<String> call(String state, CallContext context) { return Step.next(state); }
        }
        """;
    try (PluginClassLoader artifact = artifact(Map.of("com.example.Bare", unannotated), "com.example.Bare\n")) {
      InstallException refused = refused(artifact);
      assertEquals("invalid_plugin", refused.code());
      assertEquals("com.example.Bare", refused.field());
    }
    try (PluginClassLoader artifact = artifact(Map.of("com.example.Util", "package com.example; public class Util {}"),
        "com.example.Missing\n")) {
      assertEquals("invalid_plugin", refused(artifact).code());
    }
  }

  @Test
  void aStateTypeOtherThanTheDeclaredOneIsAMismatch() throws Exception {
    try (PluginClassLoader artifact = artifact(Map.of("com.example.Count", plugin("com.example.Count", "count", "greetings", "Integer")),
        "com.example.Count\n")) {
      InstallException refused = refused(artifact);
      assertEquals("state_type_mismatch", refused.code());
      assertEquals("count", refused.field());
      assertTrue(refused.getMessage().contains("java.lang.String"), refused.getMessage());
    }
  }

  @Test
  void theArtifactsOwnCopyOfTheApplicationsStateClassIsAMismatchNamedAsSuch() throws Exception {
    Function<String, Optional<Class<?>>> declaredWithShared = event -> Optional.of(Shared.class);
    try (PluginClassLoader artifact = artifact(Map.of(
        "com.example.Copy", plugin("com.example.Copy", "copy", "shared", "testlib.Shared"),
        "testlib.Shared", "package testlib; public final class Shared {}"), "com.example.Copy\n")) {
      InstallException refused = assertThrows(InstallException.class, () -> PluginScan.scan(artifact, declaredWithShared));
      assertEquals("state_type_mismatch", refused.code());
      assertTrue(refused.getMessage().contains("second copy"), refused.getMessage());
    }
  }

  @Test
  void anUndeclaredEventIsFineWithAnApplicationStateClassButNotWithTheArtifactsOwn() throws Exception {
    try (PluginClassLoader artifact = artifact(Map.of("com.example.Later", plugin("com.example.Later", "later", "later.event", "String")),
        "com.example.Later\n")) {
      assertSame(String.class, PluginScan.scan(artifact, GREETINGS_ARE_STRINGS).get(0).stateType());
    }
    try (PluginClassLoader artifact = artifact(Map.of(
        "com.example.Own", plugin("com.example.Own", "own", "own.event", "com.example.OwnState"),
        "com.example.OwnState", "package com.example; public record OwnState(String value) {}"), "com.example.Own\n")) {
      InstallException refused = refused(artifact);
      assertEquals("state_type_mismatch", refused.code());
      assertTrue(refused.getMessage().contains("must come from the application"), refused.getMessage());
    }
  }

  /** Raw Plugin: the state class cannot be read, so it cannot be checked. */
  @SuppressWarnings("rawtypes")
  static final class RawPlugin implements Plugin {
    @Override
    public Step call(Object state, CallContext context) {
      return Step.next(state);
    }
  }

  abstract static class Base<S> implements Plugin<S> {}

  static final class ThroughABase extends Base<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state);
    }
  }

  static final class Direct implements Plugin<List<String>> {
    @Override
    public Step<List<String>> call(List<String> state, CallContext context) {
      return Step.next(state);
    }
  }

  interface TextPlugin extends Plugin<String> {}

  static final class ThroughAnInterface implements TextPlugin {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state);
    }
  }

  abstract static class Unbound<S> implements Plugin<S> {}

  @Test
  void theStateTypeIsReadFromPluginsTypeArgument() {
    assertEquals(null, PluginScan.stateType(RawPlugin.class));
    assertEquals(null, PluginScan.stateType(Unbound.class), "an unbound variable names no class");
    assertSame(String.class, PluginScan.stateType(ThroughABase.class), "a variable bound by a subclass is followed");
    assertSame(String.class, PluginScan.stateType(ThroughAnInterface.class));
    assertSame(List.class, PluginScan.stateType(Direct.class));
  }
}
