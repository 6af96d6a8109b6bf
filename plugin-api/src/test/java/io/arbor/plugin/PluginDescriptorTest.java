package io.arbor.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PluginDescriptorTest {

  @Test
  void defaultsMatchTheContract() {
    PluginDescriptor descriptor = PluginDescriptor.builder("audit", "user.after_login").build();
    assertEquals(100, descriptor.priority());
    assertEquals(List.of(), descriptor.dependsOn());
    assertEquals(Duration.ofSeconds(5), descriptor.timeout());
    assertEquals(FailurePolicy.SKIP, descriptor.onFailure());
    assertEquals(RestartStrategy.DEFAULT, descriptor.restart());
  }

  @Test
  void priorityOutsideZeroToHundredIsRejectedNamingTheField() {
    for (int bad : new int[] {-1, 101, 240}) {
      InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class,
          () -> PluginDescriptor.builder("audit", "login").priority(bad).build());
      assertEquals("priority", error.field());
      assertTrue(error.rule().contains("between 0 and 100"), error.getMessage());
      assertTrue(error.rule().contains(String.valueOf(bad)), error.getMessage());
    }
    assertEquals(0, PluginDescriptor.builder("a", "e").priority(0).build().priority());
    assertEquals(100, PluginDescriptor.builder("a", "e").priority(100).build().priority());
  }

  @Test
  void selfDependencyIsACycle() {
    InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class,
        () -> PluginDescriptor.builder("audit", "login").dependsOn("audit").build());
    assertEquals("dependsOn", error.field());
    assertTrue(error.getMessage().contains("cycle"));
  }

  @Test
  void dependenciesAreKeptSortedAndUnique() {
    PluginDescriptor descriptor = PluginDescriptor.builder("c", "e").dependsOn("b", "a", "b").build();
    assertEquals(List.of("a", "b"), descriptor.dependsOn());
  }

  @Test
  void invalidNamesAreRejected() {
    assertEquals("name", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("", "e").build()).field());
    assertEquals("name", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("a b", "e").build()).field());
    assertEquals("event", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("a", " ").build()).field());
    assertEquals("event", assertThrows(InvalidDescriptorException.class, () -> EventType.of("../x", String.class)).field());
  }

  @Test
  void nonPositiveTimeoutIsRejected() {
    assertEquals("timeout", assertThrows(InvalidDescriptorException.class,
        () -> PluginDescriptor.builder("a", "e").timeout(Duration.ZERO).build()).field());
  }

  @Test
  void timeoutsAndRestartDurationsBeyondTheirMaximumAreRefusedNamingTheField() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    assertRefused("timeout", "at most PT24H", () -> PluginDescriptor.builder("a", "e").timeout(forever).build());
    assertRefused("timeout", "at most PT24H",
        () -> PluginDescriptor.builder("a", "e").timeout(Duration.ofDays(1).plusMillis(1)).build());
    assertEquals(Duration.ofDays(1), PluginDescriptor.builder("a", "e").timeout(Duration.ofDays(1)).build().timeout());

    assertRefused("restart.within", "at most PT720H", () -> RestartStrategy.immediate(3, forever));
    assertRefused("restart.within", "at most PT720H", () -> RestartStrategy.immediate(3, Duration.ofDays(31)));
    assertEquals(Duration.ofDays(30), RestartStrategy.immediate(3, Duration.ofDays(30)).within());

    assertRefused("restart.backoffMax", "at most PT24H",
        () -> RestartStrategy.backoff(3, Duration.ofMinutes(1), Duration.ofSeconds(1), forever));
    assertRefused("restart.backoffMin", "at most PT24H",
        () -> RestartStrategy.backoff(3, Duration.ofMinutes(1), Duration.ofDays(2), Duration.ofDays(3)));
    assertEquals(Duration.ofDays(1),
        RestartStrategy.backoff(3, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1)).backoffMax());
  }

  @Test
  void settingsOfEverySupportedShapeAreKeptEqualAndOfTheirDeclaredClass() {
    Map<String, Object> nested = Map.of("hosts", List.of("a", "b"), "limits", Map.of("rate", 0.5));
    PluginDescriptor descriptor = PluginDescriptor.builder("a", "e")
        .extra("text", "x").extra("flag", false).extra("int", 5).extra("long", 5L).extra("double", 5.0)
        .extra("list", List.of(1, 2L, "three")).extra("nested", nested).build();
    assertEquals(Map.of("text", "x", "flag", false, "int", 5, "long", 5L, "double", 5.0,
        "list", List.of(1, 2L, "three"), "nested", nested), descriptor.extra());
    assertEquals(Long.class, descriptor.extra().get("long").getClass());
    assertEquals(List.of("text", "flag", "int", "long", "double", "list", "nested"),
        List.copyOf(descriptor.extra().keySet()), "kept in the declared order");
  }

  @Test
  @SuppressWarnings("unchecked")
  void settingsAreADeepUnmodifiableCopy() {
    List<String> users = new ArrayList<>(List.of("ada"));
    Map<String, Object> inner = new HashMap<>(Map.of("users", users));
    PluginDescriptor descriptor = PluginDescriptor.builder("a", "e").extra("users", users).extra("inner", inner).build();
    users.add("mallory");
    inner.put("more", 1);
    assertEquals(List.of("ada"), descriptor.extra().get("users"));
    assertEquals(Map.of("users", List.of("ada")), descriptor.extra().get("inner"));
    assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) descriptor.extra().get("users")).add("eve"));
    assertThrows(UnsupportedOperationException.class,
        () -> ((Map<String, Object>) descriptor.extra().get("inner")).put("eve", 1));
    assertThrows(UnsupportedOperationException.class, () -> descriptor.extra().put("eve", 1));
  }

  @Test
  void unsupportedSettingsAreRefusedNamingTheEntry() {
    assertRefused("extra.k", "java.lang.Object", () -> PluginDescriptor.builder("a", "e").extra("k", new Object()).build());
    assertRefused("extra.k", "java.lang.Float", () -> PluginDescriptor.builder("a", "e").extra("k", 1.5f).build());
    assertRefused("extra.k", "java.math.BigDecimal",
        () -> PluginDescriptor.builder("a", "e").extra("k", java.math.BigDecimal.ONE).build());
    assertRefused("extra.k", "java.util.TreeSet",
        () -> PluginDescriptor.builder("a", "e").extra("k", new TreeSet<>(Set.of("a"))).build());
    assertRefused("extra.k[1]", "must not be null",
        () -> PluginDescriptor.builder("a", "e").extra("k", Arrays.asList("a", null)).build());
    Map<String, Object> withNullValue = new HashMap<>();
    withNullValue.put("inner", null);
    assertRefused("extra.k.inner", "must not be null",
        () -> PluginDescriptor.builder("a", "e").extra("k", withNullValue).build());
    assertRefused("extra.k", "keys must be strings (was java.lang.Integer)",
        () -> PluginDescriptor.builder("a", "e").extra("k", Map.of(1, "one")).build());
    assertRefused("extra.k[0].deep", "java.lang.Object",
        () -> PluginDescriptor.builder("a", "e").extra("k", List.of(Map.of("deep", new Object()))).build());
    Map<String, Object> topLevelNull = new HashMap<>();
    topLevelNull.put("k", null);
    assertRefused("extra.k", "must not be null", () -> new PluginDescriptor("a", "e", 1, null, topLevelNull, null, null, null));

    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertRefused("extra.k" + "[0]".repeat(31), "deeper than 32 levels",
        () -> PluginDescriptor.builder("a", "e").extra("k", loop).build());
  }

  private static void assertRefused(String field, String rulePart, Runnable declaration) {
    InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class, declaration::run);
    assertEquals(field, error.field(), error.getMessage());
    assertTrue(error.rule().contains(rulePart), error.getMessage());
  }

  @Test
  void aPluginCanBeUnitTestedWithThisModuleAlone() throws Exception {
    Plugin<String> shout = (state, context) -> context.meta().containsKey("halt")
        ? Step.halt(state)
        : Step.next(state.toUpperCase());
    assertEquals(Step.next("HI"), shout.call("hi", CallContext.of("greet")));
    assertEquals(Step.halt("hi"), shout.call("hi", CallContext.of("greet", java.util.Map.of("halt", true))));
  }
}
