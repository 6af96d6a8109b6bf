package io.arbor.examples.plugins;

import io.arbor.examples.login.LoginState;
import io.arbor.plugin.ArborPlugin;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.Step;

/**
 * Adds a welcome line to the login, stamped with the version of the JAR it was installed from (its
 * manifest's {@code Implementation-Version}), so the walk-through shows which version served a call.
 * Its state class, {@link LoginState}, is the application's: the JAR is compiled against it and does
 * not contain it.
 */
@ArborPlugin(name = "login.welcome", event = "user.after_login", priority = 30)
public final class Welcome implements Plugin<LoginState> {
  /** The version this code was installed as: its JAR's manifest says. */
  private final String version = Welcome.class.getPackage().getImplementationVersion();

  @Override
  public Step<LoginState> call(LoginState state, CallContext context) {
    return Step.next(state.withData("welcome", "Welcome back, " + state.userName() + " (welcome " + version + ")")
        .withNote("welcome: served by version " + version));
  }
}
