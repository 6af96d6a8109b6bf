package io.arbor.cluster;

/** An environment variable of the launcher has a value it cannot use; the message names the variable, the value and the rule. */
public final class NodeOptionsException extends IllegalArgumentException {
  private final String variable;

  NodeOptionsException(String variable, String value, String rule) {
    super(variable + "=" + value + ": " + rule);
    this.variable = variable;
  }

  NodeOptionsException(String variable, String value, String rule, Throwable cause) {
    this(variable, value, rule);
    initCause(cause);
  }

  /** The environment variable at fault, e.g. {@code ARBOR_PORT}. */
  public String variable() {
    return variable;
  }
}
