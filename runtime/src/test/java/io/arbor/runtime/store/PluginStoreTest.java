package io.arbor.runtime.store;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.PluginStore;
import io.arbor.plugin.ReplicatedStore;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ConfigurablePlugin;
import io.arbor.runtime.TestArbor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A plugin's key-value store on its node (Malla's service store): its operations and its lifetime with the plugin. */
class PluginStoreTest {

  @Test
  void putPutIfAbsentGetAndDelete() {
    PluginStore store = PluginContext.of(PluginDescriptor.builder("p", "e").build()).store();
    assertEquals(Optional.empty(), store.get("k"));
    store.put("k", 1);
    store.put("k", 2); // overwrites
    assertEquals(Optional.of(2), store.get("k"));
    assertFalse(store.putIfAbsent("k", 3));
    assertTrue(store.putIfAbsent("other", "x"));
    assertEquals(Set.of("k", "other"), store.keys());
    assertTrue(store.delete("k"));
    assertFalse(store.delete("k"));
    assertEquals(Optional.empty(), store.get("k"));
    assertThrows(NullPointerException.class, () -> store.put(null, 1));
    assertThrows(NullPointerException.class, () -> store.put("k", null));
  }

  @Test
  void theStoreOutlivesThePluginsInstancesAndGoesWhenThePluginIsUnregistered() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("counter", Map.of("label", "one"), probe, false)).start()) {
      await(arbor.call(TRAIL, "in"));
      PluginContext first = probe.context;
      first.store().put("seen", 1L);
      await(first.replicatedStore().put("shared", "yes"));

      await(arbor.stop("counter"));
      await(arbor.enable("counter"));
      await(arbor.configure("counter", Map.of("label", "two"))); // restarted: no hook
      eventually("a fresh instance", () -> probe.starts.get() == 3);
      assertNotSame(first, probe.context);
      assertEquals(Optional.of(1L), probe.context.store().get("seen"), "kept across stop, enable and a restart");
      assertEquals(Optional.of("yes"), await(probe.context.replicatedStore().get("shared")));

      await(arbor.unregister("counter"));
      await(arbor.register(ConfigurablePlugin.definition("counter", Map.of("label", "one"), probe, false)));
      eventually("the new registration started", () -> probe.starts.get() == 4);
      assertEquals(Optional.empty(), probe.context.store().get("seen"), "emptied with the unregistration");
      ReplicatedStore shared = probe.context.replicatedStore();
      assertEquals(Optional.empty(), await(shared.get("shared")));
      assertTrue(await(shared.putIfAbsent("shared", "again")));
      assertFalse(await(shared.putIfAbsent("shared", "twice")));
      assertTrue(await(shared.delete("shared")));
    }
  }
}
