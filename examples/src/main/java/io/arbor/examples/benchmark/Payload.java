package io.arbor.examples.benchmark;

/** The state every benchmarked chain passes along; each step allocates a new one, as real plugins do. */
public record Payload(long a, long b, int hops) {
  public Payload step() {
    return new Payload(a + b, a ^ hops, hops + 1);
  }
}
