package io.arbor.examples.login;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.HashMap;
import java.util.Map;

/**
 * Records every login attempt and counts them per user. It has priority 0 so that it runs before the
 * blocklist and sees blocked attempts too. The counter is a plain field: only this plugin's actor
 * touches it.
 */
public final class LoginAuditPlugin implements Plugin<LoginState> {
  public static final String NAME = "login.audit";

  private final Map<String, Integer> attempts = new HashMap<>();

  public static PluginDefinition<LoginState> definition() {
    return PluginDefinition.of(
        PluginDescriptor.builder(NAME, LoginEvents.AFTER_LOGIN).priority(0).build(),
        LoginAuditPlugin::new);
  }

  @Override
  public Step<LoginState> call(LoginState state, CallContext context) {
    int attempt = attempts.merge(state.userId(), 1, Integer::sum);
    Object requestId = context.meta().get("request.id");
    String note = "audit: attempt #" + attempt + " of " + state.userName() + " from " + state.ip()
        + (requestId == null ? "" : " (request " + requestId + ")");
    return Step.next(state.withNote(note));
  }
}
