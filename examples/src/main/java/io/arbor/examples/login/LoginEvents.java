package io.arbor.examples.login;

import io.arbor.plugin.EventType;

/** The login flow's extension points, shared by the application and its plugins. */
public final class LoginEvents {
  /** Called after a user's credentials were accepted, before the session goes back to the browser. */
  public static final EventType<LoginState> AFTER_LOGIN = EventType.of("user.after_login", LoginState.class);

  private LoginEvents() {}
}
