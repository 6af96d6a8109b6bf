package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.Lifecycle;
import io.arbor.runtime.registry.RegistryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an install or an uninstall does to the installations, decided before anything is loaded or
 * journaled: a plain function of the registry as this node sees it and the request (the registry
 * decides again when the install is journaled, in case another landed meanwhile). An install of a new name is an {@link Install}; of an installed name, an {@link
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

  /** @param offered the artifact as checked and scanned */
  public static Step install(RegistryState state, SourcePolicy policy, Installation offered) {
    policy.admitName(offered.name());
    VersionOrder version = VersionOrder.parse(offered.version());
    offered.plugins().forEach(policy::requireUnprotected);
    Installation current = state.installation(offered.name()).orElse(null);
    Map<String, String> taken = Lifecycle.ownershipConflicts(state, offered.name(), offered.plugins());
    if (!taken.isEmpty()) {
      throw new InstallException(Reason.PLUGIN_CONFLICT, "plugins", Lifecycle.conflictMessage(offered.name(), taken));
    }
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

  public static Step uninstall(RegistryState state, SourcePolicy policy, String name) {
    policy.requireUnprotected(name);
    Installation current = state.installation(name).orElse(null);
    if (current == null) {
      throw new InstallException(Reason.NOT_INSTALLED, "name", "'" + ArchiveCheck.shown(String.valueOf(name)) + "' is not installed.");
    }
    current.plugins().forEach(policy::requireUnprotected);
    return new Uninstall(current);
  }
}
