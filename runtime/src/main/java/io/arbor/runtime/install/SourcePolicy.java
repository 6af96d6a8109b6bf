package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which installs a node accepts, decided before anything is downloaded or read. Remote sources fail
 * closed: a URL, and every remote Maven repository an artifact may be resolved from (after the user's
 * mirrors are applied), must be HTTPS on an allow-listed host; with no host listed, nothing remote is
 * fetched and Maven coordinates resolve from the local repository only. Protected names can never be
 * installed over, upgraded or removed. Local files are the application's or the operator's choice and
 * pass; the archive and checksum checks still apply to them.
 *
 * @param allowedHosts host names an HTTPS URL may name, compared case-insensitively; {@code *.example.com} allows its
 *     sub-domains; {@code http://host} also allows plain HTTP to that one host
 * @param protectedNames artifact and plugin names no install may replace or remove
 */
public record SourcePolicy(Set<String> allowedHosts, Set<String> protectedNames) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");
  private static final Pattern COORDINATE_PART = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  public SourcePolicy {
    allowedHosts = allowedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    protectedNames = Set.copyOf(protectedNames);
  }

  /** Refuses a source this node must not fetch from; returns it when it may. */
  public ArtifactSource admit(ArtifactSource source) {
    if (source instanceof ArtifactSource.Url url) {
      admitUrl(url.uri());
    } else if (source instanceof ArtifactSource.Maven maven) {
      admitCoordinates(maven.coordinates());
    }
    return source;
  }

  /** An install name: lower-case letters, digits, '.', '_' and '-', starting with a letter, at most 100; not protected. */
  public String admitName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InstallException(Reason.INVALID_NAME, "name", "Name '" + ArchiveCheck.shown(String.valueOf(name))
          + "' must be lower-case letters, digits, '.', '_' and '-', start with a letter and be at most 100 characters.");
    }
    requireUnprotected(name);
    return name;
  }

  /** Refuses a name on the protected list: it can never be replaced or removed. */
  public void requireUnprotected(String name) {
    if (name != null && protectedNames.contains(name)) {
      throw new InstallException(Reason.PROTECTED_NAME, "name",
          "'" + name + "' is protected (arbor.install.protected-names): it can never be replaced or removed.");
    }
  }

  /** A pinned SHA-256: 64 hexadecimal digits, either case; returned in lower case. */
  public static String admitSha256(String sha256) {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new InstallException(Reason.CHECKSUM_MISMATCH, "sha256",
          "A SHA-256 is 64 hexadecimal digits; got '" + ArchiveCheck.shown(String.valueOf(sha256)) + "'.");
    }
    return sha256.toLowerCase(Locale.ROOT);
  }

  /** Refuses an artifact whose SHA-256 ({@code actual}, lower-case hex) is not the pinned one. */
  public static void requireChecksum(String pinned, String actual) {
    if (!actual.equals(admitSha256(pinned))) {
      throw new InstallException(Reason.CHECKSUM_MISMATCH, "sha256",
          "The artifact's SHA-256 is " + actual + ", not the pinned " + pinned.toLowerCase(Locale.ROOT) + ".");
    }
  }

  /** Refuses a remote Maven repository (its URL after mirroring) that is not HTTPS on an allow-listed host; {@code file:} passes. */
  public URI admitRepository(URI repository) {
    if (repository != null && "file".equalsIgnoreCase(repository.getScheme())) {
      return repository;
    }
    admitUrl(repository);
    return repository;
  }

  private void admitUrl(URI uri) {
    boolean http = uri != null && "http".equalsIgnoreCase(uri.getScheme());
    if (uri == null || uri.getHost() == null || !(http || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw notAllowed("An artifact URL must be https:// with a host; got '" + ArchiveCheck.shown(String.valueOf(uri)) + "'.");
    }
    if (uri.getRawUserInfo() != null) {
      throw notAllowed("An artifact URL must not carry credentials (user info).");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (http && !allowedHosts.contains("http://" + host)) {
      throw notAllowed("Plain http:// to '" + ArchiveCheck.shown(host) + "' is refused: list it as http://" + ArchiveCheck.shown(host)
          + " in arbor.install.allowed-hosts to allow it (an artifact server inside your network), or use https://.");
    }
    boolean allowed = http || allowedHosts.contains(host)
        || allowedHosts.stream().anyMatch(entry -> entry.startsWith("*.") && host.endsWith(entry.substring(1)));
    if (!allowed) {
      throw notAllowed("Host '" + ArchiveCheck.shown(host) + "' is not on the allow-list (arbor.install.allowed-hosts"
          + (allowedHosts.isEmpty() ? ", which is empty: remote installs are off" : ": " + allowedHosts) + ").");
    }
  }

  private void admitCoordinates(String coordinates) {
    String[] parts = coordinates == null ? new String[0] : coordinates.split(":", -1);
    boolean wellFormed = parts.length >= 3 && parts.length <= 5;
    for (String part : parts) {
      wellFormed &= COORDINATE_PART.matcher(part).matches();
    }
    if (!wellFormed) {
      throw new InstallException(Reason.INVALID_NAME, "coordinates", "Maven coordinates are groupId:artifactId:version"
          + " (or groupId:artifactId:extension[:classifier]:version); got '" + ArchiveCheck.shown(String.valueOf(coordinates)) + "'.");
    }
  }

  private static InstallException notAllowed(String message) {
    return new InstallException(Reason.NOT_ALLOW_LISTED, "source", message);
  }
}
