package io.arbor.runtime.catalog;

import static io.arbor.runtime.TestArbor.appender;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
