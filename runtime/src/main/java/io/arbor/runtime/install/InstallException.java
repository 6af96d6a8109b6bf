package io.arbor.runtime.install;

import io.arbor.runtime.ArborException;

/**
 * An install, upgrade or uninstall refused, or failed ({@code artifact_store_unavailable}), before
 * anything changed: no file kept, no journal event, no class loader, no actor. {@link #code()} is
 * stable; {@link #field()} names what the caller gave that broke the rule (the source, the checksum,
 * the version, an archive entry...).
 */
public final class InstallException extends ArborException {
  public enum Reason {
    INVALID_NAME("invalid_name"),
    INVALID_VERSION("invalid_version"),
    VERSION_NOT_NEWER("version_not_newer"),
    PROTECTED_NAME("protected_name"),
    NOT_ALLOW_LISTED("not_allow_listed"),
    CHECKSUM_MISMATCH("checksum_mismatch"),
    UNSIGNED("unsigned"),
    PATH_TRAVERSAL("path_traversal"),
    DUPLICATE_ENTRY("duplicate_entry"),
    TOO_MANY_ENTRIES("too_many_entries"),
    TOO_LARGE("too_large"),
    ZIP_BOMB("zip_bomb"),
    CORRUPT_ARCHIVE("corrupt_archive"),
    NO_PLUGIN("no_plugin"),
    INVALID_PLUGIN("invalid_plugin"),
    STATE_TYPE_MISMATCH("state_type_mismatch"),
    STORE_UNAVAILABLE("artifact_store_unavailable"),
    ARTIFACT_NOT_FOUND("artifact_not_found"),
    NOT_INSTALLED("not_installed"),
    PLUGIN_CONFLICT("plugin_conflict"),
    /** A plugin of the artifact failed to start, or its health check, before anything was journaled. */
    PLUGIN_NOT_STARTED("plugin_not_started"),
    /** A step of the operation got no answer in time (the registry, this node's actors). */
    TIMED_OUT("install_timed_out");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final String field;

  public InstallException(Reason reason, String field, String message) {
    this(reason, field, message, null);
  }

  public InstallException(Reason reason, String field, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** What the refusal is about: {@code source}, {@code sha256}, {@code version}, {@code name}, or an archive entry's name. */
  public String field() {
    return field;
  }

  @Override
  public String code() {
    return reason.code;
  }
}
