package io.arbor.runtime;

/**
 * A method of Arbor's API was called with a null or invalid argument. Thrown at the call itself,
 * before anything is sent, also by the methods that return a {@code CompletionStage}: the misuse
 * shows at the line that made it. {@link #argument()} names the parameter, {@link #rule()} the rule
 * it broke; the message is both, for example {@code plugin must not be null}.
 */
public final class InvalidArgumentException extends ArborException {
  private final String argument;
  private final String rule;

  public InvalidArgumentException(String argument, String rule) {
    super(argument + " " + rule);
    this.argument = argument;
    this.rule = rule;
  }

  /** {@code value}, or an InvalidArgumentException saying that {@code argument} must not be null. */
  public static <T> T requireNonNull(String argument, T value) {
    if (value == null) {
      throw new InvalidArgumentException(argument, "must not be null");
    }
    return value;
  }

  /** The parameter, for example {@code plugin}, or the setting, for example {@code arbor.ask-timeout}. */
  public String argument() {
    return argument;
  }

  public String rule() {
    return rule;
  }

  @Override
  public String code() {
    return "invalid_argument";
  }
}
