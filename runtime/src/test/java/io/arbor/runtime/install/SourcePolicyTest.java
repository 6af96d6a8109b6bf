package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourcePolicyTest {
  private final SourcePolicy policy = new SourcePolicy(Set.of("repo.example.com", "*.Plugins.Example.org"), Set.of("arbor-core"));
  private final SourcePolicy closed = new SourcePolicy(Set.of(), Set.of());

  private static String refusal(Runnable action) {
    return assertThrows(InstallException.class, action::run).code();
  }

  @Test
  void anHttpsUrlOnAnAllowListedHostPasses() {
    policy.admit(new ArtifactSource.Url(URI.create("https://repo.example.com/greeter-1.0.0.jar")));
    policy.admit(new ArtifactSource.Url(URI.create("https://cdn.plugins.example.org/greeter.jar")));
    policy.admit(new ArtifactSource.Url(URI.create("https://REPO.example.com/x.jar")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://repo.example.com/x.jar",           // not TLS
      "https://evil.example.net/x.jar",          // not listed
      "https://repo.example.com.evil.net/x.jar", // a listed name as a prefix
      "https://plugins.example.org/x.jar",       // *.plugins.example.org is its sub-domains only
      "https://user:secret@repo.example.com/x.jar",
      "file:///etc/passwd",
      "ftp://repo.example.com/x.jar",
      "https:///x.jar",
  })
  void anyOtherUrlIsNotAllowListed(String url) {
    assertEquals("not_allow_listed", refusal(() -> policy.admit(new ArtifactSource.Url(URI.create(url)))));
  }

  @Test
  void withNoHostListedNothingRemoteIsFetched() {
    InstallException refused = assertThrows(InstallException.class,
        () -> closed.admit(new ArtifactSource.Url(URI.create("https://repo.example.com/x.jar"))));
    assertEquals("source", refused.field());
    assertTrue(refused.getMessage().contains("remote installs are off"), refused.getMessage());
    assertEquals("not_allow_listed", refusal(() -> closed.admitRepository(URI.create("https://repo.maven.apache.org/maven2"))));
    closed.admitRepository(URI.create("file:///home/me/.m2/mirror"));
    closed.admit(new ArtifactSource.LocalFile(Path.of("/tmp/greeter.jar")));
    closed.admit(new ArtifactSource.Maven("com.example:greeter:1.0.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"com.example:greeter", "com.example:greeter:", "a:b:c:d:e:f", "com example:greeter:1.0", "../x:y:1", "g:a:1.0\n"})
  void malformedCoordinatesAreRefusedNamingThem(String coordinates) {
    InstallException refused = assertThrows(InstallException.class, () -> policy.admit(new ArtifactSource.Maven(coordinates)));
    assertEquals("invalid_name", refused.code());
    assertEquals("coordinates", refused.field());
  }

  @Test
  void namesFollowTheRuleAndProtectedOnesAreRefused() {
    assertEquals("greeter-plugin", policy.admitName("greeter-plugin"));
    assertEquals("protected_name", refusal(() -> policy.admitName("arbor-core")));
    for (String bad : new String[] {"", "Greeter", "1greeter", "greeter/../x", "a".repeat(101), "gr eeter"}) {
      assertEquals("invalid_name", refusal(() -> policy.admitName(bad)), bad);
    }
    assertEquals("invalid_name", refusal(() -> policy.admitName(null)));
  }

  @Test
  void aPinnedChecksumMustMatchTheBytes() throws NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest("jar bytes".getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex(digest);
    SourcePolicy.requireChecksum(hex.toUpperCase(Locale.ROOT), hex);
    InstallException mismatch = assertThrows(InstallException.class, () -> SourcePolicy.requireChecksum("0".repeat(64), hex));
    assertEquals("checksum_mismatch", mismatch.code());
    assertEquals("sha256", mismatch.field());
    assertTrue(mismatch.getMessage().contains(hex), "it shows the artifact's digest: " + mismatch.getMessage());
    assertEquals("checksum_mismatch", refusal(() -> SourcePolicy.admitSha256("abc")));
    assertEquals("checksum_mismatch", refusal(() -> SourcePolicy.admitSha256("g".repeat(64))));
  }
}
