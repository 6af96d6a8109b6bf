package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A plugin with the {@code FAIL_CALL} policy failed; {@link #partial()} shows what had run until then. */
public final class PluginFailedException extends ArborException {
  private final transient CallResult<?> partial;

  PluginFailedException(PluginFailure failure, CallResult<?> partial) {
    super("Plugin '" + failure.plugin() + "' failed (" + failure.kind() + "): " + failure.message());
    this.partial = partial;
  }

  public PluginFailure failure() {
    return partial.failures().get(partial.failures().size() - 1);
  }

  public CallResult<?> partial() {
    return partial;
  }

  @Override
  public String code() {
    return "plugin_failed";
  }
}
