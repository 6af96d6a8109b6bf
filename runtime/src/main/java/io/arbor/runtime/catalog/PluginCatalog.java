package io.arbor.runtime.catalog;

import io.arbor.plugin.PluginDefinition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Plugin code available on this node, by plugin name: the code of registered plugins, and of those
 * being registered or installed. Reads ({@link #code}, {@link #find}, {@link #contains}) take no
 * lock; changes are rare and serialized, so that dropping an unregistered plugin's code never races a
 * new registration of it.
 *
 * <p>Code is the application's or an installed artifact's, told apart by its {@link Code#origin()}
 * (the artifact's SHA-256). For installed code the catalog also counts the plugin actors running it,
 * so that an artifact version's class loader is closed only once no actor runs its code and the
 * catalog no longer holds it ({@link #onIdle}).
 */
public final class PluginCatalog {
  /**
   * One plugin's code.
   *
   * @param origin the SHA-256 of the installed artifact it comes from, or null for the application's code
   */
  public record Code(PluginDefinition<?> definition, String origin) {}

  private final Map<String, Code> definitions = new ConcurrentHashMap<>();
  /** Registrations under way, by plugin name: their code must survive an unregistration journaled meanwhile. */
  private final Map<String, Integer> registering = new HashMap<>();
  /** Code the application provides on this node for whichever node registers it: never dropped. */
  private final Set<String> provided = new HashSet<>();
  /** Installed plugins whose artifact this node could not load, by name: the artifact's origin and why. */
  private final Map<String, Unloadable> unloadable = new ConcurrentHashMap<>();
  /** Plugin actors running installed code, by origin. */
  private final Map<String, Integer> running = new HashMap<>();
  /** How many plugins' code the catalog holds from each installed origin, so {@link #inUse} costs no scan. */
  private final Map<String, Integer> held = new HashMap<>();
  private Consumer<String> idle = origin -> {};

  /** Why this node cannot run an installed plugin's artifact version. */
  public record Unloadable(String origin, String reason) {}

  /**
   * Makes a plugin's code available on this node without registering it: its chain runs it whenever
   * the registry has it active, registered through any node. It stays through unregistrations.
   */
  public synchronized void provide(PluginDefinition<?> definition) {
    provided.add(definition.name());
    put(definition.name(), new Code(definition, null));
  }

  /**
   * Adds or replaces the code for a plugin about to be registered; returns the code it replaced, if
   * any. The code is kept, even through an unregistration journaled meanwhile, until {@link #settled}.
   */
  public synchronized Optional<Code> add(PluginDefinition<?> definition) {
    registering.merge(definition.name(), 1, Integer::sum);
    return Optional.ofNullable(put(definition.name(), new Code(definition, null)));
  }

  /** The registration that {@link #add} began has its outcome: from now on its code goes with an unregistration. */
  public synchronized void settled(String name) {
    registering.computeIfPresent(name, (plugin, count) -> count == 1 ? null : count - 1);
  }

  /** Puts back what {@link #add} replaced (or removes the plugin's code if there was none). */
  public synchronized void restore(String name, Optional<Code> previous) {
    Code removed = previous.isPresent() ? put(name, previous.get()) : remove(name);
    if (removed != null && removed.origin() != null) {
      idleIfUnused(removed.origin());
    }
  }

  /**
   * Puts back what {@link #install} of {@code origin} replaced, if the plugin's code is still that
   * install's: code that arrived since (another node's install that won) stays.
   */
  public synchronized void restore(String name, String origin, Optional<Code> previous) {
    Code current = definitions.get(name);
    if (current != null && origin.equals(current.origin())) {
      restore(name, previous);
    }
  }

  /**
   * Adds the code an installed artifact version brings ({@code origin}: its SHA-256), replacing
   * older versions' code; returns, by plugin name, what it replaced (empty where nothing was). The
   * replaced versions stay loaded until {@link #release}d: the install may yet be refused and put them back.
   */
  public synchronized Map<String, Optional<Code>> install(String origin, List<PluginDefinition<?>> plugins) {
    Map<String, Optional<Code>> replaced = new HashMap<>();
    for (PluginDefinition<?> definition : plugins) {
      unloadable.remove(definition.name());
      Code current = definitions.get(definition.name());
      if (current != null && current.definition() == definition && origin.equals(current.origin())) {
        continue; // the very code already here (loaded twice): its actors keep running
      }
      replaced.put(definition.name(), Optional.ofNullable(put(definition.name(), new Code(definition, origin))));
    }
    return replaced;
  }

  /** The versions other than {@code installed} whose code an {@link #install} replaced. */
  public static Set<String> replacedOrigins(Map<String, Optional<Code>> replaced, String installed) {
    Set<String> origins = new HashSet<>();
    replaced.values().forEach(previous -> previous.map(Code::origin)
        .filter(origin -> !origin.equals(installed)).ifPresent(origins::add));
    return origins;
  }

  /** The install that replaced these versions' code is journaled: each goes once no actor runs it. */
  public synchronized void release(Set<String> origins) {
    origins.forEach(this::idleIfUnused);
  }

  /** This node cannot load an installed plugin's artifact version: the plugin's chain leaves it out and health says why. */
  public void unloadable(String name, String origin, String reason) {
    unloadable.put(name, new Unloadable(origin, reason));
  }

  /** Why this node cannot load the artifact version {@code origin} of plugin {@code name}, if it cannot. */
  public Optional<String> unloadableReason(String name, String origin) {
    Unloadable found = unloadable.get(name);
    return found != null && found.origin().equals(origin) ? Optional.of(found.reason()) : Optional.empty();
  }

  /** Drops the code of a plugin the registry no longer has, unless a registration of it is under way. */
  public synchronized void drop(String name) {
    unloadable.remove(name);
    if (!registering.containsKey(name) && !provided.contains(name)) {
      Code removed = remove(name);
      if (removed != null && removed.origin() != null) {
        idleIfUnused(removed.origin());
      }
    }
  }

  /** A plugin actor starts running code from {@code origin} (ignored for the application's code, null). */
  public synchronized void actorStarted(String origin) {
    if (origin != null) {
      running.merge(origin, 1, Integer::sum);
    }
  }

  /** A plugin actor running code from {@code origin} has stopped. */
  public synchronized void actorStopped(String origin) {
    if (origin != null && running.computeIfPresent(origin, (key, count) -> count == 1 ? null : count - 1) == null) {
      idleIfUnused(origin);
    }
  }

  /** Whether any plugin actor runs code from {@code origin}, or the catalog still holds some. */
  public synchronized boolean inUse(String origin) {
    return running.containsKey(origin) || held.containsKey(origin);
  }

  /** Told each artifact origin that is no longer {@link #inUse}: its class loader can be closed. One listener. */
  public synchronized void onIdle(Consumer<String> listener) {
    idle = listener;
  }

  /** Every change of {@code definitions} goes through here and {@link #remove}, which keep {@link #held} true to it. */
  private Code put(String name, Code code) {
    Code previous = definitions.put(name, code);
    forget(previous);
    if (code.origin() != null) {
      held.merge(code.origin(), 1, Integer::sum);
    }
    return previous;
  }

  private Code remove(String name) {
    Code removed = definitions.remove(name);
    forget(removed);
    return removed;
  }

  private void forget(Code code) {
    if (code != null && code.origin() != null) {
      held.computeIfPresent(code.origin(), (origin, count) -> count == 1 ? null : count - 1);
    }
  }

  private void idleIfUnused(String origin) {
    if (!inUse(origin)) {
      idle.accept(origin);
    }
  }

  public Optional<Code> code(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  public Optional<PluginDefinition<?>> find(String name) {
    return code(name).map(Code::definition);
  }

  public boolean contains(String name) {
    return definitions.containsKey(name);
  }
}
