package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lifecycle rules without actors: every cell of the transition table, the cascades and the upsert. */
class LifecycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
  private static final AtomicInteger ids = new AtomicInteger();
  private static final Stamp STAMP = new Stamp(T1, "node-1", () -> "id-" + ids.incrementAndGet());

  static PluginDescriptor descriptor(String name, String event, String... dependsOn) {
    return PluginDescriptor.builder(name, event).dependsOn(dependsOn).build();
  }

  static PluginRecord record(String name, String event, PluginStatus status, String... dependsOn) {
    return new PluginRecord("id-of-" + name, descriptor(name, event, dependsOn), status, T0, T0);
  }

  static RegistryState state(PluginRecord... records) {
    Map<String, PluginRecord> plugins = new HashMap<>();
    for (PluginRecord record : records) {
      plugins.put(record.name(), record);
    }
    return new RegistryState(plugins, 7);
  }

  /** Applies an accepted decision; fails the test on a rejection. */
  static RegistryState after(RegistryState state, Lifecycle.Decision decision) {
    assertInstanceOf(Lifecycle.Accepted.class, decision, () -> "rejected: " + decision);
    return state.applyAll(((Lifecycle.Accepted) decision).events());
  }

  static LifecycleException rejection(Lifecycle.Decision decision) {
    return assertInstanceOf(Lifecycle.Rejected.class, decision).error();
  }

  static List<RegistryEvent> events(Lifecycle.Decision decision) {
    return assertInstanceOf(Lifecycle.Accepted.class, decision).events();
  }

  static PluginStatus status(RegistryState state, String name) {
    return state.plugin(name).map(PluginRecord::status).orElse(null);
  }

  @Nested
  class TransitionTable {
    /**
     * One row per cell of mishka-semantics.md 5.2, plus Arbor's failed status. "p" depends on "dep";
     * D means dep is started, ¬D that dep is stopped. Outcome: the status after, "deleted", or
     * "!code" for a refusal that writes nothing.
     */
    @ParameterizedTest(name = "{0} --{1}, deps active={2}--> {3}")
    @CsvSource({
        // from,    operation,  D,     outcome
        "REGISTERED, START,      true,  STARTED",
        "REGISTERED, START,      false, !dependencies_inactive",
        "REGISTERED, RESTART,    true,  RESTARTED",
        "REGISTERED, RESTART,    false, !dependencies_inactive",
        "REGISTERED, ENABLE,     true,  RESTARTED",
        "REGISTERED, ENABLE,     false, HELD",
        "REGISTERED, STOP,       true,  STOPPED",
        "REGISTERED, STOP,       false, STOPPED",
        "REGISTERED, UNREGISTER, true,  deleted",
        "REGISTERED, BULK_START, true,  STARTED",
        "REGISTERED, BULK_START, false, HELD",
        "REGISTERED, BOOT,       true,  STARTED",
        "REGISTERED, BOOT,       false, HELD",
        "REGISTERED, CASCADE,    true,  REGISTERED",
        "REGISTERED, CASCADE,    false, REGISTERED",
        "REGISTERED, REREGISTER, true,  STARTED",
        "REGISTERED, REREGISTER, false, HELD",

        "STARTED,    START,      true,  STARTED",
        "STARTED,    START,      false, !dependencies_inactive",
        "STARTED,    RESTART,    true,  RESTARTED",
        "STARTED,    RESTART,    false, !dependencies_inactive",
        "STARTED,    ENABLE,     true,  RESTARTED",
        "STARTED,    ENABLE,     false, HELD",
        "STARTED,    STOP,       true,  STOPPED",
        "STARTED,    UNREGISTER, true,  deleted",
        "STARTED,    BULK_START, true,  STARTED",
        "STARTED,    BULK_START, false, HELD",
        "STARTED,    BOOT,       true,  STARTED",
        "STARTED,    CASCADE,    true,  STARTED",
        "STARTED,    CASCADE,    false, HELD",
        "STARTED,    REREGISTER, true,  STARTED",
        "STARTED,    REREGISTER, false, HELD",

        "RESTARTED,  START,      true,  STARTED",
        "RESTARTED,  START,      false, !dependencies_inactive",
        "RESTARTED,  RESTART,    true,  RESTARTED",
        "RESTARTED,  RESTART,    false, !dependencies_inactive",
        "RESTARTED,  ENABLE,     true,  RESTARTED",
        "RESTARTED,  ENABLE,     false, HELD",
        "RESTARTED,  STOP,       true,  STOPPED",
        "RESTARTED,  UNREGISTER, true,  deleted",
        "RESTARTED,  BULK_START, true,  STARTED",
        "RESTARTED,  BULK_START, false, HELD",
        "RESTARTED,  BOOT,       true,  RESTARTED",
        "RESTARTED,  CASCADE,    true,  RESTARTED",
        "RESTARTED,  CASCADE,    false, HELD",
        "RESTARTED,  REREGISTER, false, HELD",
        "RESTARTED,  REREGISTER, true,  RESTARTED",

        "HELD,       START,      true,  STARTED",
        "HELD,       START,      false, !dependencies_inactive",
        "HELD,       RESTART,    true,  RESTARTED",
        "HELD,       RESTART,    false, !dependencies_inactive",
        "HELD,       ENABLE,     true,  RESTARTED",
        "HELD,       ENABLE,     false, HELD",
        "HELD,       STOP,       true,  STOPPED",
        "HELD,       STOP,       false, STOPPED",
        "HELD,       UNREGISTER, false, deleted",
        "HELD,       BULK_START, true,  STARTED",
        "HELD,       BULK_START, false, HELD",
        "HELD,       BOOT,       true,  HELD",
        "HELD,       CASCADE,    true,  RESTARTED",
        "HELD,       CASCADE,    false, HELD",
        "HELD,       REREGISTER, true,  RESTARTED",
        "HELD,       REREGISTER, false, HELD",

        "STOPPED,    START,      true,  !plugin_stopped",
        "STOPPED,    START,      false, !plugin_stopped",
        "STOPPED,    RESTART,    true,  !plugin_stopped",
        "STOPPED,    ENABLE,     true,  RESTARTED",
        "STOPPED,    ENABLE,     false, HELD",
        "STOPPED,    STOP,       true,  !already_stopped",
        "STOPPED,    UNREGISTER, true,  deleted",
        "STOPPED,    BULK_START, true,  STOPPED",
        "STOPPED,    BOOT,       true,  STOPPED",
        "STOPPED,    CASCADE,    true,  STOPPED",
        "STOPPED,    CASCADE,    false, STOPPED",
        "STOPPED,    REREGISTER, true,  STOPPED",
        "STOPPED,    REREGISTER, false, STOPPED",

        "FAILED,     START,      true,  STARTED",
        "FAILED,     START,      false, !dependencies_inactive",
        "FAILED,     RESTART,    true,  RESTARTED",
        "FAILED,     RESTART,    false, !dependencies_inactive",
        "FAILED,     ENABLE,     true,  RESTARTED",
        "FAILED,     ENABLE,     false, HELD",
        "FAILED,     STOP,       true,  STOPPED",
        "FAILED,     UNREGISTER, true,  deleted",
        "FAILED,     BULK_START, true,  STARTED",
        "FAILED,     BULK_START, false, HELD",
        "FAILED,     BOOT,       true,  FAILED",
        "FAILED,     CASCADE,    true,  FAILED",
        "FAILED,     CASCADE,    false, FAILED",
        "FAILED,     REREGISTER, true,  FAILED",
        "FAILED,     REREGISTER, false, FAILED",
    })
    void cell(PluginStatus from, String operation, boolean dependenciesActive, String outcome) {
      RegistryState before = state(
          record("dep", "other", dependenciesActive ? PluginStatus.STARTED : PluginStatus.STOPPED),
          record("p", "e", from, "dep"));
      Lifecycle.Decision decision = switch (operation) {
        case "BULK_START" -> Lifecycle.apply(before, Operation.START, Target.event("e"), "test", STAMP);
        case "BOOT" -> Lifecycle.apply(before, Operation.BOOT, Target.all(), "boot", STAMP);
        case "CASCADE" -> new Lifecycle.Accepted(Lifecycle.cascade(before, List.of("dep"), STAMP), List.of());
        case "REREGISTER" -> Lifecycle.register(before, descriptor("p", "e", "dep"), STAMP);
        default -> Lifecycle.apply(before, Operation.valueOf(operation), Target.plugin("p"), "test", STAMP);
      };
      if (outcome.startsWith("!")) {
        assertEquals(outcome.substring(1), rejection(decision).code());
        return;
      }
      RegistryState after = after(before, decision);
      if (outcome.equals("deleted")) {
        assertTrue(after.plugin("p").isEmpty());
      } else {
        assertEquals(PluginStatus.valueOf(outcome), status(after, "p"));
        assertEquals("id-of-p", after.plugin("p").orElseThrow().id(), "the id never changes");
      }
      assertEquals(status(before, "dep"), status(after, "dep"), "an operation on p never changes its dependency");
      boolean release = from == PluginStatus.HELD && outcome.equals("RESTARTED") && RULES_RELEASE.contains(operation);
      assertEquals(release, journaledAsRelease(decision, "p"),
          "only the rules' move from held to restarted is journaled as a release, never an operator's");
    }
  }

  /** The inputs that release a held plugin by the rules; every other way to restarted is someone's command. */
  private static final Set<String> RULES_RELEASE = Set.of("CASCADE", "REREGISTER");

  private static boolean journaledAsRelease(Lifecycle.Decision decision, String plugin) {
    return ((Lifecycle.Accepted) decision).events().stream()
        .anyMatch(event -> event instanceof RegistryEvent.StatusChanged changed
            && changed.plugin().equals(plugin) && changed.released());
  }

  @Nested
  class Errors {
    @Test
    void unknownPluginIsAClearError() {
      for (Operation operation : List.of(Operation.START, Operation.RESTART, Operation.STOP, Operation.ENABLE, Operation.UNREGISTER)) {
        LifecycleException error = rejection(Lifecycle.apply(state(), operation, Target.plugin("ghost"), "t", STAMP));
        assertEquals("plugin_not_found", error.code());
        assertEquals("ghost", error.subject());
        assertTrue(error.getMessage().contains("ghost"));
      }
    }

    @Test
    void anEventWithoutPluginsIsAClearErrorForBulkOperations() {
      for (Operation operation : List.of(Operation.START, Operation.RESTART, Operation.STOP, Operation.ENABLE, Operation.UNREGISTER)) {
        assertEquals("event_has_no_plugins", rejection(Lifecycle.apply(state(), operation, Target.event("none"), "t", STAMP)).code());
      }
    }

    @Test
    void aRefusedStartNamesTheInactiveDependencies() {
      RegistryState before = state(record("a", "e", PluginStatus.STOPPED), record("b", "e", PluginStatus.HELD, "a", "c"));
      LifecycleException error = rejection(Lifecycle.apply(before, Operation.START, Target.plugin("b"), "t", STAMP));
      assertEquals(List.of("a", "c"), error.plugins());
    }

    @Test
    void markFailedOfAnUnknownOrInactivePluginWritesNothing() {
      assertEquals(List.of(), events(Lifecycle.apply(state(), Operation.MARK_FAILED, Target.plugin("ghost"), "t", STAMP)));
      RegistryState stopped = state(record("a", "e", PluginStatus.STOPPED));
      assertEquals(List.of(), events(Lifecycle.apply(stopped, Operation.MARK_FAILED, Target.plugin("a"), "t", STAMP)));
    }
  }

  @Nested
  class Register {
    @Test
    void aNewPluginIsRegisteredAndStartedInOneDecisionOrHeldWhenADependencyIsInactive() {
      List<RegistryEvent> events = events(Lifecycle.register(state(), descriptor("a", "e"), STAMP));
      assertEquals(2, events.size(), "one journal write holds the registration and the start: " + events);
      RegistryEvent.PluginRegistered registered = assertInstanceOf(RegistryEvent.PluginRegistered.class, events.get(0));
      assertEquals(PluginStatus.REGISTERED, registered.record().status());
      assertEquals(new RegistryEvent.StatusChanged("a", PluginStatus.REGISTERED, PluginStatus.STARTED, false,
          Lifecycle.STARTED_ON_REGISTRATION, T1, "node-1"), events.get(1));
      RegistryState after = state().applyAll(events);
      PluginRecord a = after.plugin("a").orElseThrow();
      assertEquals(PluginStatus.STARTED, a.status());
      assertTrue(a.id().startsWith("id-"));
      assertEquals(T1, a.registeredAt());
      RegistryState held = after(after, Lifecycle.register(after, descriptor("b", "e", "missing"), STAMP));
      assertEquals(PluginStatus.HELD, status(held, "b"));
    }

    @Test
    void aNewPluginReleasesThePluginsHeldWaitingForIt() {
      RegistryState before = state(record("b", "e", PluginStatus.HELD, "a"), record("c", "f", PluginStatus.HELD, "b"));
      RegistryState after = after(before, Lifecycle.register(before, descriptor("a", "e"), STAMP));
      assertEquals(List.of(PluginStatus.STARTED, PluginStatus.RESTARTED, PluginStatus.RESTARTED),
          List.of(status(after, "a"), status(after, "b"), status(after, "c")));
    }

    @Test
    void aPluginAnOlderJournalLeftRegisteredIsStartedByItsNextRegistration() {
      RegistryState before = state(record("a", "e", PluginStatus.REGISTERED));
      List<RegistryEvent> events = events(Lifecycle.register(before, descriptor("a", "e"), STAMP));
      assertEquals(List.of(new RegistryEvent.StatusChanged("a", PluginStatus.REGISTERED, PluginStatus.STARTED, false,
          Lifecycle.STARTED_ON_REGISTRATION, T1, "node-1")), events);
    }

    @Test
    void anIdenticalRegistrationWritesNothing() {
      RegistryState before = state(record("a", "e", PluginStatus.STARTED));
      assertEquals(List.of(), events(Lifecycle.register(before, descriptor("a", "e"), STAMP)));
    }

    @Test
    void declaredFieldsWinAndRuntimeFieldsAreKept() {
      RegistryState before = state(record("a", "e", PluginStatus.STARTED));
      PluginDescriptor changed = PluginDescriptor.builder("a", "e").priority(3).extra("limit", 5).build();
      RegistryState after = after(before, Lifecycle.register(before, changed, STAMP));
      PluginRecord a = after.plugin("a").orElseThrow();
      assertEquals(changed, a.descriptor());
      assertEquals("id-of-a", a.id());
      assertEquals(PluginStatus.STARTED, a.status());
      assertEquals(T0, a.registeredAt());
      assertEquals(T1, a.updatedAt());
    }

    @Test
    void cyclesAreRejectedWithThePathAndNothingIsWritten() {
      RegistryState before = state(record("a", "e", PluginStatus.STARTED, "b"), record("b", "e", PluginStatus.STARTED, "c"),
          record("c", "f", PluginStatus.STARTED));
      LifecycleException error = rejection(Lifecycle.register(before, descriptor("c", "f", "a"), STAMP));
      assertEquals("dependency_cycle", error.code());
      assertEquals(List.of("c", "a", "b", "c"), error.plugins());
      assertTrue(error.getMessage().contains("c -> a -> b -> c"), error.getMessage());
    }

    @Test
    void aNewDependencyOnAnInactivePluginHoldsAndCascades() {
      RegistryState before = state(record("x", "e", PluginStatus.STOPPED), record("a", "e", PluginStatus.STARTED),
          record("b", "f", PluginStatus.STARTED, "a"));
      RegistryState after = after(before, Lifecycle.register(before, descriptor("a", "e", "x"), STAMP));
      assertEquals(PluginStatus.HELD, status(after, "a"));
      assertEquals(PluginStatus.HELD, status(after, "b"), "the change cascades to a's dependents");
    }
  }

  @Nested
  class Cascade {
    @Test
    void stoppingHoldsDependentsTransitivelyAndAcrossEventsAndEnablingReleasesThem() {
      RegistryState before = state(record("a", "e1", PluginStatus.STARTED), record("b", "e2", PluginStatus.STARTED, "a"),
          record("c", "e3", PluginStatus.RESTARTED, "b"));
      RegistryState stopped = after(before, Lifecycle.apply(before, Operation.STOP, Target.plugin("a"), "t", STAMP));
      assertEquals(List.of(PluginStatus.STOPPED, PluginStatus.HELD, PluginStatus.HELD),
          List.of(status(stopped, "a"), status(stopped, "b"), status(stopped, "c")));
      RegistryState enabled = after(stopped, Lifecycle.apply(stopped, Operation.ENABLE, Target.plugin("a"), "t", STAMP));
      assertEquals(List.of(PluginStatus.RESTARTED, PluginStatus.RESTARTED, PluginStatus.RESTARTED),
          List.of(status(enabled, "a"), status(enabled, "b"), status(enabled, "c")));
    }

    @Test
    void unregisteringAndFailingHoldDependentsToo() {
      RegistryState before = state(record("a", "e", PluginStatus.STARTED), record("b", "e", PluginStatus.STARTED, "a"));
      assertEquals(PluginStatus.HELD, status(after(before, Lifecycle.apply(before, Operation.UNREGISTER, Target.plugin("a"), "t", STAMP)), "b"));
      RegistryState failed = after(before, Lifecycle.apply(before, Operation.MARK_FAILED, Target.plugin("a"), "t", STAMP));
      assertEquals(PluginStatus.FAILED, status(failed, "a"));
      assertEquals(PluginStatus.HELD, status(failed, "b"));
      RegistryState restarted = after(failed, Lifecycle.apply(failed, Operation.RESTART, Target.plugin("a"), "t", STAMP));
      assertEquals(PluginStatus.RESTARTED, status(restarted, "b"), "an operator's restart of a failed plugin releases its dependents");
    }

    @Test
    void aDiamondIsHeldByEitherDependencyAndReleasedOnlyWhenBothAreBack() {
      RegistryState s = state(record("left", "e", PluginStatus.STARTED), record("right", "e", PluginStatus.STARTED),
          record("bottom", "e", PluginStatus.STARTED, "left", "right"));
      s = after(s, Lifecycle.apply(s, Operation.STOP, Target.plugin("left"), "t", STAMP));
      assertEquals(PluginStatus.HELD, status(s, "bottom"));
      s = after(s, Lifecycle.apply(s, Operation.STOP, Target.plugin("right"), "t", STAMP));
      assertEquals(PluginStatus.HELD, status(s, "bottom"));
      s = after(s, Lifecycle.apply(s, Operation.ENABLE, Target.plugin("left"), "t", STAMP));
      assertEquals(PluginStatus.HELD, status(s, "bottom"), "still held: right is stopped");
      s = after(s, Lifecycle.apply(s, Operation.ENABLE, Target.plugin("right"), "t", STAMP));
      assertEquals(PluginStatus.RESTARTED, status(s, "bottom"));
    }

    @Test
    void aStoredCycleTerminatesWithItsMembersHeld() {
      // Cycles cannot be registered, but a journal written by other code may hold one; the cascade must still end.
      RegistryState s = state(record("root", "e", PluginStatus.STARTED), record("x", "e", PluginStatus.STARTED, "root", "y"),
          record("y", "e", PluginStatus.STARTED, "x"));
      s = after(s, Lifecycle.apply(s, Operation.STOP, Target.plugin("root"), "t", STAMP));
      assertEquals(PluginStatus.HELD, status(s, "x"));
      assertEquals(PluginStatus.HELD, status(s, "y"));
      s = after(s, Lifecycle.apply(s, Operation.ENABLE, Target.plugin("root"), "t", STAMP));
      assertEquals(PluginStatus.HELD, status(s, "x"), "cycle members hold each other and never self-release");
    }

    @Test
    void stoppedPluginsAreNeverReleasedByACascade() {
      RegistryState s = state(record("a", "e", PluginStatus.STOPPED), record("b", "e", PluginStatus.STOPPED, "a"));
      s = after(s, Lifecycle.apply(s, Operation.ENABLE, Target.plugin("a"), "t", STAMP));
      assertEquals(PluginStatus.RESTARTED, status(s, "a"));
      assertEquals(PluginStatus.STOPPED, status(s, "b"));
    }

    @Test
    void anAlreadySettledGraphWritesNothing() {
      RegistryState s = state(record("a", "e", PluginStatus.STARTED), record("b", "e", PluginStatus.STARTED, "a"));
      assertEquals(List.of(), Lifecycle.cascade(s, List.of("a"), STAMP));
    }

    @Test
    void everyChangeIsStampedWithTimeNodeAndReason() {
      RegistryState s = state(record("a", "e", PluginStatus.STARTED), record("b", "e", PluginStatus.STARTED, "a"));
      List<RegistryEvent> events = events(Lifecycle.apply(s, Operation.STOP, Target.plugin("a"), "operator: stop", STAMP));
      assertEquals(2, events.size());
      for (RegistryEvent event : events) {
        assertEquals(T1, event.at());
        assertEquals("node-1", event.node());
        assertFalse(event.reason().isBlank());
      }
      assertEquals("operator: stop", events.get(0).reason());
      assertTrue(events.get(1).reason().contains("waiting for a"), events.get(1).reason());
    }
  }

  @Nested
  class Bulk {
    @Test
    void bulkStartStartsDependenciesFirstSoNothingIsHeldOnTheWay() {
      RegistryState s = state(record("child", "e", PluginStatus.REGISTERED, "parent"), record("parent", "f", PluginStatus.REGISTERED));
      Lifecycle.Decision decision = Lifecycle.apply(s, Operation.BOOT, Target.all(), "boot", STAMP);
      List<String> statuses = new ArrayList<>();
      for (RegistryEvent event : events(decision)) {
        statuses.add(event.plugin() + ":" + ((RegistryEvent.StatusChanged) event).to());
      }
      assertEquals(List.of("parent:STARTED", "child:STARTED"), statuses);
    }

    @Test
    void bulkStopTouchesEveryPluginOfTheEventOnly() {
      RegistryState s = state(record("a", "e", PluginStatus.STARTED), record("b", "e", PluginStatus.STOPPED),
          record("c", "other", PluginStatus.STARTED));
      RegistryState after = after(s, Lifecycle.apply(s, Operation.STOP, Target.event("e"), "t", STAMP));
      assertEquals(PluginStatus.STOPPED, status(after, "a"));
      assertEquals(PluginStatus.STARTED, status(after, "c"));
      assertNotEquals(s.version(), after.version());
    }

    @Test
    void bulkEnableAndUnregisterForAllEvents() {
      RegistryState s = state(record("a", "e", PluginStatus.STOPPED), record("b", "f", PluginStatus.STOPPED, "a"),
          record("c", "f", PluginStatus.STARTED));
      RegistryState enabled = after(s, Lifecycle.apply(s, Operation.ENABLE, Target.all(), "t", STAMP));
      assertEquals(List.of(PluginStatus.RESTARTED, PluginStatus.RESTARTED, PluginStatus.STARTED),
          List.of(status(enabled, "a"), status(enabled, "b"), status(enabled, "c")));
      assertTrue(after(enabled, Lifecycle.apply(enabled, Operation.UNREGISTER, Target.all(), "t", STAMP)).plugins().isEmpty());
    }
  }
}
