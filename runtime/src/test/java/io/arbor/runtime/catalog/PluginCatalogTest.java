package io.arbor.runtime.catalog;

import static io.arbor.runtime.TestArbor.appender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginCatalogTest {
  @Test
  void anUnregisteredPluginsCodeIsDropped() {
    PluginCatalog catalog = new PluginCatalog();
    catalog.add(appender("a", 1));
    catalog.settled("a");
    catalog.drop("a");
    assertFalse(catalog.contains("a"));
  }

  @Test
  void codeAddedForARegistrationUnderWayIsKeptThroughAnUnregistrationJournaledMeanwhile() {
    PluginCatalog catalog = new PluginCatalog();
    catalog.add(appender("a", 1));
    catalog.settled("a");
    catalog.add(appender("a", 2)); // a re-registration, racing the unregistration below
    catalog.drop("a"); // the unregistration, journaled before the re-registration
    assertTrue(catalog.contains("a"), "the re-registration's code is not lost");
    catalog.settled("a");
    assertTrue(catalog.contains("a"));
    catalog.drop("a");
    assertFalse(catalog.contains("a"));
  }

  @Test
  void aRefusedInstallPutsBackOnlyCodeThatIsStillItsOwnAndAReplacedVersionGoesOnlyOnceReleasedAndIdle() {
    PluginCatalog catalog = new PluginCatalog();
    List<String> idle = new ArrayList<>();
    catalog.onIdle(idle::add);
    catalog.install("v1", List.of(appender("a", 1)));
    catalog.actorStarted("v1");
    Map<String, Optional<PluginCatalog.Code>> replacedByV2 = catalog.install("v2", List.of(appender("a", 2)));
    assertEquals(List.of(), idle, "replaced, but the install may yet be refused");

    catalog.install("v3", List.of(appender("a", 3))); // another node's install won meanwhile
    replacedByV2.forEach((plugin, previous) -> catalog.restore(plugin, "v2", previous)); // v2 refused
    assertEquals("v3", catalog.code("a").orElseThrow().origin(), "the winner's code stays");

    catalog.release(Set.of("v1"));
    assertEquals(List.of(), idle, "an actor still runs v1");
    catalog.actorStopped("v1");
    assertEquals(List.of("v1"), idle);
  }
}
