package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions (semver.org 2.0.0): {@code MAJOR.MINOR.PATCH}, an optional pre-release after
 * {@code -} and optional build metadata after {@code +}. Ordered by the numbers, then a pre-release
 * below its release ({@code 1.0.0-rc.1 < 1.0.0}), pre-release identifiers compared one by one
 * (numeric ones as numbers and below alphanumeric ones, a shorter list first when all else is equal);
 * build metadata does not order, so {@code 1.0.0+a} and {@code 1.0.0+b} are the same version and
 * neither upgrades the other (so {@code compareTo} is 0 for versions {@code equals} tells apart).
 */
public record VersionOrder(long major, long minor, long patch, List<String> preRelease, String build)
    implements Comparable<VersionOrder> {
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
  private static final int MAX_LENGTH = 128;

  public VersionOrder {
    preRelease = List.copyOf(preRelease);
  }

  /** Parses {@code text}; an InstallException ({@code invalid_version}, field {@code version}) says what is wrong. */
  public static VersionOrder parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "a version is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw invalid(text.substring(0, 20) + "...", "at most " + MAX_LENGTH + " characters");
    }
    Matcher matcher = SEMVER.matcher(text);
    if (!matcher.matches()) {
      throw invalid(text, "must be a semantic version MAJOR.MINOR.PATCH, for example 1.4.0 or 2.0.0-rc.1");
    }
    List<String> pre = matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\."));
    return new VersionOrder(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
        Long.parseLong(matcher.group(3)), pre, matcher.group(5));
  }

  /** Whether this version may replace {@code installed}: strictly newer. */
  public boolean upgrades(VersionOrder installed) {
    return compareTo(installed) > 0;
  }

  @Override
  public int compareTo(VersionOrder other) {
    int numbers = compareNumbers(other);
    if (numbers != 0) {
      return numbers;
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
      int identifier = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
      if (identifier != 0) {
        return identifier;
      }
    }
    return Integer.compare(preRelease.size(), other.preRelease.size());
  }

  private int compareNumbers(VersionOrder other) {
    int major = Long.compare(this.major, other.major);
    if (major != 0) {
      return major;
    }
    int minor = Long.compare(this.minor, other.minor);
    return minor != 0 ? minor : Long.compare(patch, other.patch);
  }

  private static int compareIdentifiers(String a, String b) {
    boolean aNumeric = a.chars().allMatch(Character::isDigit);
    boolean bNumeric = b.chars().allMatch(Character::isDigit);
    if (aNumeric && bNumeric) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (aNumeric != bNumeric) {
      return aNumeric ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /** The version as written, build metadata included. */
  @Override
  public String toString() {
    String text = major + "." + minor + "." + patch;
    if (!preRelease.isEmpty()) {
      text += "-" + String.join(".", preRelease);
    }
    return build == null ? text : text + "+" + build;
  }

  private static InstallException invalid(String text, String rule) {
    return new InstallException(Reason.INVALID_VERSION, "version", "Version '" + text + "': " + rule + ".");
  }
}
