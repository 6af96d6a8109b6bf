package io.arbor.plugin;

import java.util.regex.Pattern;

/** The one rule for plugin and event names, shared so that every entry point rejects the same input. */
final class Names {
  static final int MAX_LENGTH = 200;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:$-]*");

  private Names() {}

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
