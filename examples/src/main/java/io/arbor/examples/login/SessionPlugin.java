package io.arbor.examples.login;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.UUID;

/** Issues the session id and the greeting the application shows after login. */
public final class SessionPlugin implements Plugin<LoginState> {
  public static final String NAME = "login.session";

  public static PluginDefinition<LoginState> definition() {
    return PluginDefinition.of(
        PluginDescriptor.builder(NAME, LoginEvents.AFTER_LOGIN).priority(20).build(),
        SessionPlugin::new);
  }

  @Override
  public Step<LoginState> call(LoginState state, CallContext context) {
    String session = "s-" + UUID.randomUUID().toString().substring(0, 8);
    return Step.next(state
        .withData("session", session)
        .withData("greeting", "Hello " + state.userName())
        .withNote("session: issued " + session));
  }
}
