package io.arbor.runtime;

/**
 * A live configuration update was refused before anything was journaled: the plugin's validation
 * threw (its message is this one's), took longer than the plugin's timeout, or the plugin's code is
 * not loaded on the node the update was made from. Nothing changed anywhere.
 */
public final class SettingsRefusedException extends ArborException {
  private final String plugin;

  public SettingsRefusedException(String plugin, String message, Throwable cause) {
    super(message, cause);
    this.plugin = plugin;
  }

  public String plugin() {
    return plugin;
  }

  @Override
  public String code() {
    return "settings_refused";
  }
}
