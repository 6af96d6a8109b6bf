package io.arbor.plugin;

/** Bad input in a plugin descriptor or event type: names the field and the rule it broke. */
public final class InvalidDescriptorException extends IllegalArgumentException {
  private final String field;
  private final String rule;

  public InvalidDescriptorException(String field, String rule) {
    super(field + " " + rule);
    this.field = field;
    this.rule = rule;
  }

  /** {@code value}, or an InvalidDescriptorException saying that {@code field} must not be null. */
  static <T> T requireNonNull(String field, T value) {
    if (value == null) {
      throw new InvalidDescriptorException(field, "must not be null");
    }
    return value;
  }

  /** The offending field, for example {@code priority}. */
  public String field() {
    return field;
  }

  /** The rule it broke, for example {@code must be between 0 and 100 (was 240)}. */
  public String rule() {
    return rule;
  }
}
