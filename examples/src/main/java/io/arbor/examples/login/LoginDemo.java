package io.arbor.examples.login;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.admin.AdminServer;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.chain.ChainSnapshot;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Cancellable;

/**
 * The login hook from MishkaInstaller's guide, on Arbor: four plugins on {@code user.after_login}, a
 * few logins through them, one lifecycle change seen on the lifecycle stream, and the activity
 * history read back from the journal. With {@code --panel} it then starts the admin API and the web
 * panel and keeps logins coming until the JVM is stopped. See {@code examples/README.md}.
 */
public final class LoginDemo {
  private static final String EVENT = LoginEvents.AFTER_LOGIN.name();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private LoginDemo() {}

  public static void main(String[] args) throws Exception {
    boolean panel = List.of(args).contains("--panel");
    try (Arbor arbor = Arbor.builder()
        .event(LoginEvents.AFTER_LOGIN)
        .plugin(
            LoginAuditPlugin.definition(),
            BlocklistPlugin.definition(List.of("mallory", "trudy")),
            SessionPlugin.definition(),
            GeoAnalyticsPlugin.definition())
        .start()) {
      // The lifecycle stream: every journaled change, handed to this callback on an actor of its own.
      // Subscribed first thing, because a subscription takes effect shortly after the call.
      List<LifecycleChange> changes = new CopyOnWriteArrayList<>();
      AutoCloseable subscription = arbor.onLifecycleChange(changes::add);
      try {
        run(arbor, changes);
      } finally {
        subscription.close(); // before Arbor closes
      }
      if (panel) {
        servePanel(arbor);
      }
    }
  }

