package io.arbor.runtime.cluster;

import io.arbor.runtime.ArborException;
import java.time.Duration;
import java.util.List;

/**
 * A lifecycle change is journaled and applied on this node, but these reachable members had not
 * applied it within the wait: their views or chains lag (or they cannot be asked). The change stands;
 * the members catch up by themselves.
 */
public final class MembersLaggingException extends ArborException {
  private final long version;
  private final List<String> members;

  public MembersLaggingException(long version, List<String> members, Duration waited) {
    super("Registry version " + version + " is journaled, but these members had not applied it within "
        + waited.toMillis() + " ms: " + String.join(", ", members));
    this.version = version;
    this.members = List.copyOf(members);
  }

  public long version() {
    return version;
  }

  /** The lagging members' addresses, with why for those that could not be asked. */
  public List<String> members() {
    return members;
  }

  @Override
  public String code() {
    return "members_lagging";
  }
}
