package io.arbor.runtime.registry;

/** The lifecycle operations an operator (or the runtime) can apply to a {@link Target}. */
public enum Operation {
  START,
  RESTART,
  STOP,
  /** The only way out of stopped. */
  ENABLE,
  UNREGISTER,
  /** The runtime's own: a plugin's supervisor gave up. */
  MARK_FAILED,
  /** The runtime's own, at boot: every plugin still registered is started (or held). */
  BOOT
}
