package io.arbor.plugin;

/** The answer of a plugin's optional health check. */
public record Health(Status status, String detail) {
  public enum Status {
    HEALTHY,
    DEGRADED,
    UNHEALTHY
  }

  public Health {
    InvalidDescriptorException.requireNonNull("status", status);
    detail = detail == null ? "" : detail;
  }

  public static Health healthy() {
    return new Health(Status.HEALTHY, "");
  }

  public static Health degraded(String detail) {
    return new Health(Status.DEGRADED, detail);
  }

  public static Health unhealthy(String detail) {
    return new Health(Status.UNHEALTHY, detail);
  }
}
