package io.arbor.runtime.registry;

/** What a pause names: one event, or every event of the runtime. */
public final class Pause {
  /** The target of a pause of the whole runtime. */
  public static final String ALL = "*";

  private Pause() {}

  /** Whether calls to {@code event} are paused in {@code state}: the event itself, or the whole runtime. */
  public static boolean pauses(RegistryState state, String event) {
    return state.paused().contains(event) || state.paused().contains(ALL);
  }

  /** Whether the pause in force for {@code event} holds its calls: the event's own pause if it has one, else the runtime's. */
  public static boolean holds(RegistryState state, String event) {
    return state.paused().contains(event) ? state.holding().contains(event) : state.holding().contains(ALL);
  }

  /** How a refusal names what was paused. */
  static String shown(String target) {
    return ALL.equals(target) ? "the whole runtime" : "event '" + target + "'";
  }
}
