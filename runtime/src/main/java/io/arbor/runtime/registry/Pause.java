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

  /** How a refusal names what was paused. */
  static String shown(String target) {
    return ALL.equals(target) ? "the whole runtime" : "event '" + target + "'";
  }
}
