/**
 * Arbor's metrics through Micrometer: per plugin and per event calls, failures and latency,
 * lifecycle changes, installs, and the registry versions of the members ({@link
 * io.arbor.runtime.metrics.ArborMetrics}, names in {@link io.arbor.runtime.metrics.ArborMetricNames}),
 * and the last minutes of them for the panel ({@link io.arbor.runtime.metrics.RecentFigures}). Built
 * on the public API only: the facade, its value types and the call observer.
 */
package io.arbor.runtime.metrics;
