package io.arbor.plugin;

/**
 * An extension point of the application: a name and the class of the state that travels through
 * its chain. Declare it once as a constant and share it between the application and its plugins.
 *
 * <pre>{@code
 * public static final EventType<LoginState> AFTER_LOGIN = EventType.of("user.after_login", LoginState.class);
 * }</pre>
 */
public record EventType<S>(String name, Class<S> stateType) {
  public EventType {
    Names.require("event", name);
    InvalidDescriptorException.requireNonNull("stateType", stateType);
  }

  public static <S> EventType<S> of(String name, Class<S> stateType) {
    return new EventType<>(name, stateType);
  }
}
