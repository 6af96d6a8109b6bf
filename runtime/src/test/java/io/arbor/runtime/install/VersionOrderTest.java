package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionOrderTest {

  /** Each row: a version, and the next one up; every row also holds in reverse and transitively (see below). */
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
      "0.9.9,          1.0.0",
      "1.0.0,          1.0.1",
      "1.0.9,          1.0.10",
      "1.9.0,          1.10.0",
      "1.0.0-alpha,    1.0.0",
      "1.0.0-alpha,    1.0.0-alpha.1",
      "1.0.0-alpha.1,  1.0.0-alpha.beta",
      "1.0.0-alpha.beta, 1.0.0-beta",
      "1.0.0-beta,     1.0.0-beta.2",
      "1.0.0-beta.2,   1.0.0-beta.11",
      "1.0.0-beta.11,  1.0.0-rc.1",
      "1.0.0-rc.1,     1.0.0",
      "1.0.0-9,        1.0.0-10",
      "1.0.0-99999999999999999999, 1.0.0-100000000000000000000",
      "2.0.0,          10.0.0",
  })
  void ordersAsSemverSays(String lower, String higher) {
    VersionOrder low = VersionOrder.parse(lower);
    VersionOrder high = VersionOrder.parse(higher);
    assertTrue(high.upgrades(low), higher + " upgrades " + lower);
    assertFalse(low.upgrades(high), lower + " does not upgrade " + higher);
  }

  @Test
  void semverOrgsExampleListSortsInItsOwnOrder() {
    List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0");
    List<VersionOrder> shuffled = new ArrayList<>(expected.stream().map(VersionOrder::parse).toList());
    Collections.shuffle(shuffled, new Random(7));
    Collections.sort(shuffled);
    assertEquals(expected, shuffled.stream().map(VersionOrder::toString).toList());
  }

  @ParameterizedTest
  @CsvSource({"1.0.0, 1.0.0", "1.0.0+build.1, 1.0.0+build.2", "1.0.0-rc.1+a, 1.0.0-rc.1"})
  void anEqualVersionIsNoUpgrade(String installed, String offered) {
    assertFalse(VersionOrder.parse(offered).upgrades(VersionOrder.parse(installed)));
    assertEquals(0, VersionOrder.parse(offered).compareTo(VersionOrder.parse(installed)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.02.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b",
      "v1.0.0", " 1.0.0", "1.0.0 ", "1.0.0/../../x", "1.0.0-é", "-1.0.0", "1.0.0_1", "99999999999999999999.0.0"})
  void refusesWhatIsNotASemanticVersion(String text) {
    InstallException refused = assertThrows(InstallException.class, () -> VersionOrder.parse(text));
    assertEquals("invalid_version", refused.code());
    assertEquals("version", refused.field());
  }

  @Test
  void refusesNullAndOverlongVersions() {
    assertEquals("invalid_version", assertThrows(InstallException.class, () -> VersionOrder.parse(null)).code());
    InstallException overlong = assertThrows(InstallException.class, () -> VersionOrder.parse("1.0.0-" + "a".repeat(200)));
    assertTrue(overlong.getMessage().length() < 200, "the message does not echo the whole input: " + overlong.getMessage());
  }

  @Test
  void printsAsWritten() {
    assertEquals("1.2.3-rc.1+sha.5114f85", VersionOrder.parse("1.2.3-rc.1+sha.5114f85").toString());
  }
}
