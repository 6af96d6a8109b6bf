package io.arbor.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each stable error code's HTTP status, as docs/operations.md lists it. */
class ErrorStatusTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "invalid_argument, 400", "malformed, 400", "invalid_name, 400", "unauthorized, 401", "not_allow_listed, 403",
      "protected_name, 403", "plugin_not_found, 404", "event_has_no_plugins, 404", "not_installed, 404", "not_found, 404",
      "method_not_allowed, 405", "already_stopped, 409", "dependency_cycle, 409", "install_conflict, 409",
      "settings_conflict, 409", "version_not_newer, 409", "a_code_from_a_newer_node, 409", "too_large, 413",
      "unsupported_media_type, 415", "settings_refused, 422", "zip_bomb, 422", "corrupt_archive, 422",
      "registry_unavailable, 503", "write_outcome_unknown, 503", "closed, 503", "internal, 500"})
  void eachCodeHasItsStatus(String code, int status) {
    assertEquals(status, ErrorStatus.of(code));
  }
}
