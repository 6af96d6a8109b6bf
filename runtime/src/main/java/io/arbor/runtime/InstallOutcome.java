package io.arbor.runtime;

import java.time.Duration;

/**
 * How an install or uninstall run through this node ended ({@link Arbor#onInstallOutcome}), for
 * metrics and audit.
 *
 * @param operation {@code install} (an upgrade is an install of a newer version) or {@code uninstall}
 * @param artifact the artifact's label ({@code stamp-2.0.0}), or null when it was refused before it was known
 * @param code null when it succeeded, else the refusal's stable code ({@code checksum_mismatch}, ...)
 * @param took how long it took on this node
 */
public record InstallOutcome(String operation, String artifact, String code, Duration took) {
  public boolean succeeded() {
    return code == null;
  }
}
