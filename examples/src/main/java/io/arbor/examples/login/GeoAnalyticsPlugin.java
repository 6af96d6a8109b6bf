package io.arbor.examples.login;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;

/**
 * Tags each session with the network zone it came from. It has a bug on purpose: it only understands
 * IPv4 and throws for anything else. Arbor skips it for that call, reports the failure, restarts it,
 * and the login goes on.
 *
 * <p>It depends on the session plugin (it tags the session id), so it runs after it although its
 * priority number is lower, and it leaves the chain whenever the session plugin is not active.
 */
public final class GeoAnalyticsPlugin implements Plugin<LoginState> {
  public static final String NAME = "login.analytics";

  public static PluginDefinition<LoginState> definition() {
    return PluginDefinition.of(
        PluginDescriptor.builder(NAME, LoginEvents.AFTER_LOGIN).priority(5).dependsOn(SessionPlugin.NAME).build(),
        GeoAnalyticsPlugin::new);
  }

  @Override
  public Step<LoginState> call(LoginState state, CallContext context) {
    int[] octets = parseIpv4(state.ip());
    boolean internal = octets[0] == 10
        || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
        || (octets[0] == 192 && octets[1] == 168);
    String zone = internal ? "internal" : "external";
    String session = state.data().getOrDefault("session", "?");
    return Step.next(state.withData("zone", zone).withNote("analytics: " + session + " is " + zone));
  }

  private static int[] parseIpv4(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      octets[i] = Integer.parseInt(parts[i]);
      if (octets[i] < 0 || octets[i] > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
    }
    return octets;
  }
}
