package io.arbor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's package rules (STYLE.md, "Dependency rules"), read from the import lines of the main
 * sources: each package may depend only on the packages listed for it, and the package graph has no
 * cycle. The root's vocabulary (the base error, the serialization marker, the argument error) is a
 * node of its own, so that every package may use it while the root itself depends on everything.
 */
class PackageRulesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final String RUNTIME = "io.arbor.runtime";
  private static final String PLUGIN_API = "io.arbor.plugin";
  private static final String VOCABULARY = "vocabulary";
  private static final Set<String> VOCABULARY_CLASSES =
      Set.of("ArborException", "ArborSerializable", "InvalidArgumentException");

  /** Package → the packages it may import from, besides itself, the JDK and third-party libraries. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry(VOCABULARY, Set.of()),
      Map.entry("persistence", Set.of(VOCABULARY)),
      Map.entry("catalog", Set.of(PLUGIN_API)),
      Map.entry("store", Set.of(PLUGIN_API)),
      // admin and metrics: the public API only, the facade and its value types (the call observer's among them)
      Map.entry("admin", Set.of(PLUGIN_API, VOCABULARY, "root", "registry", "install", "health", "metrics")),
      Map.entry("metrics", Set.of(VOCABULARY, "root", "chain", "registry")),
      Map.entry("registry", Set.of(PLUGIN_API, VOCABULARY)),
      Map.entry("chain", Set.of(PLUGIN_API, VOCABULARY, "registry", "catalog", "store")),
      Map.entry("health", Set.of(PLUGIN_API, VOCABULARY, "chain", "registry", "catalog")),
      Map.entry("cluster", Set.of(VOCABULARY, "registry")),
      Map.entry("install", Set.of(PLUGIN_API, VOCABULARY, "catalog", "registry")),
      Map.entry("root", Set.of(PLUGIN_API, VOCABULARY, "registry", "catalog", "chain", "health", "cluster",
          "persistence", "install", "store")));

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(io\\.arbor\\.[\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern INLINE_NAME = Pattern.compile("\\bio\\.arbor\\.runtime\\.[a-z]\\w*\\.[A-Z]");

  @Test
  void everyPackageImportsOnlyWhatItsRuleAllows() {
    Map<String, Set<String>> graph = graphOf(readSources());
    assertTrue(graph.keySet().containsAll(List.of("root", "registry", "chain", "health", "cluster")),
        "the scan found the runtime's packages: " + graph.keySet());
    assertEquals(List.of(), violations(graph));
  }

  @Test
  void thePackageGraphHasNoCycle() {
    assertEquals(List.of(), cycles(graphOf(readSources())));
  }

  @Test
  void codeNamesOtherPackagesThroughImportsNotInlineQualifiedNames() {
    List<String> inline = new ArrayList<>();
    readSources().forEach((file, source) -> {
      String code = codeOf(source);
      if (INLINE_NAME.matcher(code).find()) {
        inline.add(file);
      }
    });
    assertEquals(List.of(), inline, "an inline qualified name would slip past the import rules");
  }

  @Test
  void theCheckerReportsAForbiddenImportAndACycle() {
    Map<String, String> sources = Map.of(
        "io/arbor/runtime/registry/Leaky.java",
        "package io.arbor.runtime.registry;\nimport io.arbor.runtime.chain.Hop;\nclass Leaky {}\n",
        "io/arbor/runtime/chain/Fine.java",
        "package io.arbor.runtime.chain;\nimport static io.arbor.runtime.registry.Leaky.x;\nclass Fine {}\n");
    Map<String, Set<String>> graph = graphOf(sources);

    assertEquals(List.of("registry imports chain"), violations(graph));
    assertEquals(List.of("chain -> registry -> chain"), cycles(graph));
    assertFalse(ALLOWED.containsKey("webhooks"), "a new package needs a rule before it lands");
    assertEquals(List.of("webhooks has no rule"), violations(Map.of("webhooks", Set.of())));
  }

  private static Map<String, String> readSources() {
    Path root = SOURCES.resolve(RUNTIME.replace('.', '/'));
    try (Stream<Path> files = Files.walk(root)) {
      Map<String, String> sources = new TreeMap<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.put(SOURCES.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File path → source text, to package → the Arbor packages it imports from. */
  private static Map<String, Set<String>> graphOf(Map<String, String> sources) {
    Map<String, Set<String>> graph = new TreeMap<>();
    sources.forEach((file, source) -> {
      String from = nodeOf(file.substring(0, file.length() - ".java".length()).replace('/', '.'));
      Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher imported = IMPORT.matcher(source);
      while (imported.find()) {
        String to = nodeOf(imported.group(1));
        if (!to.equals(from)) {
          targets.add(to);
        }
      }
    });
    return graph;
  }

  /** The rule node of a fully qualified name (a class, or a static member of one). */
  private static String nodeOf(String name) {
    if (name.startsWith(PLUGIN_API + ".")) {
      return PLUGIN_API;
    }
    String rest = name.substring(RUNTIME.length() + 1);
    String first = rest.split("\\.")[0];
    if (first.equals("package-info")) {
      return "root";
    }
    if (Character.isUpperCase(first.charAt(0))) {
      return VOCABULARY_CLASSES.contains(first) ? VOCABULARY : "root";
    }
    return first;
  }

  private static List<String> violations(Map<String, Set<String>> graph) {
    List<String> found = new ArrayList<>();
    graph.forEach((from, targets) -> {
      Set<String> allowed = ALLOWED.get(from);
      if (allowed == null) {
        found.add(from + " has no rule");
        return;
      }
      targets.stream().filter(to -> !allowed.contains(to)).forEach(to -> found.add(from + " imports " + to));
    });
    return found;
  }

  private static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : graph.keySet()) {
      walk(start, graph, new ArrayList<>(), done, found);
    }
    return found;
  }

  private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
      List<String> found) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      found.add(String.join(" -> ", cycle));
      return;
    }
    if (done.contains(node)) {
      return;
    }
    path.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      walk(next, graph, path, done, found);
    }
    path.remove(path.size() - 1);
    done.add(node);
  }

  /** The code of a source file: no comments, no import or package lines. */
  private static String codeOf(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
        .replaceAll("(?m)^(import|package)\\s[^\n]*", "");
  }
}
