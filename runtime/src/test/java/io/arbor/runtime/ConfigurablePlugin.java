package io.arbor.runtime;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test plugin that appends its {@code label} setting to the trail, refuses the label {@code bad},
 * and, when built with the hook, takes new settings through {@link Plugin#configure}: its {@link
 * Probe} records each start, each hook call, and whether a hook ever ran during a call.
 */
public final class ConfigurablePlugin implements Plugin<String> {
  /** What the plugin's instances did, as a test sees it. */
  public static final class Probe {
    public final AtomicInteger starts = new AtomicInteger();
    /** One "previous->next" label per hook call. */
    public final List<String> configured = new CopyOnWriteArrayList<>();
    public final AtomicBoolean hookDuringCall = new AtomicBoolean();
    /** The running instance's context, for tests of its children and stores. */
    public volatile PluginContext context;
  }

  private final Probe probe;
  private final boolean hook;
  private final AtomicBoolean inCall = new AtomicBoolean();
  private volatile Object label;

  private ConfigurablePlugin(Probe probe, boolean hook) {
    this.probe = probe;
    this.hook = hook;
  }

  public static PluginDefinition<String> definition(String name, Map<String, Object> settings, Probe probe, boolean hook) {
    return PluginDefinition.of(PluginDescriptor.builder(name, TestArbor.TRAIL).build().withExtra(settings),
        () -> new ConfigurablePlugin(probe, hook));
  }

  @Override
  public void start(PluginContext context) {
    probe.starts.incrementAndGet();
    probe.context = context;
    label = context.extra().get("label");
  }

  @Override
  public Step<String> call(String state, CallContext context) throws Exception {
    inCall.set(true);
    try {
      Thread.sleep(1); // long enough that a hook run during a call would be seen
      return Step.next(state + ">" + label);
    } finally {
      inCall.set(false);
    }
  }

  @Override
  public void validateSettings(Map<String, Object> settings) {
    if ("bad".equals(settings.get("label"))) {
      throw new IllegalArgumentException("label must not be 'bad'");
    }
  }

  @Override
  public boolean configure(Map<String, Object> previous, Map<String, Object> next) {
    if (!hook) {
      return false;
    }
    if (inCall.get()) {
      probe.hookDuringCall.set(true);
    }
    probe.configured.add(previous.get("label") + "->" + next.get("label"));
    label = next.get("label");
    return true;
  }
}
