package io.arbor.runtime.admin;

import java.util.Map;

/**
 * The HTTP status of each stable error code of Arbor ({@code ArborException.code()}); pure. A code
 * not listed here (a newer one) is a 409: the request was understood and refused.
 */
final class ErrorStatus {
  private static final Map<String, Integer> STATUSES = Map.ofEntries(
      Map.entry("invalid_argument", 400),
      Map.entry("invalid_state", 400),
      Map.entry("malformed", 400),
      Map.entry("unauthorized", 401),
      Map.entry("forbidden", 403),
      Map.entry("plugin_not_found", 404),
      Map.entry("unknown_event", 404),
      Map.entry("event_has_no_plugins", 404),
      Map.entry("not_installed", 404),
      Map.entry("not_found", 404),
      Map.entry("method_not_allowed", 405),
      Map.entry("too_large", 413),
      Map.entry("unsupported_media_type", 415),
      Map.entry("settings_refused", 422),
      // an artifact this node will not install as it is: its name, version, source, signature or contents
      Map.entry("invalid_name", 400),
      Map.entry("invalid_version", 400),
      Map.entry("protected_name", 403),
      Map.entry("not_allow_listed", 403),
      Map.entry("checksum_mismatch", 422),
      Map.entry("unsigned", 422),
      Map.entry("path_traversal", 422),
      Map.entry("duplicate_entry", 422),
      Map.entry("too_many_entries", 422),
      Map.entry("zip_bomb", 422),
      Map.entry("corrupt_archive", 422),
      Map.entry("no_plugin", 422),
      Map.entry("invalid_plugin", 422),
      Map.entry("state_type_mismatch", 422),
      Map.entry("plugin_not_started", 422),
      Map.entry("artifact_not_found", 404),
      Map.entry("artifact_store_unavailable", 503),
      Map.entry("install_timed_out", 503),
      Map.entry("registry_unavailable", 503),
      Map.entry("write_failed", 503),
      Map.entry("write_outcome_unknown", 503),
      Map.entry("chains_lagging", 503),
      Map.entry("members_lagging", 503),
      Map.entry("closed", 503),
      Map.entry("draining", 503),
      Map.entry("internal", 500));

  private ErrorStatus() {}

  static int of(String code) {
    return STATUSES.getOrDefault(code, 409);
  }
}
