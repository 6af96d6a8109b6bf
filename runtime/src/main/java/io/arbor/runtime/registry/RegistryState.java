package io.arbor.runtime.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.arbor.runtime.ArborSerializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The registry's state: every plugin by name, and a version that grows by one per journaled event.
 * Immutable: {@link #apply(RegistryEvent)} returns a new state, so readers never see a half change.
 *
 * <p>The maps are persistent (pcollections): a new state shares everything an event did not touch,
 * so applying an event costs O(log n) whatever the registry's size, and so do the indexes kept
 * beside the plugins (each event's plugins, each plugin's dependents). Only {@code plugins}, {@code
 * version} and {@code commands} are serialized (a snapshot has the shape of the record this class
 * once was, plus the commands, absent from older snapshots); the indexes are rebuilt from them.
 *
 * <p>{@code commands} holds the ids of the last {@value #RECENT_COMMANDS} commands that journaled
 * something, with the version each reached: a command delivered again (a retry after a timed-out
 * ask, or the cluster singleton's proxy delivering a buffered one after a fail-over) is recognised
 * and not applied twice.
 */
public final class RegistryState implements ArborSerializable {
  /** How many recent command ids the registry remembers. */
  public static final int RECENT_COMMANDS = 1000;

  public static final RegistryState EMPTY =
      new RegistryState(TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), TreePMap.empty(),
          TreePSet.empty(), TreePSet.empty(), 0);

  private final PSortedMap<String, PluginRecord> plugins;
  private final long version;
  /** Each event's plugins by name. */
  @JsonIgnore
  private final PSortedMap<String, PSortedSet<String>> byEvent;
  /** For each name some plugin depends on (registered or not), the plugins that depend on it. */
  @JsonIgnore
  private final PSortedMap<String, PSortedSet<String>> dependents;
  /** Each installed artifact's plugins, by artifact name. */
  @JsonIgnore
  private final PSortedMap<String, PSortedSet<String>> byArtifact;
  /** Recent command ids and the version each reached. */
  private final PSortedMap<String, Long> commands;
  /** The paused events, {@link Pause#ALL} for the whole runtime. */
  private final PSortedSet<String> paused;
  /** Those of {@link #paused} whose calls are held rather than refused. */
  private final PSortedSet<String> holding;
  /** The same, by version, to forget the oldest. */
  @JsonIgnore
  private final PSortedMap<Long, String> commandsByVersion;

  public RegistryState(Map<String, PluginRecord> plugins, long version) {
    this(plugins, version, null, null, null);
  }

  /**
   * @param paused null in snapshots written before pauses existed: none
   * @param holding null in snapshots written before held calls existed: none
   */
  @JsonCreator
  public RegistryState(@JsonProperty("plugins") Map<String, PluginRecord> plugins, @JsonProperty("version") long version,
      @JsonProperty("commands") Map<String, Long> commands, @JsonProperty("paused") Collection<String> paused,
      @JsonProperty("holding") Collection<String> holding) {
    PSortedMap<String, PluginRecord> all = TreePMap.from(plugins == null ? Map.of() : plugins);
    PSortedMap<String, PSortedSet<String>> events = TreePMap.empty();
    PSortedMap<String, PSortedSet<String>> reverse = TreePMap.empty();
    PSortedMap<String, PSortedSet<String>> artifacts = TreePMap.empty();
    for (PluginRecord record : all.values()) {
      events = added(events, record.event(), record.name());
      if (record.installed()) {
        artifacts = added(artifacts, record.artifact().name(), record.name());
      }
      for (String dependency : record.descriptor().dependsOn()) {
        reverse = added(reverse, dependency, record.name());
      }
    }
    this.plugins = all;
    this.version = version;
    this.byEvent = events;
    this.dependents = reverse;
    this.byArtifact = artifacts;
    this.commands = TreePMap.from(commands == null ? Map.of() : commands);
    PSortedMap<Long, String> byVersion = TreePMap.empty();
    for (Map.Entry<String, Long> entry : this.commands.entrySet()) {
      byVersion = byVersion.plus(entry.getValue(), entry.getKey());
    }
    this.commandsByVersion = byVersion;
    this.paused = TreePSet.from(paused == null ? List.of() : paused);
    this.holding = TreePSet.from(holding == null ? List.of() : holding);
  }

  private RegistryState(PSortedMap<String, PluginRecord> plugins, PSortedMap<String, PSortedSet<String>> byEvent,
      PSortedMap<String, PSortedSet<String>> dependents, PSortedMap<String, PSortedSet<String>> byArtifact,
      PSortedMap<String, Long> commands, PSortedMap<Long, String> commandsByVersion, PSortedSet<String> paused,
      PSortedSet<String> holding, long version) {
    this.plugins = plugins;
    this.paused = paused;
    this.holding = holding;
    this.byEvent = byEvent;
    this.dependents = dependents;
    this.byArtifact = byArtifact;
    this.commands = commands;
    this.commandsByVersion = commandsByVersion;
    this.version = version;
  }

  /** Every plugin by name, in name order; unmodifiable. */
  @JsonProperty("plugins")
  public Map<String, PluginRecord> plugins() {
    return plugins;
  }

  @JsonProperty("version")
  public long version() {
    return version;
  }

  /** Recent command ids (the last {@value #RECENT_COMMANDS}) and the version each reached. */
  @JsonProperty("commands")
  public Map<String, Long> commands() {
    return commands;
  }

  /** The paused events, {@link Pause#ALL} for the whole runtime; in name order. */
  @JsonProperty("paused")
  public SortedSet<String> paused() {
    return paused;
  }

  /** The paused targets whose calls are held rather than refused; in name order. */
  @JsonProperty("holding")
  public SortedSet<String> holding() {
    return holding;
  }

  /** The version a recent command reached, if this registry applied it. */
  public Optional<Long> appliedCommand(String command) {
    return Optional.ofNullable(command == null ? null : commands.get(command));
  }

  public RegistryState apply(RegistryEvent event) {
    if (event instanceof RegistryEvent.Paused || event instanceof RegistryEvent.Resumed) {
      PSortedSet<String> nextPaused;
      PSortedSet<String> nextHolding;
      if (event instanceof RegistryEvent.Paused pause) {
        nextPaused = paused.plus(pause.target());
        nextHolding = pause.holds() ? holding.plus(pause.target()) : holding.minus(pause.target());
      } else {
        String target = ((RegistryEvent.Resumed) event).target();
        nextPaused = paused.minus(target);
        nextHolding = holding.minus(target);
      }
      RecentCommands recent = recentCommands(event);
      return new RegistryState(plugins, byEvent, dependents, byArtifact, recent.commands(), recent.byVersion(), nextPaused, nextHolding,
          version + 1);
    }
    PSortedMap<String, PSortedSet<String>> nextEvents = byEvent;
    PSortedMap<String, PSortedSet<String>> nextDependents = dependents;
    PSortedMap<String, PSortedSet<String>> nextArtifacts = byArtifact;
    PluginRecord before = plugins.get(event.plugin());
    PluginRecord after = before;
    if (event instanceof RegistryEvent.PluginRegistered registered) {
      after = registered.record();
    } else if (event instanceof RegistryEvent.PluginRedeclared redeclared) {
      after = before == null ? null : before.withDescriptor(redeclared.descriptor(), redeclared.artifact(), redeclared.at());
    } else if (event instanceof RegistryEvent.StatusChanged changed) {
      after = before == null ? null : before.withStatus(changed.to(), changed.at());
    } else if (event instanceof RegistryEvent.SettingsChanged changed) {
      after = before == null ? null : before.withSettingsOverride(changed.settings());
    } else if (event instanceof RegistryEvent.PluginUnregistered) {
      after = null;
    }
    // A status change, the bulk of a cascade, leaves the plugin's event and dependencies as they are:
    // only a plugin that appears, goes or is re-declared differently moves in the indexes.
    boolean reindexed = before == null || after == null || !before.event().equals(after.event())
        || !before.descriptor().dependsOn().equals(after.descriptor().dependsOn());
    if (before != null && reindexed) {
      nextEvents = removed(nextEvents, before.event(), before.name());
      for (String dependency : before.descriptor().dependsOn()) {
        nextDependents = removed(nextDependents, dependency, before.name());
      }
    }
    if (after != null && reindexed) {
      nextEvents = added(nextEvents, after.event(), after.name());
      for (String dependency : after.descriptor().dependsOn()) {
        nextDependents = added(nextDependents, dependency, after.name());
      }
    }
    String artifactBefore = before == null || !before.installed() ? null : before.artifact().name();
    String artifactAfter = after == null || !after.installed() ? null : after.artifact().name();
    if (artifactBefore != null && !artifactBefore.equals(artifactAfter)) {
      nextArtifacts = removed(nextArtifacts, artifactBefore, before.name());
    }
    if (artifactAfter != null && !artifactAfter.equals(artifactBefore)) {
      nextArtifacts = added(nextArtifacts, artifactAfter, after.name());
    }
    PSortedMap<String, PluginRecord> nextPlugins = after == null ? plugins.minus(event.plugin()) : plugins.plus(after.name(), after);
    RecentCommands recent = recentCommands(event);
    return new RegistryState(nextPlugins, nextEvents, nextDependents, nextArtifacts, recent.commands(), recent.byVersion(), paused,
        holding, version + 1);
  }

  private record RecentCommands(PSortedMap<String, Long> commands, PSortedMap<Long, String> byVersion) {}

  /** The recent commands once {@code event} is applied: its command moves to the new version, the oldest is forgotten. */
  private RecentCommands recentCommands(RegistryEvent event) {
    PSortedMap<String, Long> nextCommands = commands;
    PSortedMap<Long, String> nextByVersion = commandsByVersion;
    if (event.command() != null) {
      Long earlier = nextCommands.get(event.command()); // a command's later events move it forward
      if (earlier != null) {
        nextByVersion = nextByVersion.minus(earlier);
      }
      nextCommands = nextCommands.plus(event.command(), version + 1);
      nextByVersion = nextByVersion.plus(version + 1, event.command());
      if (nextByVersion.size() > RECENT_COMMANDS) {
        nextCommands = nextCommands.minus(nextByVersion.firstEntry().getValue());
        nextByVersion = nextByVersion.minusFirstEntry();
      }
    }
    return new RecentCommands(nextCommands, nextByVersion);
  }

  private static PSortedMap<String, PSortedSet<String>> added(PSortedMap<String, PSortedSet<String>> index, String key, String name) {
    PSortedSet<String> names = index.get(key);
    return index.plus(key, (names == null ? TreePSet.<String>empty() : names).plus(name));
  }

  private static PSortedMap<String, PSortedSet<String>> removed(PSortedMap<String, PSortedSet<String>> index, String key, String name) {
    PSortedSet<String> names = index.get(key);
    if (names == null) {
      return index;
    }
    PSortedSet<String> rest = names.minus(name);
    return rest.isEmpty() ? index.minus(key) : index.plus(key, rest);
  }

  public RegistryState applyAll(Collection<? extends RegistryEvent> events) {
    RegistryState state = this;
    for (RegistryEvent event : events) {
      state = state.apply(event);
    }
    return state;
  }

  public Optional<PluginRecord> plugin(String name) {
    return Optional.ofNullable(name == null ? null : plugins.get(name));
  }

  /** A missing plugin is inactive. */
  public boolean isActive(String name) {
    PluginRecord record = plugins.get(name);
    return record != null && record.status().isActive();
  }

  /** The dependencies of {@code dependsOn} that are not active (missing ones included). */
  public List<String> inactive(Collection<String> dependsOn) {
    List<String> inactive = new ArrayList<>();
    for (String dependency : dependsOn) {
      if (!isActive(dependency)) {
        inactive.add(dependency);
      }
    }
    return inactive;
  }

  /** The event's plugins in name order. */
  public List<PluginRecord> pluginsOf(String event) {
    PSortedSet<String> names = byEvent.get(event);
    if (names == null) {
      return List.of();
    }
    List<PluginRecord> records = new ArrayList<>(names.size());
    names.forEach(name -> records.add(plugins.get(name)));
    return records;
  }

  /** The plugins that name {@code plugin} among their dependencies (directly), in name order. */
  public SortedSet<String> dependentsOf(String plugin) {
    PSortedSet<String> names = dependents.get(plugin);
    return names == null ? TreePSet.empty() : names;
  }

  /** Every event that has plugins in the registry. */
  public SortedSet<String> events() {
    return byEvent.keySet();
  }

  /** Every installed artifact by name, from the records of its plugins. */
  public SortedMap<String, Installation> installations() {
    SortedMap<String, Installation> all = new TreeMap<>();
    for (String name : byArtifact.keySet()) {
      installation(name).ifPresent(installation -> all.put(name, installation));
    }
    return all;
  }

  /** The installed artifact of that name, if any: O(its plugins), whatever the registry's size. */
  public Optional<Installation> installation(String name) {
    PSortedSet<String> names = name == null ? null : byArtifact.get(name);
    if (names == null) {
      return Optional.empty();
    }
    Artifact artifact = plugins.get(names.first()).artifact();
    SortedSet<String> events = new TreeSet<>();
    names.forEach(plugin -> events.add(plugins.get(plugin).event()));
    return Optional.of(new Installation(name, artifact.version(), artifact.sha256(), List.copyOf(names), List.copyOf(events)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RegistryState state && state.version == version && state.plugins.equals(plugins)
        && state.commands.equals(commands) && state.paused.equals(paused) && state.holding.equals(holding);
  }

  @Override
  public int hashCode() {
    return plugins.hashCode() * 31 + Long.hashCode(version);
  }

  @Override
  public String toString() {
    return "RegistryState[plugins=" + plugins + ", version=" + version + ", commands=" + commands.size() + ", paused=" + paused + "]";
  }
}
