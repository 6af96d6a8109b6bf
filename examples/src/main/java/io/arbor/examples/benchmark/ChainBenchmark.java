package io.arbor.examples.benchmark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.examples.LoopbackCluster;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.metrics.ArborMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 10-plugin chain through Arbor against a hand-written 10-actor tell chain and 10 plain method
 * calls: throughput with {@value #IN_FLIGHT} calls in flight, and the latency of one call. With
 * {@code -Dbenchmark.cluster=true} the Arbor chain is called on a member of a three-node cluster.
 */
@State(Scope.Benchmark)
@Fork(3) // actor chains vary from JVM to JVM (thread placement); plain calls do not, see @Fork(1) below
public class ChainBenchmark {
  static final int LENGTH = 10;
  static final int IN_FLIGHT = 1000;
  static final EventType<Payload> EVENT = EventType.of("bench", Payload.class);
  private static final Payload INPUT = new Payload(1, 2, 0);

  /** System property that puts the measured node into a three-member cluster ({@link BenchmarkMain}'s {@code cluster}). */
  static final String CLUSTER_PROPERTY = "benchmark.cluster";
  /** System property naming a JAR with the chain's plugins to install instead of registering them from code ({@link BenchmarkMain}'s {@code installed}). */
  static final String JAR_PROPERTY = "benchmark.pluginJar";
  /** System property that binds Arbor's metrics to a Prometheus registry on the measured node ({@link BenchmarkMain}'s {@code metrics}). */
  static final String METRICS_PROPERTY = "benchmark.metrics";

  private final List<Arbor> nodes = new ArrayList<>();
  private Arbor arbor;
  private ArborMetrics metrics;
  private RawActorChain raw;
  private List<UnaryOperator<Payload>> plain;

  @Setup(Level.Trial)
  public void start() throws Exception {
    String db = "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    PluginDefinition<?>[] chain = IntStream.range(0, LENGTH)
        .<PluginDefinition<?>>mapToObj(i -> PluginDefinition.of(PluginDescriptor.builder("step-" + i, EVENT).priority(i).build(),
            () -> (Payload state, CallContext context) -> Step.next(state.step())))
        .toArray(PluginDefinition<?>[]::new);
    if (Boolean.getBoolean(CLUSTER_PROPERTY)) {
      // Three members in this JVM sharing the in-memory journal; the measured node is the second one,
      // not the registry writer's host, so a call that left the node would show.
      int seed = LoopbackCluster.freePort();
      nodes.add(builder(db, LoopbackCluster.member("bench", "node-0", seed, seed)).plugin(chain).start());
      nodes.add(builder(db, LoopbackCluster.member("bench", "node-1", LoopbackCluster.freePort(), seed)).provide(chain).start());
      nodes.add(builder(db, LoopbackCluster.member("bench", "node-2", LoopbackCluster.freePort(), seed)).provide(chain).start());
      long version = nodes.get(0).registryState().toCompletableFuture().get(30, TimeUnit.SECONDS).version();
      nodes.get(0).awaitMembers(version).toCompletableFuture().get(60, TimeUnit.SECONDS);
      arbor = nodes.get(1);
    } else if (!System.getProperty(JAR_PROPERTY, "").isEmpty()) {
      arbor = builder(db, ConfigFactory.parseMap(Map.of("arbor.install.directory",
          Files.createTempDirectory("arbor-bench-install").toString()))).start();
      nodes.add(arbor);
      arbor.install(InstallRequest.file(Path.of(System.getProperty(JAR_PROPERTY)))).toCompletableFuture().get(60, TimeUnit.SECONDS);
      if (!arbor.chain(EVENT.name()).orElseThrow().plugins().equals(IntStream.range(0, LENGTH).mapToObj(i -> "step-" + i).toList())) {
        throw new IllegalStateException("the installed chain is not the benchmark's: " + arbor.chain(EVENT.name()));
      }
    } else {
      arbor = builder(db, ConfigFactory.empty()).plugin(chain).start();
      nodes.add(arbor);
    }
    if (Boolean.getBoolean(METRICS_PROPERTY)) {
      // As the admin server does: every hop counted, one in 16 timed, on the registry Prometheus scrapes.
      metrics = ArborMetrics.of(arbor);
      metrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
    raw = new RawActorChain(arbor.system(), LENGTH, "bench.raw-dispatcher");
    plain = IntStream.range(0, LENGTH).<UnaryOperator<Payload>>mapToObj(i -> Payload::step).toList();
  }

  private static Arbor.Builder builder(String db, Config node) {
    return Arbor.builder()
        .systemName("bench")
        .config(node.withFallback(ConfigFactory.parseMap(Map.of(
            "arbor.persistence.url", db,
            "arbor.discover-plugins", "off")))
            // The raw chain's dispatcher: arbor.plugin-dispatcher's settings on Pekko's own fork-join
            // executor, so the ratio also counts what Arbor's replaceable pool costs.
            .withFallback(ConfigFactory.parseString(
                "bench.raw-dispatcher = ${arbor.plugin-dispatcher} { executor = fork-join-executor }")))
        .event(EVENT);
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (metrics != null) {
      metrics.close();
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  private Payload plainCall(Payload payload) {
    Payload state = payload;
    for (UnaryOperator<Payload> step : plain) {
      state = step.apply(state);
    }
    return state;
  }

  // ---- throughput: many calls in flight ------------------------------------------------------

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public Object throughputArbor() {
    @SuppressWarnings("unchecked")
    CompletableFuture<CallResult<Payload>>[] calls = new CompletableFuture[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      calls[i] = arbor.call(EVENT, INPUT).toCompletableFuture();
    }
    return CompletableFuture.allOf(calls).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public Object throughputRawPekko() {
    @SuppressWarnings("unchecked")
    CompletableFuture<Payload>[] calls = new CompletableFuture[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      calls[i] = raw.call(INPUT);
    }
    return CompletableFuture.allOf(calls).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  @Fork(1)
  public Object throughputPlain() {
    Payload last = null;
    for (int i = 0; i < IN_FLIGHT; i++) {
      last = plainCall(INPUT);
    }
    return last;
  }

  // ---- latency: one call at a time -----------------------------------------------------------

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object latencyArbor() {
    return arbor.call(EVENT, INPUT).toCompletableFuture().join();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object latencyRawPekko() {
    return raw.call(INPUT).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Fork(1)
  public Object latencyPlain() {
    return plainCall(INPUT);
  }
}
