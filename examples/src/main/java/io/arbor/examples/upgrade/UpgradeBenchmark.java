package io.arbor.examples.upgrade;

import com.typesafe.config.ConfigFactory;
import io.arbor.examples.benchmark.Payload;
import io.arbor.plugin.EventType;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.install.InstallRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What an upgrade costs the calls running through it. The benchmark's 10-plugin chain, installed from
 * {@code bench-plugins-1.0.0.jar}, is upgraded {@code upgrades} times (1.0.1, 1.0.2, ...: the same
 * classes under a newer manifest version) while calls run, in two parts of one run:
 *
 * <ol>
 *   <li><b>saturated</b>: {@value #USERS} callers without pause (each sends its next call as soon as
 *       the last one answered), the most calls this machine serves: the throughput during upgrades
 *       against the steady seconds between them;
 *   <li><b>moderate</b>: {@value #MODERATE_USERS} callers the same way, about a third of what the
 *       node serves saturated (a busy service with headroom, as production runs): the p99 during
 *       upgrades against the steady windows between them.
 * </ol>
 *
 * A call ends "during" an upgrade from install() until {@value #SETTLE_MILLIS} ms after it completed
 * (which covers the hand-over of the old actors); the steady windows between upgrades last about as
 * long ({@value #STEADY_MILLIS} ms), so that a garbage-collection pause weighs the same in both. A
 * failed call is one that threw or reports a plugin failure. Prints
 *
 * <pre>
 * upgrade saturated throughput-ratio=&lt;during ÷ steady&gt; p99-during=&lt;µs&gt; p99-steady=&lt;µs&gt; calls=&lt;n&gt;
 * upgrade moderate callers=&lt;n&gt; throughput-steady=&lt;calls/s&gt; p99-during=&lt;µs&gt; p99-steady=&lt;µs&gt; calls=&lt;n&gt;
 * upgrade failed=&lt;n&gt; p99-ratio=&lt;moderate during ÷ steady&gt;
 * </pre>
 *
 * Arguments: the JAR of version 1.0.0, and the number of upgrades per part (default 20).
 */
public final class UpgradeBenchmark {
  private static final EventType<Payload> EVENT = EventType.of("bench", Payload.class);
  private static final Payload INPUT = new Payload(1, 2, 0);
  private static final int USERS = 64;
  private static final int MODERATE_USERS = 16;
  private static final long SETTLE_MILLIS = 200;
  private static final long STEADY_MILLIS = 250;
  /** Latencies are counted per microsecond up to this; slower calls land in the last bucket. */
  private static final int MAX_MICROS = 1_000_000;

  /** Latency histogram in 1 µs buckets, with the number of calls and the time it covers. */
  private static final class Window {
    final AtomicLongArray micros = new AtomicLongArray(MAX_MICROS + 1);
    final AtomicLong calls = new AtomicLong();
    long nanos;

    void record(long latencyNanos) {
      micros.incrementAndGet((int) Math.max(0, Math.min(MAX_MICROS, latencyNanos / 1000)));
      calls.incrementAndGet();
    }

    long percentile(double fraction) {
      long wanted = (long) Math.ceil(calls.get() * fraction);
      long seen = 0;
      for (int i = 0; i <= MAX_MICROS; i++) {
        seen += micros.get(i);
        if (seen >= wanted) {
          return i;
        }
      }
      return MAX_MICROS;
    }

    double perSecond() {
      return calls.get() / (nanos / 1e9);
    }
  }

  /** One part of the run: where calls ending now are counted (null: nowhere, between windows). */
  private static final class Part {
    final Window steady = new Window();
    final Window during = new Window();
    volatile Window current;
    volatile boolean running = true;

    void record(long latencyNanos) {
      Window window = current;
      if (window != null) {
        window.record(latencyNanos);
      }
    }
  }

  private static final AtomicLong failed = new AtomicLong();
  private static int version;

  private UpgradeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path first = Path.of(args[0]);
    int upgrades = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path work = Files.createTempDirectory("arbor-upgrade-benchmark");
    Part saturated = new Part();
    Part moderate = new Part();
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of(
            "arbor.persistence.url", "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "arbor.discover-plugins", "off",
            "arbor.install.directory", work.resolve("node").toString())))
        .event(EVENT).start()) {
      arbor.install(InstallRequest.file(first)).toCompletableFuture().get(60, TimeUnit.SECONDS);

      for (int i = 0; i < USERS; i++) {
        callAgain(arbor, saturated);
      }
      Thread.sleep(5000); // warm-up: JIT, pools
      upgradeRepeatedly(arbor, saturated, first, work, upgrades);
      saturated.running = false;
      Thread.sleep(500);

      for (int i = 0; i < MODERATE_USERS; i++) {
        callAgain(arbor, moderate);
      }
      Thread.sleep(3000);
      upgradeRepeatedly(arbor, moderate, first, work, upgrades);
      moderate.running = false;
      Thread.sleep(500);

      String installed = arbor.installations().toCompletableFuture().get(10, TimeUnit.SECONDS).get("bench-plugins").version();
      if (!installed.equals("1.0." + version)) {
        throw new IllegalStateException("ended at version " + installed + ", not 1.0." + version);
      }
    }
    System.out.printf(Locale.ROOT, "upgrade saturated throughput-ratio=%.2f p99-during=%d p99-steady=%d calls=%d%n",
        saturated.during.perSecond() / saturated.steady.perSecond(), saturated.during.percentile(0.99),
        saturated.steady.percentile(0.99), saturated.during.calls.get() + saturated.steady.calls.get());
    System.out.printf(Locale.ROOT, "upgrade moderate callers=%d throughput-steady=%.0f p99-during=%d p99-steady=%d calls=%d%n",
        MODERATE_USERS, moderate.steady.perSecond(), moderate.during.percentile(0.99), moderate.steady.percentile(0.99),
        moderate.during.calls.get() + moderate.steady.calls.get());
    System.out.printf(Locale.ROOT, "upgrade failed=%d p99-ratio=%.2f%n", failed.get(),
        (double) Math.max(1, moderate.during.percentile(0.99)) / Math.max(1, moderate.steady.percentile(0.99)));
  }

  /** Steady seconds and upgrades in turn, ending with steady seconds. */
  private static void upgradeRepeatedly(Arbor arbor, Part part, Path first, Path work, int upgrades) throws Exception {
    for (int i = 0; i < upgrades; i++) {
      measure(part, part.steady, () -> Thread.sleep(STEADY_MILLIS));
      Path next = withVersion(first, "1.0." + (++version), work.resolve("bench-plugins-1.0." + version + ".jar"));
      measure(part, part.during, () -> {
        arbor.install(InstallRequest.file(next)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        Thread.sleep(SETTLE_MILLIS);
      });
    }
    measure(part, part.steady, () -> Thread.sleep(STEADY_MILLIS));
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void measure(Part part, Window window, Action action) throws Exception {
    long started = System.nanoTime();
    part.current = window;
    action.run();
    part.current = null;
    window.nanos += System.nanoTime() - started;
  }

  /** One saturating caller: a call, and when it answered, the next. */
  private static void callAgain(Arbor arbor, Part part) {
    if (!part.running) {
      return;
    }
    long sent = System.nanoTime();
    // On Arbor's caller dispatcher, where a caller's continuation runs: counting and sending the next call block nothing.
    arbor.call(EVENT, INPUT).whenComplete((result, error) -> {
      count(part, sent, error == null && result.failures().isEmpty());
      callAgain(arbor, part);
    });
  }

  private static void count(Part part, long from, boolean clean) {
    if (!clean) {
      failed.incrementAndGet();
    }
    part.record(System.nanoTime() - from);
  }

  /** A copy of the JAR whose manifest says {@code version}: a new build of the same classes. */
  private static Path withVersion(Path jar, String version, Path target) throws IOException {
    try (JarFile in = new JarFile(jar.toFile()); OutputStream file = Files.newOutputStream(target)) {
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      try (JarOutputStream out = new JarOutputStream(file, manifest)) {
        Enumeration<JarEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
            continue;
          }
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream content = in.getInputStream(entry)) {
            content.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return target;
  }
}
