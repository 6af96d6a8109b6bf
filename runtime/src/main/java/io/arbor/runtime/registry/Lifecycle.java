package io.arbor.runtime.registry;

import io.arbor.plugin.Names;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.registry.LifecycleException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle rules. Each method looks at a registry state and decides which events to journal,
 * or refuses with a {@link LifecycleException} and writes nothing. Cascades (holding and releasing
 * dependents) are part of the decision, so one command journals its whole effect atomically.
 */
public final class Lifecycle {
  /**
   * The reason a release from hold gives in the history. Only for people: the kind is
   * {@link RegistryEvent.StatusChanged#released()}, never read from this text.
   */
  public static final String RELEASED = RegistryEvent.StatusChanged.LEGACY_RELEASED_REASON;
  /** Why a new plugin is started, in the same journal write as its registration. */
  public static final String STARTED_ON_REGISTRATION = "started on registration";

  private Lifecycle() {}

  /** What a command does: the events to journal (maybe none) and the plugins it named or touched. */
  public sealed interface Decision {}

  public record Accepted(List<RegistryEvent> events, List<String> touched) implements Decision {}

  public record Rejected(LifecycleException error) implements Decision {}

  /**
   * Register is an upsert by name: the declared fields win, id, status and registration time are
   * kept, and a registration that changes nothing writes nothing. A plugin the registration leaves
   * registered (a new one, or one an older journal left there) is started in the same decision, so
   * its registration and its start are one journal write: no registered plugin that only the next
   * boot would start.
   */
  public static Decision register(RegistryState state, PluginDescriptor descriptor, Stamp stamp) {
    Optional<PluginRecord> installed = state.plugin(descriptor.name()).filter(PluginRecord::installed);
    if (installed.isPresent()) {
      return reject(Reason.PLUGIN_CONFLICT, descriptor.name(), List.of(), "Plugin '" + descriptor.name() + "' was installed with "
          + installed.get().artifact().label() + "; uninstall it before registering it from the application's code.");
    }
    return register(state, descriptor, null, null, stamp);
  }

  /** {@code reason}, after who asked for it when someone is named. */
  private static String byWhom(String by, String reason) {
    return by == null ? reason : by + ": " + reason;
  }

  /** A registration from the application's code ({@code artifact} null) or from an installed artifact. */
  private static Decision register(RegistryState state, PluginDescriptor descriptor, Artifact artifact, String by, Stamp stamp) {
    String name = descriptor.name();
    Optional<List<String>> cycle = DependencyGraph.of(state).with(name, descriptor.dependsOn()).cycleThrough(name);
    if (cycle.isPresent()) {
      return reject(Reason.DEPENDENCY_CYCLE, name, cycle.get(), "Dependency cycle detected: " + String.join(" -> ", cycle.get()));
    }
    List<String> inactive = state.inactive(descriptor.dependsOn());
    Optional<PluginRecord> existing = state.plugin(name);
    List<RegistryEvent> events = new ArrayList<>();
    if (existing.isEmpty()) {
      PluginStatus status = inactive.isEmpty() ? PluginStatus.REGISTERED : PluginStatus.HELD;
      PluginRecord record = new PluginRecord(stamp.ids().get(), descriptor, status, stamp.at(), stamp.at(), artifact);
      String registered = artifact == null ? "registered" : byWhom(by, "installed with " + artifact.label());
      String reason = status == PluginStatus.HELD ? registered + ", held: " + waitingFor(inactive) : registered;
      events.add(new RegistryEvent.PluginRegistered(record, reason, stamp.at(), stamp.node(), stamp.command()));
    } else {
      PluginRecord record = existing.get();
      if (!record.descriptor().equals(descriptor) || !Objects.equals(record.artifact(), artifact)) {
        String reason = artifact == null ? "re-registered with new declared fields" : byWhom(by, "upgraded to " + artifact.label());
        events.add(new RegistryEvent.PluginRedeclared(name, descriptor, reason, stamp.at(), stamp.node(), stamp.command(), artifact));
      }
      PluginStatus status = reevaluate(record.status(), inactive);
      if (status != record.status()) {
        events.add(inactive.isEmpty()
            ? release(record, stamp)
            : statusChange(record, status, "held: " + waitingFor(inactive), stamp));
      }
    }
    RegistryState current = state.applyAll(events);
    PluginRecord registered = current.plugin(name).orElseThrow();
    if (registered.status() == PluginStatus.REGISTERED) {
      RegistryEvent start = inactive.isEmpty()
          ? statusChange(registered, PluginStatus.STARTED, STARTED_ON_REGISTRATION, stamp)
          : statusChange(registered, PluginStatus.HELD, "held: " + waitingFor(inactive), stamp);
      events.add(start);
      current = current.apply(start);
    }
    PluginStatus now = current.plugin(name).orElseThrow().status();
    if (existing.isEmpty() || now != existing.get().status()) {
      events.addAll(cascade(current, List.of(name), stamp)); // a new active plugin releases those held waiting for it
    }
    return new Accepted(events, List.of(name));
  }

