package io.arbor.runtime.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** The admin API's token: checks an {@code Authorization} header in constant time; pure. */
final class BearerToken {
  private static final String PREFIX = "Bearer ";
  private final byte[] expected;

  BearerToken(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  /** A random token, for a server started without one configured. */
  static String random() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether the header carries the token; the comparison takes as long whatever the header holds. */
  boolean admits(Optional<String> authorization) {
    String header = authorization.orElse("");
    byte[] given = header.startsWith(PREFIX) ? header.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
    return MessageDigest.isEqual(expected, given);
  }
}
