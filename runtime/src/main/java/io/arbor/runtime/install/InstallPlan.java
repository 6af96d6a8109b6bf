package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an install or an uninstall does to the installations, decided before anything is loaded or
 * journaled: a plain function of the current installations, the plugins registered from code, and
 * the request. An install of a new name is an {@link Install}; of an installed name, an {@link
 * Upgrade} when strictly newer; an uninstall names what to unregister.
 */
public final class InstallPlan {
  public sealed interface Step {}

  /** A new artifact: load it, register its plugins. */
  public record Install(Installation installation) implements Step {}

  /** A newer version of an installed artifact: start its plugins, switch, retire the old ones. */
  public record Upgrade(Installation from, Installation to, List<String> retired) implements Step {
    public Upgrade {
      retired = List.copyOf(retired);
    }
  }

  /** Remove an artifact: unregister its plugins (with their cascade), close its loader, delete its bytes. */
  public record Uninstall(Installation installation) implements Step {}

  private InstallPlan() {}

  /**
   * @param installed the installations by name
   * @param fromCode plugins registered from the application's code (never replaced by an install)
   * @param offered the artifact as checked and scanned
   */
  public static Step install(Map<String, Installation> installed, Set<String> fromCode, SourcePolicy policy, Installation offered) {
    policy.admitName(offered.name());
    VersionOrder version = VersionOrder.parse(offered.version());
    offered.plugins().forEach(policy::requireUnprotected);
    Installation current = installed.get(offered.name());
    requireOwnPlugins(installed, fromCode, offered);
    if (current == null) {
      return new Install(offered);
    }
    if (!version.upgrades(VersionOrder.parse(current.version()))) {
      throw new InstallException(Reason.VERSION_NOT_NEWER, "version", "'" + offered.name() + "' " + current.version()
          + " is installed; only a strictly newer version replaces it, not " + offered.version() + ".");
    }
    List<String> retired = new ArrayList<>(current.plugins());
    retired.removeAll(offered.plugins());
    return new Upgrade(current, offered, retired);
  }

  public static Step uninstall(Map<String, Installation> installed, SourcePolicy policy, String name) {
    policy.requireUnprotected(name);
    Installation current = name == null ? null : installed.get(name);
    if (current == null) {
      throw new InstallException(Reason.NOT_INSTALLED, "name", "'" + ArchiveCheck.shown(String.valueOf(name)) + "' is not installed.");
    }
    current.plugins().forEach(policy::requireUnprotected);
    return new Uninstall(current);
  }

  /** A plugin name belongs to one artifact, or to the application's code: never to two. */
  private static void requireOwnPlugins(Map<String, Installation> installed, Set<String> fromCode, Installation offered) {
    Set<String> taken = new TreeSet<>();
    for (String plugin : offered.plugins()) {
      if (fromCode.contains(plugin)) {
        taken.add(plugin + " (registered from the application's code)");
      }
      for (Installation other : installed.values()) {
        if (!other.name().equals(offered.name()) && other.plugins().contains(plugin)) {
          taken.add(plugin + " (installed by '" + other.name() + "')");
        }
      }
    }
    if (!taken.isEmpty()) {
      throw new InstallException(Reason.PLUGIN_CONFLICT, "plugins", "'" + offered.name() + "' brings plugins that are already"
          + " someone else's: " + String.join(", ", taken) + ".");
    }
  }
}
