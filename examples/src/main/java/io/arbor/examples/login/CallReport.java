package io.arbor.examples.login;

import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.chain.PluginFailure;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats one call of {@code user.after_login} as a few aligned lines. */
final class CallReport {
  private static final String INDENT = "    ";
  private static final String CONTINUED = INDENT + "          ";

  private CallReport() {}

  static String format(String title, LoginState input, CallResult<LoginState> result) {
    StringBuilder out = new StringBuilder();
    out.append(title).append('\n');
    line(out, "input", input.userName() + " (" + input.userId() + ") from " + input.ip());
    line(out, "ran", result.ran().isEmpty() ? "(no plugin)" : String.join(" -> ", result.ran()));
    line(out, "halted", result.haltedByPlugin().map(plugin -> "yes, by " + plugin).orElse("no"));
    if (result.failures().isEmpty()) {
      line(out, "failures", "none");
    } else {
      String label = "failures";
      for (PluginFailure failure : result.failures()) {
        line(out, label, failure.plugin() + " " + failure.kind() + ": " + failure.message());
        label = "";
      }
    }
    LoginState output = result.state();
    line(out, "output", "data  " + (output.data().isEmpty() ? "(none)" : describe(output.data())));
    for (String note : output.notes()) {
      out.append(CONTINUED).append("note  ").append(note).append('\n');
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append(INDENT).append(String.format("%-10s", label)).append(text).append('\n');
  }

  private static String describe(Map<String, String> data) {
    return data.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
  }
}
