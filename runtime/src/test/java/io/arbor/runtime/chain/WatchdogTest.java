package io.arbor.runtime.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The watchdog's pass over the plugin actors, with plain names standing in for the cells. */
class WatchdogTest {

  @Test
  void oneCellsErrorNeverStopsThePassOverTheOthersAndIsLoggedOncePerCell() {
    Logger logger = (Logger) LoggerFactory.getLogger(Watchdog.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setAdditive(false); // expected errors stay out of the build output
    try {
      List<String> checked = new ArrayList<>();
      Set<String> broken = new HashSet<>(Set.of("overflowing"));
      Consumer<String> check = cell -> {
        if (broken.contains(cell)) {
          throw new ArithmeticException("long overflow"); // what Duration.toMillis() threw for a timeout of FOREVER
        }
        checked.add(cell);
      };
      Set<String> failing = new HashSet<>();
      List<String> cells = List.of("first", "overflowing", "hanging");
      for (int tick = 0; tick < 3; tick++) {
        Watchdog.forEachIsolated(cells, failing, cell -> cell, check);
      }
      assertEquals(List.of("first", "hanging", "first", "hanging", "first", "hanging"), checked,
          "the cells after the failing one are checked on every tick");
      assertEquals(Set.of("overflowing"), failing);
      assertEquals(1, errorsAbout("overflowing", logged), "logged once, not every tick");

      broken.clear();
      Watchdog.forEachIsolated(cells, failing, cell -> cell, check);
      assertEquals(Set.of(), failing, "a check that passes again is forgotten");
      broken.add("overflowing");
      Watchdog.forEachIsolated(cells, failing, cell -> cell, check);
      assertEquals(2, errorsAbout("overflowing", logged), "failing anew is logged anew");
    } finally {
      logger.detachAppender(logged);
      logger.setAdditive(true);
    }
  }

  private static long errorsAbout(String cell, ListAppender<ILoggingEvent> logged) {
    return logged.list.stream()
        .filter(event -> event.getLevel() == Level.ERROR && event.getFormattedMessage().contains("'" + cell + "'"))
        .count();
  }
}
