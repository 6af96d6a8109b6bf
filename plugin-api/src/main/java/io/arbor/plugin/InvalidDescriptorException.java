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

  /** The offending field, for example {@code priority}. */
  public String field() {
    return field;
  }

  /** The rule it broke, for example {@code must be between 0 and 100 (was 240)}. */
  public String rule() {
    return rule;
  }
}
