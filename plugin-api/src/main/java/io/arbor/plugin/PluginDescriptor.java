package io.arbor.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything a plugin declares about itself in code. On every registration these fields win over
 * what the registry had stored; the runtime owns the rest (id, status, registration time).
 *
 * <p>In this constructor a null {@code dependsOn}, {@code extra}, {@code timeout}, {@code onFailure}
 * or {@code restart} means its default; the {@link Builder}'s methods refuse null with an {@link
 * InvalidDescriptorException} naming the field.
 *
 * @param name unique across all events; the registry's key
 * @param event the event the plugin attaches to
 * @param priority 0..100, lower runs first; ties are broken by name
 * @param dependsOn plugins (of any event) that must be active for this one to run, and that run
 *     before it when they share its event; kept sorted
 * @param extra settings handed to the plugin ({@link PluginContext#extra()}): {@code String}, {@code
 *     Boolean}, {@code Integer}, {@code Long}, {@code Double}, and {@code java.util.List}s and {@code
 *     java.util.Map}s (String keys) of these, nested up to 32 levels; no nulls. They come back from the
 *     journal exactly (equal, each number of the class it was declared with). Anything else is refused
 *     with an {@link InvalidDescriptorException} naming the entry ({@code extra.key}, {@code
 *     extra.key[0]}, {@code extra.key.inner}). Kept as an unmodifiable deep copy in the given order.
 * @param timeout how long one call of this plugin may take: positive, at most {@link #MAX_TIMEOUT}
 * @param onFailure what a call does when this plugin fails
 * @param restart how its actor is restarted after a failure
 */
public record PluginDescriptor(
    String name,
    String event,
    int priority,
    List<String> dependsOn,
    Map<String, Object> extra,
    Duration timeout,
    FailurePolicy onFailure,
    RestartStrategy restart) {

  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 100;
  public static final int DEFAULT_PRIORITY = MAX_PRIORITY;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** A call that may take longer than a day is a hang, not a timeout; a finite bound also keeps the watchdog's arithmetic safe. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  public PluginDescriptor {
    Names.require("name", name);
    Names.require("event", event);
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new InvalidDescriptorException(
          "priority", "must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + " (was " + priority + ")");
    }
    dependsOn = sortedDependencies(name, dependsOn);
    extra = extra == null ? Map.of() : Settings.copyOf(extra);
    // Clamped, not refused: a descriptor journaled before the limit existed must still recover. The
    // builder refuses a longer timeout, so a declaration cannot ask for one.
    timeout = RestartStrategy.clamped("timeout", timeout == null ? DEFAULT_TIMEOUT : timeout, MAX_TIMEOUT);
    onFailure = onFailure == null ? FailurePolicy.SKIP : onFailure;
    restart = restart == null ? RestartStrategy.DEFAULT : restart;
  }

  private static List<String> sortedDependencies(String name, Collection<String> dependsOn) {
    if (dependsOn == null) {
      return List.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String dependency : dependsOn) {
      Names.require("dependsOn", dependency);
      if (dependency.equals(name)) {
        throw new InvalidDescriptorException(
            "dependsOn", "must not contain the plugin itself: dependency cycle " + name + " -> " + name);
      }
      sorted.add(dependency);
    }
    return List.copyOf(sorted);
  }

  public static Builder builder(String name, String event) {
    return new Builder(name, event);
  }

  public static Builder builder(String name, EventType<?> event) {
    return new Builder(name, InvalidDescriptorException.requireNonNull("event", event).name());
  }

  /** A copy with a different priority; the other fields unchanged. */
  public PluginDescriptor withPriority(int newPriority) {
    return new PluginDescriptor(name, event, newPriority, dependsOn, extra, timeout, onFailure, restart);
  }

  /** A copy with different settings ({@link #extra()}), checked by the same rules; the other fields unchanged. */
  public PluginDescriptor withExtra(Map<String, Object> newExtra) {
    return new PluginDescriptor(name, event, priority, dependsOn, InvalidDescriptorException.requireNonNull("extra", newExtra), timeout,
        onFailure, restart);
  }

  /** A copy with different dependencies; the other fields unchanged. */
  public PluginDescriptor withDependsOn(String... dependencies) {
    return new PluginDescriptor(
        name, event, priority, Arrays.asList(InvalidDescriptorException.requireNonNull("dependsOn", dependencies)), extra, timeout,
        onFailure, restart);
  }

  public static final class Builder {
    private final String name;
    private final String event;
    private int priority = DEFAULT_PRIORITY;
    private final List<String> dependsOn = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private FailurePolicy onFailure = FailurePolicy.SKIP;
    private RestartStrategy restart = RestartStrategy.DEFAULT;

    private Builder(String name, String event) {
      this.name = name;
      this.event = event;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder dependsOn(String... plugins) {
      dependsOn.addAll(Arrays.asList(InvalidDescriptorException.requireNonNull("dependsOn", plugins)));
      return this;
    }

    public Builder extra(String key, Object value) {
      if (key == null) {
        throw new InvalidDescriptorException("extra", "keys must not be null");
      }
      extra.put(key, InvalidDescriptorException.requireNonNull("extra." + key, value));
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = InvalidDescriptorException.requireNonNull("timeout", timeout);
      return this;
    }

    public Builder onFailure(FailurePolicy onFailure) {
      this.onFailure = InvalidDescriptorException.requireNonNull("onFailure", onFailure);
      return this;
    }

    public Builder restart(RestartStrategy restart) {
      this.restart = InvalidDescriptorException.requireNonNull("restart", restart);
      return this;
    }

    public PluginDescriptor build() {
      if (timeout != null) {
        RestartStrategy.requireBetween("timeout", timeout, MAX_TIMEOUT);
      }
      return new PluginDescriptor(name, event, priority, dependsOn, extra, timeout, onFailure, restart);
    }
  }
}
