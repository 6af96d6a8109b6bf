package io.arbor.runtime.registry;

import io.arbor.plugin.Names;
import io.arbor.runtime.ArborException;
import java.util.List;

/** A lifecycle operation the rules refused. Nothing was written. */
public final class LifecycleException extends ArborException {
  public enum Reason {
    PLUGIN_NOT_FOUND("plugin_not_found"),
    EVENT_HAS_NO_PLUGINS("event_has_no_plugins"),
    PLUGIN_STOPPED("plugin_stopped"),
    ALREADY_STOPPED("already_stopped"),
    DEPENDENCIES_INACTIVE("dependencies_inactive"),
    DEPENDENCY_CYCLE("dependency_cycle"),
    /** A plugin name belongs to the application's code or to one installed artifact, never to two. */
    PLUGIN_CONFLICT("plugin_conflict"),
    /** Another install, upgrade or uninstall of the same artifact landed first. */
    INSTALL_CONFLICT("install_conflict"),
    NOT_INSTALLED("not_installed"),
    /** A plugin's settings changed between a configuration update's validation and its write. */
    SETTINGS_CONFLICT("settings_conflict");

    private final String code;

    Reason(String code) {
      this.code = code;
    }
  }

  private final Reason reason;
  private final String subject;
  private final List<String> plugins;

  public LifecycleException(Reason reason, String subject, List<String> plugins, String message) {
    super(message);
    this.reason = reason;
    this.subject = subject;
    this.plugins = List.copyOf(plugins);
  }

  /**
   * The refusal a registry reply stands for, rebuilt on the node that asked: the same code, message,
   * subject and plugins as the exception the rules raised where the registry runs.
   *
   * @throws IllegalArgumentException for a code this node does not know (a newer node's refusal)
   */
  public static LifecycleException fromReply(String code, String message, String subject, List<String> plugins) {
    for (Reason reason : Reason.values()) {
      if (reason.code.equals(code)) {
        return new LifecycleException(reason, subject, plugins, message);
      }
    }
    throw new IllegalArgumentException("Unknown lifecycle refusal code '" + code + "': " + message);
  }

  public static LifecycleException pluginNotFound(String plugin) {
    return new LifecycleException(Reason.PLUGIN_NOT_FOUND, plugin, List.of(), "Plugin '" + Names.shown(plugin) + "' is not registered.");
  }

  public Reason reason() {
    return reason;
  }

  /** The plugin or event the operation named. */
  public String subject() {
    return subject;
  }

  /** The plugins behind the refusal: inactive dependencies, or the members of a cycle. */
  public List<String> plugins() {
    return plugins;
  }

  @Override
  public String code() {
    return reason.code;
  }
}
