package io.arbor.plugin;

import java.util.regex.Pattern;

/**
 * The one rule for plugin and event names, shared so that every entry point rejects the same input;
 * and how a name given by a caller appears in an error message.
 */
public final class Names {
  static final int MAX_LENGTH = 200;
  /** How much of an overlong name an error message shows. */
  private static final int SHOWN_LENGTH = 60;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:$-]*");

  private Names() {}

  /**
   * {@code name} as an error message shows it: whole when it could be a valid name, else its start
   * and its length, so that a 10,000-character name given to a lookup does not flood a log.
   */
  public static String shown(String name) {
    if (name == null || name.length() <= MAX_LENGTH) {
      return String.valueOf(name);
    }
    return name.substring(0, SHOWN_LENGTH) + "... (" + name.length() + " characters)";
  }

  static String require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidDescriptorException(field, "must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidDescriptorException(field, "must be at most " + MAX_LENGTH + " characters");
    }
    if (!VALID.matcher(value).matches()) {
      throw new InvalidDescriptorException(
          field,
          "must start with a letter or digit and contain only letters, digits and . _ : $ - (was '"
              + value
              + "')");
    }
    return value;
  }
}
