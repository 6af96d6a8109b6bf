package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.Step;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testlib.Shared;

class PluginClassLoaderTest {
  @TempDir
  Path dir;

  /** A JAR whose Greeter says which copy of testlib.Shared it sees, and which carries a fake plugin-API class. */
  private URL artifact(String version) throws MalformedURLException {
    Path jar = new PluginJar().compiled(dir, Map.of(
            "com.example.Greeter", """
                package com.example;
                public final class Greeter implements java.util.function.Supplier<String> {
                  public String get() { return "%s " + testlib.Shared.origin(); }
                }
                """.formatted(version),
            "testlib.Shared", """
                package testlib;
                public final class Shared { public static String origin() { return "artifact"; } }
                """,
            "io.arbor.plugin.Step", """
                package io.arbor.plugin;
                public final class Step { }
                """,
            "io.arbor.plugin.extras.Helper", """
                package io.arbor.plugin.extras;
                public final class Helper { }
                """,
            "io.arbor.examples.greeting.Greeting", """
                package io.arbor.examples.greeting;
                public final class Greeting { }
                """))
        .entry("META-INF/services/java.util.function.Supplier", "com.example.Greeter\n")
        .writeTo(dir.resolve("greeter-" + version + ".jar"));
    return jar.toUri().toURL();
  }

  private PluginClassLoader loader(String version) throws MalformedURLException {
    return new PluginClassLoader("greeter-" + version, List.of(artifact(version)), getClass().getClassLoader(), List.of());
  }

  @SuppressWarnings("unchecked")
  private static Supplier<String> greeter(ClassLoader loader) throws ReflectiveOperationException {
    return (Supplier<String>) loader.loadClass("com.example.Greeter").getDeclaredConstructor().newInstance();
  }

  @Test
  void theArtifactsOwnClassesWinAndTheApplicationsSharedOnesAreTheSameClass() throws Exception {
    try (PluginClassLoader loader = loader("1.0.0")) {
      assertEquals("1.0.0 artifact", greeter(loader).get(), "its own testlib.Shared, not the application's");
      assertEquals("application", Shared.origin());
      assertSame(Step.class, loader.loadClass("io.arbor.plugin.Step"), "the plugin API is the application's, whatever the JAR holds");
      assertSame(Supplier.class, loader.loadClass("java.util.function.Supplier"));
      assertTrue(loader.fromApplication("org.apache.pekko.actor.typed.ActorRef"));
      assertTrue(loader.getResources("META-INF/services/java.util.function.Supplier").nextElement().toString()
          .contains("greeter-1.0.0.jar"), "its own service file comes first");
    }
  }

  @Test
  void onlyArborsOwnPackagesAreTheApplicationsAndAParentFirstNameTheApplicationLacksIsTheArtifacts() throws Exception {
    try (PluginClassLoader loader = loader("1.0.0")) {
      assertSame(loader, loader.loadClass("io.arbor.examples.greeting.Greeting").getClassLoader(),
          "a plugin in an io.arbor. package of its own is the artifact's");
      assertSame(loader, loader.loadClass("io.arbor.plugin.extras.Helper").getClassLoader(),
          "a parent-first name the application does not have comes from the artifact");
    }
  }

  @Test
  void twoVersionsLiveSideBySideWithoutSharingClasses() throws Exception {
    try (PluginClassLoader one = loader("1.0.0"); PluginClassLoader two = loader("2.0.0")) {
      assertEquals("1.0.0 artifact", greeter(one).get());
      assertEquals("2.0.0 artifact", greeter(two).get());
      assertNotSame(one.loadClass("com.example.Greeter"), two.loadClass("com.example.Greeter"));
    }
  }

  @Test
  void anExtraParentFirstNameComesFromTheApplication() throws Exception {
    try (PluginClassLoader loader = new PluginClassLoader("greeter", List.of(artifact("1.0.0")), getClass().getClassLoader(),
        List.of("testlib.Shared"))) {
      assertEquals("1.0.0 application", greeter(loader).get());
      assertTrue(loader.getResource("testlib/Shared.class").toString().contains("test-classes"),
          "its resource is the application's too: " + loader.getResource("testlib/Shared.class"));
    }
  }

  @Test
  void aClosedLoaderWithNothingReferencingItIsCollected() throws Exception {
    WeakReference<PluginClassLoader> reference = loadUseAndClose();
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(reference.get(), "the closed loader was garbage-collected");
  }

  private WeakReference<PluginClassLoader> loadUseAndClose() throws ReflectiveOperationException, IOException {
    PluginClassLoader loader = loader("1.0.0");
    assertEquals("1.0.0 artifact", greeter(loader).get());
    loader.close();
    return new WeakReference<>(loader);
  }
}