  /** The admin API and the panel on 127.0.0.1:8070, and a login every 250 ms, until Ctrl+C stops the JVM. */
  private static void servePanel(Arbor arbor) throws Exception {
    try (AdminServer admin = await(AdminServer.start(arbor))) {
      List<LoginState> logins = List.of(LoginState.of("u-100", "ada", "10.0.0.7"), LoginState.of("u-101", "grace", "192.168.1.20"),
          LoginState.of("u-666", "mallory", "203.0.113.9"), LoginState.of("u-102", "linus", "172.16.4.2"));
      LoginState overIpv6 = LoginState.of("u-103", "barbara", "2001:db8::2");
      AtomicInteger next = new AtomicInteger();
      // An IPv6 login, which the analytics plugin fails on, every 8 s: under its restart limit (10 a minute).
      Cancellable traffic = arbor.system().scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(250), () -> {
        int n = next.getAndIncrement();
        arbor.call(LoginEvents.AFTER_LOGIN, n % 32 == 31 ? overIpv6 : logins.get(n % logins.size()));
      }, arbor.system().executionContext());
      System.out.printf(Locale.ROOT, "The panel: http://127.0.0.1:%d/  (token for changes: %s)%n"
          + "A login every 250 ms (one in four blocked, one every 8 s over IPv6, which fails analytics); press Ctrl+C to stop.%n",
          admin.address().getPort(), admin.token());
      // Ctrl+C runs Pekko's CoordinatedShutdown, which drains Arbor and terminates the system.
      arbor.system().getWhenTerminated().toCompletableFuture().join();
      traffic.cancel();
    }
  }

  private static void run(Arbor arbor, List<LifecycleChange> changes) throws Exception {
    enableIfLeftStopped(arbor);
    printPlugins(arbor, "Plugins of " + EVENT + " after start", List.of());

    call(arbor, "[1] a normal login", LoginState.of("u-100", "ada", "10.0.0.7"), CallOptions.DEFAULT);
    call(arbor, "[2] a blocked user", LoginState.of("u-666", "mallory", "203.0.113.9"), CallOptions.DEFAULT);
    call(arbor, "[3] an IPv6 login: the analytics plugin throws, the login goes on",
        LoginState.of("u-101", "grace", "2001:db8::1"), CallOptions.DEFAULT);
    call(arbor, "[4] with meta: the request id reaches every plugin",
        LoginState.of("u-100", "ada", "198.51.100.23"), CallOptions.defaults().withMeta(Map.of("request.id", "req-4711")));

    long before = await(arbor.registryState()).version();
    await(arbor.stop(SessionPlugin.NAME));
    printPlugins(arbor, "After stop(\"" + SessionPlugin.NAME + "\"): its dependent is held", changesAfter(changes, before, 2));
    call(arbor, "[5] while the session plugin is stopped", LoginState.of("u-100", "ada", "10.0.0.7"), CallOptions.DEFAULT);

    before = await(arbor.registryState()).version();
    await(arbor.enable(SessionPlugin.NAME));
    printPlugins(arbor, "After enable(\"" + SessionPlugin.NAME + "\"): both are back", changesAfter(changes, before, 2));
    call(arbor, "[6] back to normal", LoginState.of("u-101", "grace", "192.168.1.20"), CallOptions.DEFAULT);

    printHistory(arbor, SessionPlugin.NAME);
  }

  /**
   * The registry is journaled under ./arbor-data: a run killed between stop and enable leaves the
   * plugin stopped, one whose plugin failed too often (or was stopped from the panel) leaves it failed
   * or stopped. Each run starts with every plugin switched on again.
   */
  private static void enableIfLeftStopped(Arbor arbor) throws Exception {
    for (PluginRecord plugin : await(arbor.plugins(EVENT))) {
      if (plugin.status() == PluginStatus.STOPPED || plugin.status() == PluginStatus.FAILED) {
        await(arbor.enable(plugin.name()));
      }
    }
  }

  /**
   * The changes journaled after registry version {@code version}. They reach the listener
   * asynchronously, so wait up to 2 s for {@code expected} of them.
   */
  private static List<LifecycleChange> changesAfter(List<LifecycleChange> changes, long version, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (true) {
      List<LifecycleChange> after = changes.stream().filter(change -> change.version() > version).toList();
      if (after.size() >= expected || System.nanoTime() > deadline) {
        return after;
      }
      Thread.sleep(20);
    }
  }

  private static void call(Arbor arbor, String title, LoginState input, CallOptions options) throws Exception {
    CallResult<LoginState> result = await(arbor.call(LoginEvents.AFTER_LOGIN, input, options));
    System.out.println(CallReport.format(title, input, result));
  }

  private static void printPlugins(Arbor arbor, String title, List<LifecycleChange> changes) throws Exception {
    StringBuilder out = new StringBuilder(title).append('\n');
    for (PluginRecord plugin : await(arbor.plugins(EVENT))) {
      PluginDescriptor descriptor = plugin.descriptor();
      out.append(String.format(Locale.ROOT, "    %-16s %-10s priority %3d%s%n",
          plugin.name(),
          plugin.status().name().toLowerCase(Locale.ROOT),
          descriptor.priority(),
          descriptor.dependsOn().isEmpty() ? "" : "  depends on " + String.join(", ", descriptor.dependsOn())));
    }
    List<String> chain = arbor.chain(EVENT).map(ChainSnapshot::plugins).orElse(List.of());
    out.append("    chain: ").append(chain.isEmpty() ? "(empty)" : String.join(" -> ", chain)).append('\n');
    for (LifecycleChange change : changes) {
      out.append("    lifecycle: ").append(change.kind()).append(' ').append(change.plugin())
          .append(" (").append(change.reason()).append(")\n");
    }
    System.out.println(out);
  }

  /** The plugin's activity history, read back from the journal: every run's changes, oldest first. */
  private static void printHistory(Arbor arbor, String plugin) throws Exception {
    StringBuilder out = new StringBuilder("Activity history of " + plugin + ", from the journal\n");
    for (LifecycleChange change : await(arbor.history(plugin))) {
      out.append(String.format(Locale.ROOT, "    v%-4d %s  %s  %-10s %s%n",
          change.version(), TIME.format(change.at()), change.node(), change.kind(), change.reason()));
    }
    System.out.println(out);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
