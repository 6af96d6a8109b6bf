package io.arbor.examples.login;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Halts the chain for users on the blocklist, so no later plugin issues them a session. The list comes
 * from the descriptor's {@code blocked} setting.
 */
public final class BlocklistPlugin implements Plugin<LoginState> {
  public static final String NAME = "login.blocklist";

  private Set<String> blocked = Set.of();

  public static PluginDefinition<LoginState> definition(List<String> blockedUsers) {
    return PluginDefinition.of(
        PluginDescriptor.builder(NAME, LoginEvents.AFTER_LOGIN).priority(10).extra("blocked", blockedUsers).build(),
        BlocklistPlugin::new);
  }

  @Override
  public void start(PluginContext context) {
    // The setting is the java.util.List declared in definition(), also when recovered from the journal.
    if (context.extra().get("blocked") instanceof List<?> users) {
      blocked = users.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
  }

  @Override
  public Step<LoginState> call(LoginState state, CallContext context) {
    if (blocked.contains(state.userName())) {
      return Step.halt(state
          .withData("denied", "blocklisted")
          .withNote("blocklist: " + state.userName() + " is blocked, no session"));
    }
    return Step.next(state);
  }
}