  /**
   * Install an artifact version: register its plugins (started as new registrations are), and, when
   * it replaces an installed version, re-declare the plugins it keeps with the new artifact and
   * unregister those it no longer brings, each with its cascade, all in one decision. {@code
   * expectedVersion} is the version the installing node saw installed (null: none): if another
   * install changed the artifact meanwhile, this one is refused, so two concurrent installs never both win.
   */
  public static Decision install(
      RegistryState state, Artifact artifact, List<PluginDescriptor> descriptors, String expectedVersion, Stamp stamp) {
    return install(state, artifact, descriptors, expectedVersion, null, stamp);
  }

  /** {@code by}: who asked, put before each reason journaled ({@code operator (admin API, 10.0.0.5): installed with ...}); null: nobody named. */
  public static Decision install(
      RegistryState state, Artifact artifact, List<PluginDescriptor> descriptors, String expectedVersion, String by, Stamp stamp) {
    Optional<Installation> current = state.installation(artifact.name());
    Optional<Decision> conflict = changedMeanwhile(artifact.name(), current, expectedVersion);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    List<String> names = descriptors.stream().map(PluginDescriptor::name).toList();
    Map<String, String> taken = ownershipConflicts(state, artifact.name(), names);
    if (!taken.isEmpty()) {
      return reject(Reason.PLUGIN_CONFLICT, artifact.name(), List.copyOf(taken.keySet()), conflictMessage(artifact.name(), taken));
    }
    List<RegistryEvent> events = new ArrayList<>();
    RegistryState next = state;
    for (PluginDescriptor descriptor : ChainOrder.order(descriptors)) { // dependencies first: no hold and release within the artifact
      Decision decision = register(next, descriptor, artifact, by, stamp);
      if (decision instanceof Rejected) {
        return decision;
      }
      List<RegistryEvent> registered = ((Accepted) decision).events();
      events.addAll(registered);
      next = next.applyAll(registered);
    }
    List<String> touched = new ArrayList<>(names);
    for (String retired : current.map(Installation::plugins).orElse(List.of())) {
      if (!names.contains(retired)) {
        Decision decision = single(next, Operation.UNREGISTER, retired, byWhom(by, "no longer in " + artifact.label()), stamp);
        List<RegistryEvent> unregistered = ((Accepted) decision).events();
        events.addAll(unregistered);
        next = next.applyAll(unregistered);
        touched.add(retired);
      }
    }
    return new Accepted(events, touched);
  }

  /** Uninstall an artifact: unregister every plugin it brought, with their cascade; {@code expectedVersion} as for install. */
  public static Decision uninstall(RegistryState state, String name, String expectedVersion, Stamp stamp) {
    return uninstall(state, name, expectedVersion, null, stamp);
  }

  /** {@code by} as for {@link #install(RegistryState, Artifact, List, String, String, Stamp)}. */
  public static Decision uninstall(RegistryState state, String name, String expectedVersion, String by, Stamp stamp) {
    Optional<Installation> current = state.installation(name);
    if (current.isEmpty()) {
      return reject(Reason.NOT_INSTALLED, name, List.of(), "'" + Names.shown(name) + "' is not installed.");
    }
    Optional<Decision> conflict = changedMeanwhile(name, current, expectedVersion);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    List<PluginRecord> plugins = current.get().plugins().stream().map(plugin -> state.plugin(plugin).orElseThrow()).toList();
    return bulk(state, Operation.UNREGISTER, plugins, byWhom(by, "uninstalled " + name + "-" + current.get().version()), stamp);
  }

