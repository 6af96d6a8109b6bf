package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.chain.CallGateway;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.CallReply;
import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.metrics.ArborMetrics;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.PauseMode;
import io.arbor.runtime.registry.Target;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public method of Arbor's API refuses a null or invalid argument the same way: an
 * InvalidArgumentException naming the argument, thrown at the call (never a stage that fails later,
 * a bare NullPointerException, or an empty answer).
 */
class ArgumentsTest {
  private static Arbor arbor;

  @BeforeAll
  static void start() {
    arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("a", 1)).start();
  }

  @AfterAll
  static void close() {
    arbor.close();
  }

  /** A call made with a bad argument. */
  interface Misuse {
    void on(Arbor arbor) throws Exception;
  }

  private static Arguments misuse(String call, String argument, Misuse misuse) {
    return Arguments.of(call, argument, misuse);
  }

  static Stream<Arguments> arborMethods() {
    return Stream.of(
        misuse("call(null, state)", "event", arbor -> arbor.call(null, "in")),
        misuse("call(null, state, options)", "event", arbor -> arbor.call((EventType<String>) null, "in", CallOptions.DEFAULT)),
        misuse("call(event, state, null)", "options", arbor -> arbor.call(TRAIL, "in", null)),
        misuse("call(null name, state, options)", "event", arbor -> arbor.call((String) null, "in", CallOptions.DEFAULT)),
        misuse("call(name, state, null)", "options", arbor -> arbor.call("trail", "in", null)),
        misuse("declare(null)", "event", arbor -> arbor.declare(null)),
        misuse("register(null)", "definition", arbor -> arbor.register(null)),
        misuse("register(null, factory)", "descriptor",
            arbor -> arbor.register(null, () -> (String state, CallContext context) -> Step.next(state))),
        misuse("register(descriptor, null)", "factory",
            arbor -> arbor.register(PluginDescriptor.builder("b", TRAIL).build(), null)),
        misuse("apply(null, target)", "operation", arbor -> arbor.apply(null, Target.all())),
        misuse("apply(operation, null)", "target", arbor -> arbor.apply(Operation.STOP, null)),
        misuse("apply(MARK_FAILED, target)", "operation", arbor -> arbor.apply(Operation.MARK_FAILED, Target.all())),
        misuse("apply(BOOT, target)", "operation", arbor -> arbor.apply(Operation.BOOT, Target.all())),
        misuse("apply(operation, Target.plugin(null))", "name", arbor -> arbor.apply(Operation.STOP, Target.plugin(null))),
        misuse("apply(operation, Target.event(null))", "name", arbor -> arbor.apply(Operation.STOP, Target.event(null))),
        misuse("start(null)", "plugin", arbor -> arbor.start(null)),
        misuse("restart(null)", "plugin", arbor -> arbor.restart(null)),
        misuse("stop(null)", "plugin", arbor -> arbor.stop(null)),
        misuse("enable(null)", "plugin", arbor -> arbor.enable(null)),
        misuse("unregister(null)", "plugin", arbor -> arbor.unregister(null)),
        misuse("plugins(null)", "event", arbor -> arbor.plugins(null)),
        misuse("plugin(null)", "name", arbor -> arbor.plugin(null)),
        misuse("history(null)", "plugin", arbor -> arbor.history(null)),
        misuse("subscribe(null)", "subscriber", arbor -> arbor.subscribe(null)),
        misuse("onLifecycleChange(null)", "listener", arbor -> arbor.onLifecycleChange(null)),
        misuse("health(null)", "event", arbor -> arbor.health(null)),
        misuse("pluginHealth(null)", "plugin", arbor -> arbor.pluginHealth(null)),
        misuse("chain(null)", "event", arbor -> arbor.chain(null)),
        misuse("install(null)", "request", arbor -> arbor.install(null)),
        misuse("uninstall(null)", "name", arbor -> arbor.uninstall(null)),
        misuse("InstallRequest.file(null)", "jar", arbor -> InstallRequest.file(null)),
        misuse("InstallRequest.maven(null)", "coordinates", arbor -> InstallRequest.maven(null)),
        misuse("InstallRequest.url(null)", "url", arbor -> InstallRequest.url(null)),
        misuse("InstallRequest.named(null)", "name", arbor -> InstallRequest.maven("a:b:1.0.0").named(null)),
        misuse("InstallRequest.version(null)", "version", arbor -> InstallRequest.maven("a:b:1.0.0").version(null)),
        misuse("InstallRequest.sha256(null)", "sha256", arbor -> InstallRequest.maven("a:b:1.0.0").sha256(null)),
        misuse("pause(null)", "event", arbor -> arbor.pause(null)),
        misuse("pause(null, mode)", "event", arbor -> arbor.pause(null, PauseMode.HOLD)),
        misuse("pause(event, null)", "mode", arbor -> arbor.pause("trail", null)),
        misuse("resume(null)", "event", arbor -> arbor.resume(null)),
        misuse("pauseAll(null)", "mode", arbor -> arbor.pauseAll(null)),
        misuse("configure(null, update)", "plugin", arbor -> arbor.configure(null, Map.of())),
        misuse("configure(plugin, null)", "update", arbor -> arbor.configure("a", null)),
        misuse("configure(plugin, {k: Object})", "update.k", arbor -> arbor.configure("a", Map.of("k", new Object()))),
        misuse("configureEvent(null, update)", "event", arbor -> arbor.configureEvent(null, Map.of())),
        misuse("configureEvent(event, null)", "update", arbor -> arbor.configureEvent("trail", null)),
        misuse("resetSettings(null)", "plugin", arbor -> arbor.resetSettings(null)),
        misuse("operator(null)", "origin", arbor -> arbor.operator(null)),
        misuse("operator(origin).apply(null, target)", "operation", arbor -> arbor.operator("test").apply(null, Target.all())),
        misuse("operator(origin).configure(null, update)", "plugin", arbor -> arbor.operator("test").configure(null, Map.of())),
        misuse("operator(origin).pause(event, null)", "mode", arbor -> arbor.operator("test").pause("trail", null)),
        misuse("operator(origin).install(null)", "request", arbor -> arbor.operator("test").install(null)),
        misuse("operator(origin).uninstall(null)", "name", arbor -> arbor.operator("test").uninstall(null)),
        misuse("observeCalls(null)", "observer", arbor -> arbor.observeCalls(null)),
        misuse("stopObservingCalls(null)", "observer", arbor -> arbor.stopObservingCalls(null)),
        misuse("onInstallOutcome(null)", "listener", arbor -> arbor.onInstallOutcome(null)),
        misuse("new ArborMetrics(arbor, 0 s, keep)", "arbor.metrics.interval", arbor -> new ArborMetrics(arbor, Duration.ZERO, 5)),
        misuse("new ArborMetrics(arbor, interval, 0)", "arbor.metrics.recent", arbor -> new ArborMetrics(arbor, Duration.ofSeconds(1), 0)),
        misuse("configuration(null)", "overrides", arbor -> Arbor.configuration(null)),
        misuse("builder().config(null)", "overrides", arbor -> Arbor.builder().config(null)),
        misuse("builder().systemName(null)", "name", arbor -> Arbor.builder().systemName(null)),
        misuse("builder().systemName(\"a b\")", "name", arbor -> Arbor.builder().systemName("a b")),
        misuse("builder().system(null)", "existing", arbor -> Arbor.builder().system(null)),
        misuse("builder().event(null array)", "events", arbor -> Arbor.builder().event((EventType<?>[]) null)),
        misuse("builder().event(null)", "events[0]", arbor -> Arbor.builder().event((EventType<?>) null)),
        misuse("builder().plugin(null array)", "plugins", arbor -> Arbor.builder().plugin((PluginDefinition<?>[]) null)),
        misuse("builder().plugin(a, null)", "plugins[1]", arbor -> Arbor.builder().plugin(appender("a", 1), null)),
        misuse("builder().provide(null array)", "plugins", arbor -> Arbor.builder().provide((PluginDefinition<?>[]) null)),
        misuse("builder().provide(a, null)", "plugins[1]", arbor -> Arbor.builder().provide(appender("a", 1), null)),
        misuse("builder().plugin(null, factory)", "descriptor",
            arbor -> Arbor.builder().plugin(null, () -> (String state, CallContext context) -> Step.next(state))),
        misuse("builder().plugin(descriptor, null)", "factory",
            arbor -> Arbor.builder().plugin(PluginDescriptor.builder("b", TRAIL).build(), null)),
        misuse("builder().discoverWith(null)", "loader", arbor -> Arbor.builder().discoverWith(null)));
  }

  static Stream<Arguments> valueTypes() {
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("k", null);
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    return Stream.of(
        misuse("new CallOptions(meta with a null value, ...)", "meta", arbor -> new CallOptions(nullValue, false, null, false)),
        misuse("CallOptions.withMeta(meta with a null key)", "meta", arbor -> CallOptions.DEFAULT.withMeta(nullKey)),
        misuse("Target.plugin(null)", "name", arbor -> Target.plugin(null)),
        misuse("Target.event(null)", "name", arbor -> Target.event(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"arborMethods", "valueTypes"})
  void aNullOrInvalidArgumentIsRefusedAtTheCallNamingIt(String call, String argument, Misuse misuse) {
    InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> misuse.on(arbor), call);
    assertEquals(argument, error.argument(), error.getMessage());
    assertEquals("invalid_argument", error.code());
    assertTrue(error.getMessage().startsWith(argument + " "), error.getMessage());
  }

  @Test
  void anActorsCallWithoutAnEventGetsTheSameErrorAsItsReply() {
    TestProbe<CallReply> probe = TestProbe.create(arbor.system());
    arbor.callGateway().tell(new CallGateway.Call(null, "in", CallOptions.DEFAULT, probe.getRef()));
    CallReply.Failed failed = assertInstanceOf(CallReply.Failed.class, probe.receiveMessage(Duration.ofSeconds(5)));
    assertEquals("event", assertInstanceOf(InvalidArgumentException.class, failed.error()).argument());
  }

  @Test
  void arborKeepsWorkingAfterMisuse() {
    assertThrows(InvalidArgumentException.class, () -> arbor.stop(null));
    assertEquals("in>a", await(arbor.call(TRAIL, "in")).state());
  }
}
