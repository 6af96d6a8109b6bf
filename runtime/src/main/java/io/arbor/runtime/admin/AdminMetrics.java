package io.arbor.runtime.admin;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.metrics.ArborMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/**
 * The admin server's metrics: Arbor's meters and the JVM's on a Prometheus registry of their own,
 * scraped at {@code GET /api/metrics}; {@code GET /api/figures} reads the recent intervals.
 */
record AdminMetrics(ArborMetrics arbor, PrometheusMeterRegistry prometheus) implements AutoCloseable {
  /** Prometheus's text format; {@code customWithFixedCharset} would drop the charset parameter. */
  static final ContentType.WithCharset PROMETHEUS = MediaTypes.customWithOpenCharset("text", "plain",
      Map.of("version", "0.0.4"), false).toContentType(HttpCharsets.UTF_8);

  static AdminMetrics start(Arbor arbor) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    ArborMetrics metrics = ArborMetrics.of(arbor);
    metrics.bindTo(registry);
    return new AdminMetrics(metrics, registry);
  }

  @Override
  public void close() {
    arbor.close();
    prometheus.close();
  }
}