  private static Optional<Decision> changedMeanwhile(String name, Optional<Installation> current, String expectedVersion) {
    String now = current.map(Installation::version).orElse(null);
    if (Objects.equals(now, expectedVersion)) {
      return Optional.empty();
    }
    String message = now == null
        ? "'" + name + "' " + expectedVersion + " was uninstalled meanwhile, by another operation."
        : expectedVersion == null
            ? "'" + name + "' " + now + " was installed meanwhile, by another install: this one is not applied."
            : "'" + name + "' is now at " + now + ", not " + expectedVersion + ": another install or upgrade landed first.";
    return Optional.of(reject(Reason.INSTALL_CONFLICT, name, List.of(), message));
  }

  /**
   * The plugins of {@code plugins} that are not artifact {@code artifact}'s to install, each with whose
   * it is: the application's code, or another artifact.
   */
  public static Map<String, String> ownershipConflicts(RegistryState state, String artifact, List<String> plugins) {
    Map<String, String> taken = new LinkedHashMap<>();
    for (String plugin : plugins) {
      state.plugin(plugin).ifPresent(record -> {
        if (!record.installed()) {
          taken.put(plugin, "registered from the application's code");
        } else if (!record.artifact().name().equals(artifact)) {
          taken.put(plugin, "installed by '" + record.artifact().name() + "'");
        }
      });
    }
    return taken;
  }

  /** The refusal's text for {@link #ownershipConflicts}. */
  public static String conflictMessage(String artifact, Map<String, String> taken) {
    List<String> shown = new ArrayList<>();
    taken.forEach((plugin, owner) -> shown.add(plugin + " (" + owner + ")"));
    return "'" + artifact + "' brings plugins that are already someone else's: " + String.join(", ", shown) + ".";
  }

  /**
   * Pause calls to {@code target} (an event, or {@link Pause#ALL}), refusing them or, with {@code
   * hold}, holding them; or resume them ({@code pause} false). Idempotent: pausing what is paused the
   * same way, or resuming what is not, writes nothing; a pause the other way is journaled again.
   */
  public static Decision pause(RegistryState state, String target, boolean pause, boolean hold, String reason, Stamp stamp) {
    boolean same = pause ? state.paused().contains(target) && state.holding().contains(target) == hold : !state.paused().contains(target);
    if (same) {
      return new Accepted(List.of(), List.of());
    }
    RegistryEvent event = pause ? new RegistryEvent.Paused(target, reason, stamp.at(), stamp.node(), stamp.command(), hold ? true : null)
        : new RegistryEvent.Resumed(target, reason, stamp.at(), stamp.node(), stamp.command());
    return new Accepted(List.of(event), List.of());
  }

  /**
   * A live configuration update: each plugin's runtime override becomes the one its update names,
   * all in one write, or nothing if any plugin is unknown or its settings are no longer those the
   * update was validated against (another update or a re-registration landed first). An update
   * that leaves an override as it is writes nothing for that plugin.
   */
  public static Decision configure(RegistryState state, List<SettingsUpdate> updates, String reason, Stamp stamp) {
    List<RegistryEvent> events = new ArrayList<>();
    List<String> touched = new ArrayList<>();
    for (SettingsUpdate update : updates) {
      Optional<PluginRecord> found = state.plugin(update.plugin());
      if (found.isEmpty()) {
        return new Rejected(LifecycleException.pluginNotFound(update.plugin()));
      }
      PluginRecord record = found.get();
      if (!record.settings().equals(update.expected())) {
        return reject(Reason.SETTINGS_CONFLICT, update.plugin(), List.of(), "The settings of plugin '" + update.plugin()
            + "' changed while the update was validated (another update or a re-registration); nothing was changed, try again.");
      }
      touched.add(update.plugin());
      if (!Objects.equals(record.settingsOverride(), update.override())) {
        events.add(new RegistryEvent.SettingsChanged(update.plugin(), update.override(), update.update(), reason, stamp.at(),
            stamp.node(), stamp.command()));
      }
    }
    return new Accepted(events, touched);
  }

  /** Apply an operation to one plugin, to every plugin of an event, or to all plugins. */
  public static Decision apply(RegistryState state, Operation operation, Target target, String reason, Stamp stamp) {
    if (target instanceof Target.Plugin plugin) {
      return single(state, operation, plugin.name(), reason, stamp);
    }
    List<PluginRecord> plugins;
    if (target instanceof Target.Event event) {
      plugins = state.pluginsOf(event.name());
      if (plugins.isEmpty()) {
        return reject(Reason.EVENT_HAS_NO_PLUGINS, event.name(), List.of(), "No plugin is registered for event '" + Names.shown(event.name()) + "'.");
      }
    } else {
      plugins = List.copyOf(state.plugins().values());
    }
    return bulk(state, operation, plugins, reason, stamp);
  }

