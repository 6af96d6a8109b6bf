package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.install.StampJars;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web panel in a real headless Chromium against a running Arbor: the chain drawn in call order,
 * a stop through the panel holding the dependent (and saying which plugin holds it), the history row
 * arriving live from the feed, a JAR installed through the upload input; and the screenshot of the
 * documentation taken on the way.
 */
class PanelBrowserTest {
  private static final String TOKEN = "panel-token";
  private static final EventType<String> LOGIN = EventType.of("login", String.class);
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Path SCREENSHOT = Path.of("../docs/images/panel.png");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void anOperatorStopsAPluginAndInstallsAJarThroughThePanel() throws Exception {
    Assumptions.assumeTrue(CHROMEDRIVER.canExecute(),
        "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver); the panel's browser test is skipped");
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", TOKEN, "arbor.metrics.interval", "1s",
            "arbor.install.directory", dir.resolve("node").toString())).withFallback(TestArbor.inMemory()))
        .event(LOGIN)
        .event(TRAIL)
        .plugin(TestArbor.plugin(PluginDescriptor.builder("rate-limit", LOGIN).priority(10).build(),
            (user, context) -> user.hashCode() % 7 == 0 ? Step.halt(user) : Step.next(user)))
        .plugin(step("password-check", 20))
        .plugin(step("session", 30, "password-check"))
        .plugin(appender("audit", 10))
        .start()) {
      AdminServer server = await(AdminServer.start(arbor));
      // Logins all along, in waves, so the charts have something to draw.
      AtomicBoolean calling = new AtomicBoolean(true);
      Thread caller = new Thread(() -> {
        for (int wave = 0; calling.get(); wave++) {
          for (int i = 0; i < 8 + 6 * Math.sin(wave / 3.0); i++) {
            await(arbor.call(LOGIN, "user-" + wave + "-" + i));
          }
          sleep(100);
        }
      });
      caller.start();
      ChromeDriver driver = chromium();
      try {
        // The panel draws its tables again when the feed says something changed: an element found may go stale, so retry.
        Wait<WebDriver> wait = new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class);
        driver.get("http://127.0.0.1:" + server.address().getPort() + "/");
        driver.findElement(By.id("token")).sendKeys(TOKEN, Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.id("feed"), "data-state", "live"));

        List<String> chain = List.of("rate-limit", "password-check", "session");
        wait.until(page -> chain.equals(chain(driver, "login")));

        // A marker the page would lose if anything below reloaded it.
        driver.executeScript("window.notReloaded = true;");
        click(wait, "[data-tab='plugins']");
        click(wait, "tr[data-plugin='password-check'] button[data-op='stop']");
        click(wait, "#confirm-ok");

        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-plugin='session']"), "data-status", "HELD"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-held-by='session']"), "password-check"));

        click(wait, "[data-tab='history']");
        By stopped = By.cssSelector("#history tbody tr[data-kind='STOPPED'][data-plugin='password-check']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(stopped));
        assertTrue(driver.findElement(stopped).getAttribute("class").contains("fresh"), "the row came from the feed, prepended");
        assertEquals(Boolean.TRUE, driver.executeScript("return window.notReloaded === true;"));

        click(wait, "[data-tab='events']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li[data-plugin='session'][data-status='HELD']"),
            "held by password-check"));
        assertEquals(List.of("rate-limit"), chain(driver, "login"));
        // The toasts of the stop gone and the charts a dozen intervals long, for a picture worth showing.
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#toasts .toast"), 0));
        eventually("a dozen intervals of figures", () -> intervals(server) >= 12);
        Thread.sleep(1200); // the panel's next poll of the figures
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));

        click(wait, "[data-tab='installations']");
        driver.findElement(By.id("upload-file")).sendKeys(new StampJars(dir).stamp("1.0.0").toAbsolutePath().toString());
        click(wait, "#upload-submit");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-installation='stamp']")));
        click(wait, "[data-tab='plugins']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-plugin='stamp']"),
            "installed · stamp-1.0.0"));

        assertEquals(0, driver.findElements(By.cssSelector(".toast.error")).size(), "no refusal on the way");
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertEquals(List.of(), severe, "no script error and no content-security-policy violation");
      } finally {
        calling.set(false);
        caller.join();
        driver.quit();
        server.close();
      }
    }
  }

  private static int intervals(AdminServer server) {
    try {
      HttpResponse<String> figures = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
          + "/api/figures")).build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(figures.body()).path("events").path("login").path("recent").size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The plugins of an event's chain as drawn, in DOM order, read in one go (a redraw cannot split the read). */
  @SuppressWarnings("unchecked")
  private static List<String> chain(ChromeDriver driver, String event) {
    return (List<String>) driver.executeScript("return [...document.querySelectorAll(`[data-event='${arguments[0]}'] .box`)]"
        + ".map(box => box.dataset.plugin);", event);
  }

  /** Clicks once the element can be clicked, again if a redraw replaced it in between. */
  private static void click(Wait<WebDriver> wait, String selector) {
    wait.until(page -> {
      WebElement element = ExpectedConditions.elementToBeClickable(By.cssSelector(selector)).apply(page);
      if (element == null) {
        return false;
      }
      element.click();
      return true;
    });
  }

  private static PluginDefinition<String> step(String name, int priority, String... dependsOn) {
    return appender(PluginDescriptor.builder(name, LOGIN).priority(priority).dependsOn(dependsOn).build());
  }

  /** Chromium from the system's packages, given explicitly: otherwise Selenium Manager goes looking on the internet. */
  private static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
  }
}
