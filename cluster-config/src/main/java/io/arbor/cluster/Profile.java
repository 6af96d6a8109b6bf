package io.arbor.cluster;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The configuration profiles the launcher can start a node with ({@code ARBOR_PROFILE}). */
public enum Profile {
  /** One node on the embedded H2 file; no port opened unless management is switched on. */
  SINGLE_NODE("single-node", "arbor-single-node.conf", false),
  /** A Pekko Cluster node on PostgreSQL. */
  CLUSTER("cluster", "arbor-cluster.conf", true),
  /** A cluster node on the H2 TCP server that bin/arbor-local-cluster starts. */
  LOCAL_CLUSTER("local-cluster", "arbor-local-cluster.conf", true);

  private final String id;
  private final String resource;
  private final boolean cluster;

  Profile(String id, String resource, boolean cluster) {
    this.id = id;
    this.resource = resource;
    this.cluster = cluster;
  }

  /** The value of {@code ARBOR_PROFILE} that selects it. */
  public String id() {
    return id;
  }

  /** The class path resource holding its HOCON. */
  public String resource() {
    return resource;
  }

  /** Whether the node joins a Pekko Cluster ({@code pekko.actor.provider = cluster}). */
  public boolean cluster() {
    return cluster;
  }

  static Profile of(String id) {
    for (Profile profile : values()) {
      if (profile.id.equals(id)) {
        return profile;
      }
    }
    throw new NodeOptionsException("ARBOR_PROFILE", id, "must be one of " + ids());
  }

  static String ids() {
    return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
  }
}
