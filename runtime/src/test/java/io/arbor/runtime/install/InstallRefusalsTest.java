package io.arbor.runtime.install;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.LifecycleChange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refusal of an install, through the public API of a node with stamp 1.0.0 installed: the
 * error's code, and nothing left behind: no file (staging, loaded versions, the shared store), no
 * journal event, no new class loader or plugin actor (no plugin of the refused JAR ever started), and
 * 1.0.0 still serving.
 */
class InstallRefusalsTest {
  @TempDir
  static Path keys;

  private static KeyStore.PrivateKeyEntry publisher;

  @TempDir
  Path dir;

  private Arbor arbor;
  /** One journal for the test, kept across its restarts. */
  private Config journal;
  private StampJars jars;
  private Installation installed;

  @BeforeAll
  static void makeKeys() throws Exception {
    publisher = TestKeys.keyPair(keys, "publisher");
  }

  @BeforeEach
  void installFirstVersion() {
    jars = new StampJars(dir);
    journal = TestArbor.inMemory();
    arbor = Arbor.builder().config(config(Map.of())).event(TRAIL).start();
    installed = await(arbor.install(InstallRequest.file(jars.stamp("1.0.0"))));
  }

  @AfterEach
  void close() {
    arbor.close();
  }

  private Config config(Map<String, Object> more) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        "arbor.install.directory", dir.resolve("node").toString(),
        "arbor.install.store", "directory",
        "arbor.install.store-directory", dir.resolve("store").toString(),
        "arbor.install.max-archive-size", "512KiB"));
    settings.putAll(more);
    return ConfigFactory.parseMap(settings).withFallback(journal);
  }

  /** Every file under {@code directory}, relative to it. */
  private static List<String> files(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(directory)) {
      return all.filter(Files::isRegularFile).map(path -> directory.relativize(path).toString()).sorted().toList();
    }
  }

  private void refusedLeavingNothing(String code, InstallRequest request) throws Exception {
    Arbor node = arbor;
    List<LifecycleChange> history = await(node.history());
    List<String> nodeFiles = files(dir.resolve("node"));
    List<String> storeFiles = files(dir.resolve("store"));
    int loaders = InstalledLoaders.seen();

    CompletionException failed = assertThrows(CompletionException.class, () -> node.install(request).toCompletableFuture().join());
    ArborException error = assertInstanceOf(ArborException.class, failed.getCause());
    assertEquals(code, error.code(), error.getMessage());

    assertEquals(history, await(node.history()), "no journal event");
    assertEquals(nodeFiles, files(dir.resolve("node")), "no file left on the node");
    assertEquals(storeFiles, files(dir.resolve("store")), "nothing left in the store");
    assertEquals(Map.of("stamp", installed), await(node.installations()));
    assertEquals("in>stamp-1.0.0", await(node.call(TRAIL, "in")).state(), "1.0.0 still serves");
    assertEquals(loaders, InstalledLoaders.seen(), "no plugin of the refused JAR started");
  }

  private Path write(String name, PluginJar jar) {
    return jar.writeTo(dir.resolve(name));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "older version,             version_not_newer",
      "equal version,             version_not_newer",
      "same bytes again,          version_not_newer",
      "no version,                invalid_version",
      "bad name,                  invalid_name",
      "state type mismatch,       state_type_mismatch",
      "no plugin inside,          no_plugin",
      "path traversal,            path_traversal",
      "oversized,                 too_large",
      "zip bomb,                  zip_bomb",
      "corrupt,                   corrupt_archive",
      "duplicate entry,           duplicate_entry",
      "checksum mismatch,         checksum_mismatch",
      "not allow-listed,          not_allow_listed",
      "plain http,                not_allow_listed",
      "missing file,              artifact_not_found",
  })
  void eachRefusalLeavesNothingBehind(String refusal, String code) throws Exception {
    if (refusal.equals("same bytes again")) {
      try (Stream<Path> loaded = Files.list(dir.resolve("node/loaded"))) {
        Path version = loaded.filter(path -> path.getFileName().toString().startsWith(installed.sha256())).findFirst().orElseThrow();
        Files.copy(version.resolve("artifact.jar"), dir.resolve("copy.jar"));
      }
    }
    InstallRequest request = switch (refusal) {
      case "older version" -> InstallRequest.file(jars.stamp("0.9.0"));
      case "equal version" -> InstallRequest.file(jars.stamp("1.0.0"));
      case "same bytes again" -> InstallRequest.file(dir.resolve("copy.jar"));
      case "no version" -> InstallRequest.file(write("bare.jar", new PluginJar().entry("x.txt", "x"))).named("stamp");
      case "bad name" -> InstallRequest.file(jars.stamp("2.0.0")).named("Stamp Plugin");
      case "state type mismatch" -> InstallRequest.file(jars.wrongStateType()).version("2.0.0");
      case "no plugin inside" -> InstallRequest.file(jars.noPlugin()).version("2.0.0");
      case "path traversal" -> InstallRequest.file(write("slip.jar", new PluginJar().entry("../../evil.class", "x")))
          .named("stamp").version("2.0.0");
      case "oversized" -> InstallRequest.file(write("big.jar", new PluginJar().storedEntry("big.bin", new byte[600 << 10])))
          .named("stamp").version("2.0.0");
      case "zip bomb" -> InstallRequest.file(write("bomb.jar", new PluginJar().entry("zeros", new byte[8 << 20])))
          .named("stamp").version("2.0.0");
      case "corrupt" -> InstallRequest.file(Files.writeString(dir.resolve("corrupt.jar"), "not a zip at all"))
          .named("stamp").version("2.0.0");
      case "duplicate entry" -> InstallRequest.file(duplicateEntries()).named("stamp").version("2.0.0");
      case "checksum mismatch" -> InstallRequest.file(jars.stamp("2.0.0")).sha256("0".repeat(64));
      case "not allow-listed" -> InstallRequest.url(URI.create("https://plugins.example.com/stamp-2.0.0.jar"));
      case "plain http" -> InstallRequest.url(URI.create("http://plugins.example.com/stamp-2.0.0.jar"));
      case "missing file" -> InstallRequest.file(dir.resolve("nothing-here.jar"));
      default -> throw new IllegalArgumentException(refusal);
    };
    refusedLeavingNothing(code, request);
  }

  /** A zip with one name twice, written byte by byte: ZipOutputStream refuses to write one. */
  private Path duplicateEntries() throws IOException {
    Path once = write("once.jar", new PluginJar().storedEntry("a.txt", "A".getBytes()).storedEntry("b.txt", "B".getBytes()));
    byte[] bytes = Files.readAllBytes(once);
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("b.txt", "a.txt");
    return Files.write(dir.resolve("duplicate.jar"), text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aProtectedNameIsNeverInstalledReplacedOrRemoved() throws Exception {
    arbor.close();
    arbor = Arbor.builder().config(config(Map.of("arbor.install.protected-names", List.of("stamp")))).event(TRAIL).start();
    refusedLeavingNothing("protected_name", InstallRequest.file(jars.stamp("2.0.0")));
    CompletionException removal = assertThrows(CompletionException.class, () -> arbor.uninstall("stamp").toCompletableFuture().join());
    assertEquals("protected_name", ((ArborException) removal.getCause()).code());
    assertEquals(Map.of("stamp", installed), await(arbor.installations()));
  }

  @Test
  void withTrustedCertificatesOnlySignedJarsInstall() throws Exception {
    arbor.close();
    Path certificate = TestKeys.certificateFile(publisher, dir.resolve("publisher.der"));
    arbor = Arbor.builder().config(config(Map.of("arbor.install.trusted-certificates", List.of(certificate.toString()))))
        .event(TRAIL).start();
    refusedLeavingNothing("unsigned", InstallRequest.file(jars.stamp("2.0.0")));

    Path signed = TestKeys.signed(jars.stamp("2.0.0"), publisher, dir.resolve("signed.jar"));
    assertEquals("2.0.0", await(arbor.install(InstallRequest.file(signed))).version());
    assertEquals("in>stamp-2.0.0", await(arbor.call(TRAIL, "in")).state());
  }
}
