package io.arbor.runtime;

import io.arbor.plugin.InvalidDescriptorException;
import io.arbor.plugin.Names;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.Settings;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.LocalRegistry;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryClient;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.SettingsUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Live configuration updates (Malla's reconfigure): merged and validated by a fresh instance of each
 * plugin on this node, off the caller's and the actors' threads, then journaled as the plugins'
 * runtime overrides in one write; every node's plugin actors then take them ({@code EventSupervisor}).
 */
final class LiveConfiguration {
  /** Longer updates are cut in the history's reason; the journaled update is whole. */
  private static final int SHOWN_UPDATE = 300;

  private final PluginCatalog catalog;
  private final LocalRegistry local;
  private final RegistryClient client;
  private final Executor blocking;

  LiveConfiguration(PluginCatalog catalog, LocalRegistry local, RegistryClient client, Executor blocking) {
    this.catalog = catalog;
    this.local = local;
    this.client = client;
    this.blocking = blocking;
  }

  /** Update one plugin's settings ({@code plugin} non-null) or those of every plugin of {@code event}. */
  CompletionStage<List<PluginRecord>> configure(String plugin, String event, Map<String, Object> update, String origin) {
    Map<String, Object> checked;
    try {
      checked = Settings.checked("update", update);
    } catch (InvalidDescriptorException e) {
      throw new InvalidArgumentException(e.field(), e.rule());
    }
    String reason = RegistryClient.operator(origin) + ": configure " + shown(checked);
    return local.state().thenCompose(state -> {
      List<CompletableFuture<SettingsUpdate>> validations = new ArrayList<>();
      for (PluginRecord record : targets(state, plugin, event)) {
        validations.add(validate(record, checked));
      }
      return CompletableFuture.allOf(validations.toArray(CompletableFuture[]::new))
          .thenCompose(done -> client.configure(validations.stream().map(CompletableFuture::join).toList(), reason));
    }).exceptionallyCompose(error -> CompletableFuture.failedFuture(unwrap(error)));
  }

  /** Drop a plugin's runtime override: it runs with its declared settings again. */
  CompletionStage<PluginRecord> reset(String plugin, String origin) {
    return local.state().thenCompose(state -> {
      PluginRecord record = targets(state, plugin, null).get(0);
      return client.configure(List.of(new SettingsUpdate(plugin, record.settings(), null, null)), RegistryClient.operator(origin) + ": reset the settings");
    }).thenApply(records -> records.get(0));
  }

  private static List<PluginRecord> targets(RegistryState state, String plugin, String event) {
    if (plugin != null) {
      return List.of(state.plugin(plugin).orElseThrow(() -> LifecycleException.pluginNotFound(plugin)));
    }
    List<PluginRecord> plugins = state.pluginsOf(event);
    if (plugins.isEmpty()) {
      throw new LifecycleException(LifecycleException.Reason.EVENT_HAS_NO_PLUGINS, event, List.of(),
          "No plugin is registered for event '" + Names.shown(event) + "'.");
    }
    return plugins;
  }

  /** The plugin's own merge and validation, on a fresh instance of the code this node runs for it, bounded by its timeout. */
  private CompletableFuture<SettingsUpdate> validate(PluginRecord record, Map<String, Object> update) {
    String name = record.name();
    String origin = record.installed() ? record.artifact().sha256() : null;
    PluginCatalog.Code code = catalog.code(name).filter(found -> Objects.equals(found.origin(), origin)).orElse(null);
    if (code == null) {
      return CompletableFuture.failedFuture(new SettingsRefusedException(name, "Plugin '" + name
          + "' has no code loaded on this node to validate the update with; configure it from a node that runs it.", null));
    }
    long timeout = record.descriptor().timeout().toMillis();
    return CompletableFuture.supplyAsync(() -> {
      Map<String, Object> override;
      try {
        Plugin<?> fresh = code.definition().factory().get();
        Map<String, Object> merged = Settings.checked("settings", fresh.mergeSettings(record.settings(), update));
        Map<String, Object> different = differences(record.descriptor().extra(), merged);
        override = different.isEmpty() ? null : different; // the declared settings again: no override, nothing to journal
        fresh.validateSettings(override == null ? record.descriptor().extra() : Settings.merge(record.descriptor().extra(), override));
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // plugin code: NoClassDefFoundError, ExceptionInInitializerError as much as exceptions
        throw new CompletionException(new SettingsRefusedException(name, "Plugin '" + name + "' refused the update: "
            + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()), e));
      }
      return new SettingsUpdate(name, record.settings(), override, update);
    }, blocking).orTimeout(timeout, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
      Throwable cause = unwrap(error);
      return CompletableFuture.failedFuture(cause instanceof TimeoutException
          ? new SettingsRefusedException(name, "Plugin '" + name + "' took longer than its timeout of " + timeout
              + " ms to validate the update; nothing was changed.", null)
          : cause);
    });
  }

  /**
   * What of {@code merged} differs from the declared settings, at every depth: the override to
   * journal, so that a key the operator never touched follows its declaration (a new version's, say).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> differences(Map<String, Object> declared, Map<String, Object> merged) {
    Map<String, Object> different = new LinkedHashMap<>();
    merged.forEach((key, value) -> {
      Object before = declared.get(key);
      if (before instanceof Map<?, ?> beforeMap && value instanceof Map<?, ?> valueMap) {
        Map<String, Object> inner = differences((Map<String, Object>) beforeMap, (Map<String, Object>) valueMap);
        if (!inner.isEmpty()) {
          different.put(key, inner);
        }
      } else if (!value.equals(before)) {
        different.put(key, value);
      }
    });
    return different;
  }

  private static String shown(Map<String, Object> update) {
    String text = update.toString();
    return text.length() <= SHOWN_UPDATE ? text : text.substring(0, SHOWN_UPDATE) + "...";
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
