package io.arbor.examples.benchmark;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ChainBenchmark} in one JMH run and prints the ratios against the raw Pekko chain.
 * First argument {@code quick} (the default, under three minutes) or {@code full}; second argument
 * {@code single} (the default) or {@code cluster}: the same chain called on a member of a three-node
 * cluster (three ActorSystems in each fork), the plain-call benchmarks left out; third argument
 * {@code code} (the default) or {@code installed}: the chain's plugins installed from the JAR named by
 * the fourth argument instead of registered from the application's code; fifth argument {@code off}
 * (the default) or {@code on}: Arbor's metrics bound to a Prometheus registry, as the admin server binds them.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException {
    boolean full = args.length > 0 && args[0].equals("full");
    boolean cluster = args.length > 1 && args[1].equals("cluster");
    boolean installed = args.length > 3 && args[2].equals("installed");
    String jar = installed ? Path.of(args[3]).toAbsolutePath().toString() : "";
    boolean metrics = args.length > 4 && args[4].equals("on");
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(ChainBenchmark.class.getName() + "\\.")
        .jvmArgsAppend("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-Xmx1g",
            "-D" + ChainBenchmark.CLUSTER_PROPERTY + "=" + cluster, "-D" + ChainBenchmark.JAR_PROPERTY + "=" + jar,
            "-D" + ChainBenchmark.METRICS_PROPERTY + "=" + metrics)
        .resultFormat(ResultFormatType.JSON)
        .result(cluster ? "target/jmh-result-cluster.json" : "target/jmh-result.json");
    if (cluster) {
      options.exclude("Plain");
    }
    // Forks come from ChainBenchmark's @Fork annotations (three for the actor chains: on a small
    // machine one JVM's thread placement can shift a result by 20%); full mode gives every benchmark three.
    if (full) {
      options.forks(3).warmupIterations(5).warmupTime(TimeValue.seconds(2)).measurementIterations(10).measurementTime(TimeValue.seconds(2));
    } else {
      options.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(4).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<String, double[]> scores = new TreeMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      double score = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      scores.put(name, new double[] {score, error});
      System.out.printf(Locale.ROOT, "%-20s %14.3f ± %10.3f %s%n", name, score, error, result.getPrimaryResult().getScoreUnit());
    }
    double throughput = scores.get("throughputArbor")[0] / scores.get("throughputRawPekko")[0];
    double latency = scores.get("latencyArbor")[0] / scores.get("latencyRawPekko")[0];
    System.out.printf(Locale.ROOT, "ratio%s%s%s throughput=%.2f latency=%.2f%n", cluster ? " cluster" : "", installed ? " installed" : "",
        metrics ? " metrics" : "", throughput, latency);
  }
}