  private static Decision single(RegistryState state, Operation operation, String name, String reason, Stamp stamp) {
    Optional<PluginRecord> found = state.plugin(name);
    if (found.isEmpty()) {
      if (operation == Operation.MARK_FAILED) {
        return new Accepted(List.of(), List.of());
      }
      return new Rejected(LifecycleException.pluginNotFound(name));
    }
    PluginRecord record = found.get();
    List<String> inactive = state.inactive(record.descriptor().dependsOn());
    RegistryEvent change;
    switch (operation) {
      case START, RESTART -> {
        if (record.status() == PluginStatus.STOPPED) {
          return reject(Reason.PLUGIN_STOPPED, name, List.of(), "Plugin '" + name + "' is stopped; use enable to switch it back on.");
        }
        if (!inactive.isEmpty()) {
          return reject(Reason.DEPENDENCIES_INACTIVE, name, inactive,
              "Plugin '" + name + "' has dependencies that are not active: " + String.join(", ", inactive) + ".");
        }
        PluginStatus to = operation == Operation.START ? PluginStatus.STARTED : PluginStatus.RESTARTED;
        // A restart is journaled even from restarted: the operator asked for it and the history shows it.
        change = record.status() == to && operation == Operation.START ? null : statusChange(record, to, reason, stamp);
      }
      case STOP -> {
        if (record.status() == PluginStatus.STOPPED) {
          return reject(Reason.ALREADY_STOPPED, name, List.of(), "Plugin '" + name + "' is already stopped.");
        }
        change = statusChange(record, PluginStatus.STOPPED, reason, stamp);
      }
      case ENABLE -> {
        PluginStatus to = inactive.isEmpty() ? PluginStatus.RESTARTED : PluginStatus.HELD;
        String why = inactive.isEmpty() ? reason : reason + ", held: " + waitingFor(inactive);
        change = record.status() == to ? null : statusChange(record, to, why, stamp);
      }
      case UNREGISTER -> change = new RegistryEvent.PluginUnregistered(name, reason, stamp.at(), stamp.node(), stamp.command());
      case MARK_FAILED -> change = record.status().isActive() ? statusChange(record, PluginStatus.FAILED, reason, stamp) : null;
      case BOOT -> change = bootChange(record, inactive, reason, stamp);
      default -> throw new IllegalArgumentException(operation.toString());
    }
    return withCascade(state, change == null ? List.of() : List.of(change), List.of(name), stamp);
  }

  private static Decision bulk(RegistryState state, Operation operation, List<PluginRecord> plugins, String reason, Stamp stamp) {
    // Dependencies first, so a batch that starts a plugin and its dependency needs no hold-and-release.
    Map<String, PluginRecord> byName = new HashMap<>();
    plugins.forEach(record -> byName.put(record.name(), record));
    List<PluginDescriptor> ordered = ChainOrder.order(plugins.stream().map(PluginRecord::descriptor).toList());
    List<RegistryEvent> events = new ArrayList<>();
    List<String> touched = new ArrayList<>();
    RegistryState current = state;
    for (PluginDescriptor descriptor : ordered) {
      PluginRecord record = current.plugin(descriptor.name()).orElse(byName.get(descriptor.name()));
      List<String> inactive = current.inactive(descriptor.dependsOn());
      RegistryEvent change = switch (operation) {
        case START -> record.status() == PluginStatus.STOPPED ? null
            : inactive.isEmpty() ? changeUnlessSame(record, PluginStatus.STARTED, reason, stamp)
            : changeUnlessSame(record, PluginStatus.HELD, "held: " + waitingFor(inactive), stamp);
        case RESTART -> record.status() == PluginStatus.STOPPED || !inactive.isEmpty() ? null
            : statusChange(record, PluginStatus.RESTARTED, reason, stamp);
        case STOP -> record.status() == PluginStatus.STOPPED ? null : statusChange(record, PluginStatus.STOPPED, reason, stamp);
        case ENABLE -> record.status() != PluginStatus.STOPPED ? null
            : inactive.isEmpty() ? statusChange(record, PluginStatus.RESTARTED, reason, stamp)
            : statusChange(record, PluginStatus.HELD, reason + ", held: " + waitingFor(inactive), stamp);
        case UNREGISTER -> new RegistryEvent.PluginUnregistered(record.name(), reason, stamp.at(), stamp.node(), stamp.command());
        case MARK_FAILED -> record.status().isActive() ? statusChange(record, PluginStatus.FAILED, reason, stamp) : null;
        case BOOT -> bootChange(record, inactive, reason, stamp);
      };
      if (change != null) {
        events.add(change);
        touched.add(record.name());
        current = current.apply(change);
      }
    }
    return withCascade(state, events, touched, stamp);
  }

