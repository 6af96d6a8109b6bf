package io.arbor.examples.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.examples.login.BlocklistPlugin;
import io.arbor.examples.login.GeoAnalyticsPlugin;
import io.arbor.examples.login.LoginAuditPlugin;
import io.arbor.examples.login.LoginEvents;
import io.arbor.examples.login.LoginState;
import io.arbor.examples.login.SessionPlugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.registry.PluginRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One node of {@link ClusterDemo}'s cluster: a service that embeds Arbor with the login example's
 * event and the code of its four plugins, joined to the others through {@code arbor-local-cluster.conf}
 * (cluster-config's profile for a journal on an H2 TCP server). It registers nothing by itself; it
 * answers one line per command read from standard input, so that the demo can steer it:
 *
 * <pre>
 * register &lt;plugin&gt;   stop &lt;plugin&gt;   enable &lt;plugin&gt;   call &lt;user&gt;
 * calls &lt;seconds&gt;     (logins without pause; counts those answered cleanly and the others)
 * status              members              quit
 * </pre>
 *
 * Arguments: the node's name, its cluster port and the seed's port. Logs go to standard error.
 */
public final class DemoNode {
  private static final Map<String, PluginDefinition<?>> CODE = Stream.of(
          LoginAuditPlugin.definition(),
          BlocklistPlugin.definition(List.of("mallory")),
          SessionPlugin.definition(),
          GeoAnalyticsPlugin.definition())
      .collect(Collectors.toMap(definition -> definition.descriptor().name(), Function.identity()));

  private final Arbor arbor;

  private DemoNode(Arbor arbor) {
    this.arbor = arbor;
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Config node = ConfigFactory.parseMap(Map.of(
        "arbor.node-name", name,
        // A change is acknowledged once every reachable member's chains reflect it, so that the demo's
        // next step, on another node, sees it. The default (this-node) acknowledges once the journal has
        // it and this node's chains reflect it; the other members follow within milliseconds.
        "arbor.registry.acknowledge-on", "all-members",
        "pekko.remote.artery.canonical.port", Integer.parseInt(args[1]),
        "pekko.cluster.seed-nodes", List.of("pekko://arbor@127.0.0.1:" + args[2])));
    try (Arbor arbor = Arbor.builder()
        .systemName("arbor") // the same name on every node of one cluster
        .config(node.withFallback(ConfigFactory.parseResources("arbor-local-cluster.conf")))
        .event(LoginEvents.AFTER_LOGIN)
        .provide(CODE.values().toArray(PluginDefinition<?>[]::new))
        .start()) {
      System.out.println("READY " + arbor.system().address());
      System.out.flush();
      new DemoNode(arbor).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }
  }

  private void serve(BufferedReader commands) throws Exception {
    for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
      String[] words = line.trim().split("\\s+", 2);
      String reply;
      try {
        reply = answer(words[0], words.length > 1 ? words[1] : "");
      } catch (CompletionException e) {
        reply = refusal(e.getCause());
      } catch (RuntimeException e) {
        reply = refusal(e);
      }
      System.out.println(reply);
      System.out.flush();
    }
  }

  private String answer(String command, String argument) {
    return switch (command) {
      case "register" -> {
        PluginDefinition<?> definition = CODE.get(argument);
        yield definition == null ? "refused unknown_plugin no code for '" + argument + "' on this node"
            : acknowledged(arbor.register(definition));
      }
      case "stop" -> acknowledged(arbor.stop(argument));
      case "enable" -> acknowledged(arbor.enable(argument));
      case "call" -> describe(join(arbor.call(LoginEvents.AFTER_LOGIN, LoginState.of("u-" + argument, argument, "10.0.0.7"))));
      case "calls" -> calls(Integer.parseInt(argument));
      case "status" -> status();
      case "members" -> join(arbor.memberVersions()).stream()
          .map(member -> member.node() + " applied=" + member.applied()).sorted()
          .collect(Collectors.joining(", ", "members ", ""));
      default -> "refused unknown_command '" + command + "'";
    };
  }

  private String acknowledged(CompletionStage<PluginRecord> change) {
    PluginRecord record = join(change);
    return String.format(Locale.ROOT, "ok %s %s, registry version %d", record.descriptor().name(), record.status(),
        arbor.appliedVersion());
  }

  private static String describe(CallResult<LoginState> result) {
    return "ran " + (result.ran().isEmpty() ? "(no plugin)" : String.join(" -> ", result.ran()))
        + (result.halted() ? ", halted by " + result.haltedBy() : "")
        + (result.notLoaded().isEmpty() ? "" : ", not loaded " + result.notLoaded());
  }

  /** Logins back to back for a while, the way a busy node serves them, and what became of each. */
  private String calls(int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long answered = 0;
    long failed = 0;
    while (System.nanoTime() < end) {
      try {
        CallResult<LoginState> result = join(arbor.call(LoginEvents.AFTER_LOGIN, LoginState.of("u-1", "ada", "10.0.0.7")));
        if (result.clean()) {
          answered++;
        } else {
          failed++;
        }
      } catch (CompletionException e) {
        failed++;
      }
    }
    return "calls answered=" + answered + " failed=" + failed;
  }

  private String status() {
    String plugins = join(arbor.plugins()).stream()
        .map(record -> record.descriptor().name() + "=" + record.status())
        .sorted().collect(Collectors.joining(" "));
    return "status applied=" + arbor.appliedVersion() + " " + plugins;
  }

  private static String refusal(Throwable error) {
    return error instanceof ArborException arbor ? "refused " + arbor.code() + " " + arbor.getMessage()
        : "refused " + error;
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
