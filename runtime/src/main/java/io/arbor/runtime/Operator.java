package io.arbor.runtime;

import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.PauseMode;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The operator's operations of {@link Arbor}, each journaled with where it came from ({@link
 * Arbor#operator}): the history then says {@code operator (admin API, 10.0.0.7): stop} rather than
 * {@code operator: stop}. Each method is the facade's method of the same name.
 */
public final class Operator {
  private final Arbor arbor;
  private final String origin;

  Operator(Arbor arbor, String origin) {
    this.arbor = arbor;
    this.origin = origin;
  }

  public String origin() {
    return origin;
  }

  public CompletionStage<List<PluginRecord>> apply(Operation operation, Target target) {
    return arbor.apply(operation, target, origin);
  }

  public CompletionStage<PluginRecord> configure(String plugin, Map<String, Object> update) {
    return arbor.configure(plugin, update, origin);
  }

  public CompletionStage<List<PluginRecord>> configureEvent(String event, Map<String, Object> update) {
    return arbor.configureEvent(event, update, origin);
  }

  public CompletionStage<PluginRecord> resetSettings(String plugin) {
    return arbor.resetSettings(plugin, origin);
  }

  /** Pauses in the event's configured mode. */
  public CompletionStage<Void> pause(String event) {
    return arbor.pause(event, arbor.pauseModeOf(event), origin);
  }

  public CompletionStage<Void> pause(String event, PauseMode mode) {
    return arbor.pause(event, mode, origin);
  }

  public CompletionStage<Void> resume(String event) {
    return arbor.resume(event, origin);
  }

  /** Pauses in the configured mode ({@code arbor.pause.mode}). */
  public CompletionStage<Void> pauseAll() {
    return arbor.pauseAll(arbor.pauseMode(), origin);
  }

  public CompletionStage<Void> pauseAll(PauseMode mode) {
    return arbor.pauseAll(mode, origin);
  }

  public CompletionStage<Void> resumeAll() {
    return arbor.resumeAll(origin);
  }

  public CompletionStage<Installation> install(InstallRequest request) {
    return arbor.install(request, origin);
  }

  public CompletionStage<Installation> uninstall(String name) {
    return arbor.uninstall(name, origin);
  }

  public CompletionStage<Void> drain() {
    return arbor.drain(origin);
  }
}
