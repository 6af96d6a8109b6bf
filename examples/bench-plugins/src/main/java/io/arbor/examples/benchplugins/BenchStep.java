package io.arbor.examples.benchplugins;

import io.arbor.examples.benchmark.Payload;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.Step;

/**
 * One step of the call benchmark's 10-plugin chain on event {@code bench}, the same work as the
 * chain the benchmark registers from code ({@link Payload#step()}), here to be installed from this
 * JAR ({@code -Dbenchmark.plugins=installed}). One subclass per plugin, since a plugin's name and
 * priority are its class's annotation.
 */
public abstract class BenchStep implements Plugin<Payload> {
  @Override
  public final Step<Payload> call(Payload state, CallContext context) {
    return Step.next(state.step());
  }
}