  /** At boot only plugins still registered move: started when their dependencies are active, else held. */
  private static RegistryEvent bootChange(PluginRecord record, List<String> inactive, String reason, Stamp stamp) {
    if (record.status() != PluginStatus.REGISTERED) {
      return null;
    }
    return inactive.isEmpty()
        ? statusChange(record, PluginStatus.STARTED, reason, stamp)
        : statusChange(record, PluginStatus.HELD, reason + ", held: " + waitingFor(inactive), stamp);
  }

  private static Decision withCascade(RegistryState state, List<RegistryEvent> primary, List<String> roots, Stamp stamp) {
    List<RegistryEvent> events = new ArrayList<>(primary);
    if (!primary.isEmpty()) {
      events.addAll(cascade(state.applyAll(primary), roots, stamp));
    }
    return new Accepted(events, roots);
  }

  /**
   * Settle every transitive dependent of {@code roots} to a fixpoint: held while any dependency is
   * inactive, released (restarted) when all are active again. Stopped, registered and failed plugins
   * are never touched; roots are not re-evaluated.
   */
  public static List<RegistryEvent> cascade(RegistryState state, List<String> roots, Stamp stamp) {
    List<String> affected = DependencyGraph.of(state).dependentsOf(roots);
    List<RegistryEvent> events = new ArrayList<>();
    RegistryState current = state;
    for (int pass = 0; pass <= affected.size(); pass++) {
      boolean changed = false;
      for (String name : affected) {
        Optional<PluginRecord> found = current.plugin(name);
        if (found.isEmpty() || !cascadable(found.get().status())) {
          continue;
        }
        PluginRecord record = found.get();
        List<String> inactive = current.inactive(record.descriptor().dependsOn());
        PluginStatus desired = reevaluate(record.status(), inactive);
        if (desired != record.status()) {
          RegistryEvent event = desired == PluginStatus.HELD
              ? statusChange(record, desired, "held: " + waitingFor(inactive), stamp)
              : release(record, stamp);
          events.add(event);
          current = current.apply(event);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return events;
  }

  private static boolean cascadable(PluginStatus status) {
    return status.isActive() || status == PluginStatus.HELD;
  }

  /** The status a registration or cascade leaves: operator and runtime decisions stand; holds follow dependencies. */
  private static PluginStatus reevaluate(PluginStatus status, List<String> inactive) {
    if (!cascadable(status)) {
      return status;
    }
    if (!inactive.isEmpty()) {
      return PluginStatus.HELD;
    }
    return status == PluginStatus.HELD ? PluginStatus.RESTARTED : status;
  }


  private static RegistryEvent statusChange(PluginRecord record, PluginStatus to, String reason, Stamp stamp) {
    return new RegistryEvent.StatusChanged(record.name(), record.status(), to, false, reason, stamp.at(), stamp.node(), stamp.command());
  }

  /** Held to restarted because its dependencies are active again: the one change journaled as a release. */
  private static RegistryEvent release(PluginRecord record, Stamp stamp) {
    return new RegistryEvent.StatusChanged(record.name(), record.status(), PluginStatus.RESTARTED, true, RELEASED,
        stamp.at(), stamp.node(), stamp.command());
  }

  private static RegistryEvent changeUnlessSame(PluginRecord record, PluginStatus to, String reason, Stamp stamp) {
    return record.status() == to ? null : statusChange(record, to, reason, stamp);
  }

  private static String waitingFor(List<String> inactive) {
    Set<String> names = new LinkedHashSet<>(inactive);
    return "waiting for " + String.join(", ", names);
  }

  private static Decision reject(Reason reason, String subject, List<String> plugins, String message) {
    return new Rejected(new LifecycleException(reason, subject, plugins, message));
  }
}
