package io.arbor.runtime.registry;

/** What a pause does to the calls it meets. */
public enum PauseMode {
  /** Each is refused at once with the {@code paused} error. */
  REFUSE,
  /**
   * Each is held until the resume and then started, in the order they came: at most {@code
   * arbor.pause.hold-limit} per event (more are refused), each for at most {@code
   * arbor.pause.hold-timeout} (then it fails with the {@code paused} error).
   */
  HOLD
}
