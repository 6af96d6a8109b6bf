package io.arbor.runtime.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.Operator;
import io.arbor.runtime.SettingsRefusedException;
import io.arbor.runtime.install.InstallException;
import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.PauseMode;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes, over the {@link Arbor} facade alone. Reads are {@code GET}; every other
 * method changes state and needs the bearer token (and so does every request when the server is not
 * on a loopback address). Every error is a JSON {@link Views.Error}, never a stack trace. The web
 * panel's files are served at {@code /} and {@code /panel/}.
 */
public final class AdminRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  private static final List<String> PLUGIN_OPERATIONS = List.of("start", "restart", "stop", "enable", "unregister");
  private static final int MAX_PAGE = 500;
  private static final Duration INSTALL_WAIT = Duration.ofMinutes(5);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String PANEL = "io/arbor/runtime/admin/panel";
  /** The panel loads nothing but its own files, is never framed, and leaks no address in a Referer. */
  private static final List<HttpHeader> PANEL_HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"));

  private final Arbor arbor;
  private final AdminSettings settings;
  private final BearerToken token;
  private final ObjectMapper json;
  private final AdminMetrics metrics;
  private final boolean loopback;

  /** @param metrics the node's meters and where they are scraped from, or null when metrics are off */
  public AdminRoutes(Arbor arbor, AdminSettings settings, String token, AdminMetrics metrics) {
    this.arbor = arbor;
    this.settings = settings;
    this.token = new BearerToken(token);
    this.json = mapper();
    this.metrics = metrics;
    this.loopback = settings.loopback(); // resolves the host: once, not per request
  }

  /** No default typing, no unknown fields, bounded nesting and strings: a request body is data, never a class to build. */
  static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1_000_000).build());
    return mapper;
  }

  public Route route() {
    return withRequestTimeoutResponse(request -> json(503, new Views.Error("request_timeout",
        "The server stopped waiting for the answer; the operation may still complete: the history will show it.", null)),
        () -> handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
        pathPrefix("api", () -> authorized(operator -> withSizeLimit(settings.maxUploadBytes(), () -> concat(
            reads(),
            pluginChanges(operator),
            eventChanges(operator),
            runtimeChanges(operator),
            installChanges(operator),
            pathEndOrSingleSlash(() -> error(404, "not_found", "No such route; /api/openapi.json describes them.", null)))))),
        panel()))));
  }

  /**
   * The web panel's static files, without a token even off loopback: a browser cannot send a header
   * when it loads a page, and the files hold no data (every {@code /api} call the panel makes carries
   * the token). The path first, so that another method on them is a 405 and any other path a 404.
   */
  private Route panel() {
    return respondWithHeaders(PANEL_HEADERS, () -> concat(
        pathEndOrSingleSlash(() -> get(() -> getFromResource(PANEL + "/index.html", ContentTypes.TEXT_HTML_UTF8))),
        pathPrefix("panel", () -> get(() -> concat(
            pathEndOrSingleSlash(() -> redirect(Uri.create("/"), StatusCodes.MOVED_PERMANENTLY)), // the panel is at /
            getFromResourceDirectory(PANEL))))));
  }

  /** Each path first, then its method: a method directive that matches would cancel the other routes' method rejections. */
  private Route reads() {
    return concat(
        path("info", () -> get(() -> answer(arbor::info))),
        path("feed", () -> get(this::feed)),
        path("openapi.json", () -> get(() -> getFromResource("io/arbor/runtime/admin/openapi.json", ContentTypes.APPLICATION_JSON))),
        path("health", () -> get(() -> answer(arbor::health))),
        path("figures", () -> get(() -> metrics == null ? metricsOff()
            : answer(() -> CompletableFuture.completedFuture(metrics.arbor().figures())))),
        path("metrics", () -> get(() -> metrics == null ? metricsOff()
            : complete(HttpResponse.create().withEntity(HttpEntities.create(AdminMetrics.PROMETHEUS, metrics.prometheus().scrape()))))),
        path("members", () -> get(() -> answer(arbor::memberVersions))),
        path("installations", () -> get(() -> answer(() -> arbor.installations().thenApply(found -> List.copyOf(found.values()))))),
        path("events", () -> get(() -> answer(() -> arbor.registryState().thenApply(this::events)))),
        path(PathMatchers.segment("events").slash(PathMatchers.segment()), event -> get(() -> answer(() -> arbor.registryState()
            .thenApply(state -> events(state).stream().filter(view -> view.name().equals(event)).findFirst()
                .orElseThrow(() -> new LifecycleException(LifecycleException.Reason.EVENT_HAS_NO_PLUGINS, event, List.of(),
                    "No plugin is registered for event '" + event + "'.")))))),
        path("plugins", () -> get(() -> answer(() -> arbor.registryState().thenApply(state ->
            state.plugins().values().stream().map(record -> Views.Plugin.of(record, state)).toList())))),
        path(PathMatchers.segment("plugins").slash(PathMatchers.segment()), name -> get(() -> answer(() -> arbor.registryState()
            .thenApply(state -> Views.Plugin.of(state.plugin(name).orElseThrow(() -> LifecycleException.pluginNotFound(name)), state))))),
        path("history", () -> get(() -> parameterOptional("plugin", plugin -> parameterOptional("kind", kind ->
            parameterOptional("offset", offset -> parameterOptional("limit", limit ->
                answer(() -> history(plugin, kind, count("offset", offset, 0, Integer.MAX_VALUE), count("limit", limit, 50, MAX_PAGE))))))))));
  }

  private Route metricsOff() {
    return error(404, "metrics_off", "Metrics are off on this node (arbor.admin.metrics = off).", null);
  }

  private Route pluginChanges(Operator operator) {
    return concat(
        path(PathMatchers.segment("plugins").slash(PathMatchers.segment()).slash("settings"), name -> concat(
            put(() -> withBody(body -> changed(operator.configure(name, body).thenApply(List::of)))),
            delete(() -> answerChanged(() -> operator.resetSettings(name).thenApply(List::of))))),
        path(PathMatchers.segment("plugins").slash(PathMatchers.segment()).slash(PathMatchers.segment()), (name, operation) ->
            operation.equals("settings") ? reject() // the settings route's method rejections stand: a 405
                : post(() -> answerChanged(() -> operator.apply(operation(operation), Target.plugin(name))))));
  }

  private Route eventChanges(Operator operator) {
    return concat(
        path(PathMatchers.segment("events").slash(PathMatchers.segment()).slash("settings"), event ->
            put(() -> withBody(body -> changed(operator.configureEvent(event, body))))),
        path(PathMatchers.segment("events").slash(PathMatchers.segment()).slash(PathMatchers.segment()), (event, operation) ->
            operation.equals("settings") ? reject() : post(() -> switch (operation) {
              case "pause" -> parameterOptional("mode", mode -> answerDone(() -> mode.isPresent()
                  ? operator.pause(event, pauseMode(mode.get())) : operator.pause(event)));
              case "resume" -> answerDone(() -> operator.resume(event));
              default -> answerChanged(() -> operator.apply(operation(operation), Target.event(event)));
            })));
  }

  private Route runtimeChanges(Operator operator) {
    return concat(
        path("drain", () -> post(() -> answerDone(operator::drain))),
        path(PathMatchers.segment("all").slash(PathMatchers.segment()), operation -> post(() -> switch (operation) {
          case "pause" -> parameterOptional("mode", mode -> answerDone(() -> mode.isPresent()
              ? operator.pauseAll(pauseMode(mode.get())) : operator.pauseAll()));
          case "resume" -> answerDone(operator::resumeAll);
          default -> answerChanged(() -> operator.apply(operation(operation), Target.all()));
        })));
  }

  /** Installs fetch, check, load and journal an artifact: longer than the server's usual 20 s (the download alone may take 60). */
  private Route installChanges(Operator operator) {
    return withRequestTimeout(INSTALL_WAIT, () -> concat(
        path("installations", () -> post(() -> withBody(body -> answer(() -> operator.install(installRequest(body)))))),
        path(PathMatchers.segment("installations").slash("upload"), () -> post(() -> parameterOptional("sha256", sha256 ->
            extractDataBytes(bytes -> extractMaterializer(materializer -> completeWithFuture(
                bytes.runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
                    .thenCompose(jar -> upload(operator, jar, sha256))
                    .handle(this::respond))))))),
        path(PathMatchers.segment("installations").slash(PathMatchers.segment()), name ->
            delete(() -> answer(() -> operator.uninstall(name))))));
  }

  /**
   * Server-sent events: each lifecycle change as it is applied on this node, as JSON (event type
   * {@code change}), and a heartbeat every 15 s. A client too slow to read loses the oldest changes
   * first (at most 256 wait), never the node's memory.
   */
  private Route feed() {
    Source<ServerSentEvent, NotUsed> changes = Source.<LifecycleChange>queue(256, OverflowStrategy.dropHead())
        .mapMaterializedValue(queue -> {
          AutoCloseable subscription = arbor.onLifecycleChange(queue::offer);
          queue.watchCompletion().whenComplete((done, error) -> closeQuietly(subscription));
          return NotUsed.getInstance();
        })
        .map(change -> ServerSentEvent.create(json.writeValueAsString(change), "change"))
        .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat);
    return completeOK(changes, EventStreamMarshalling.toEventStream());
  }

  private static void closeQuietly(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("Admin API: closing a feed's subscription failed", e);
    }
  }

  // ---- what the routes answer -------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private Route answer(Supplier<? extends CompletionStage<?>> action) {
    return completeWithFuture(attempt((Supplier<CompletionStage<Object>>) action).handle(this::respond));
  }

  private Route answerDone(Supplier<? extends CompletionStage<Void>> action) {
    return completeWithFuture(attempt(action).thenApply(done -> Map.of("done", true)).handle(this::respond));
  }

  private Route answerChanged(Supplier<? extends CompletionStage<List<PluginRecord>>> action) {
    return changed(attempt(action));
  }

  private Route changed(CompletionStage<? extends List<PluginRecord>> records) {
    return completeWithFuture(records.thenCompose(changed -> arbor.registryState().thenApply(state -> new Views.Changed(
        changed.stream().map(record -> Views.Plugin.of(state.plugin(record.name()).orElse(record), state)).toList())))
        .handle(this::respond));
  }

  /** An action that throws at once (an invalid argument) fails its stage instead. */
  private static <T> CompletionStage<T> attempt(Supplier<? extends CompletionStage<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private HttpResponse respond(Object value, Throwable error) {
    if (error == null) {
      return json(200, value);
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof EntityStreamSizeException) {
      return json(413, tooLarge());
    }
    if (cause instanceof ArborException refused) {
      return json(ErrorStatus.of(refused.code()), new Views.Error(refused.code(), refused.getMessage(), fieldOf(refused)));
    }
    log.warn("Admin API: a request failed unexpectedly", cause);
    return json(500, new Views.Error("internal", "The request failed unexpectedly; the node's log has the details.", null));
  }

  private static String fieldOf(ArborException error) {
    if (error instanceof InvalidArgumentException invalid) {
      return invalid.argument();
    }
    if (error instanceof LifecycleException lifecycle) {
      return lifecycle.subject();
    }
    if (error instanceof InstallException install) {
      return install.field();
    }
    if (error instanceof SettingsRefusedException refused) {
      return refused.plugin();
    }
    return null;
  }

  private HttpResponse json(int status, Object value) {
    try {
      return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      log.warn("Admin API: could not write an answer as JSON", e);
      return HttpResponse.create().withStatus(500).withEntity(ContentTypes.APPLICATION_JSON,
          "{\"code\":\"internal\",\"message\":\"The answer could not be written as JSON.\",\"field\":null}");
    }
  }

  private Route error(int status, String code, String message, String field) {
    return complete(json(status, new Views.Error(code, message, field)));
  }

  // ---- requests -----------------------------------------------------------------------------

  /**
   * Reads need the token only off loopback; every other method always does. A change is logged with
   * its method, path and client, and made as the operator {@code admin API, <client address>}, which
   * the journal keeps with it.
   */
  private Route authorized(Function<Operator, Route> inner) {
    return extractMethod(method -> optionalHeaderValueByName("Authorization", header -> {
      boolean read = method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD);
      if ((read && loopback) || token.admits(header)) {
        return extractClientIP(client -> extractUri(uri -> {
          String address = client.getAddress().map(InetAddress::getHostAddress).orElse("unknown address");
          if (!read) {
            log.info("Admin API: {} {} from {}", method.name(), uri.path(), address);
          }
          return inner.apply(arbor.operator("admin API, " + address));
        }));
      }
      return error(401, "unauthorized", header.isPresent() ? "The bearer token is not the admin token."
          : "This request needs the admin token: send Authorization: Bearer <arbor.admin.token>.", "Authorization");
    }));
  }

  /** A JSON body within the body limit, parsed; a body that is not JSON is a 400 naming it malformed. */
  private Route withBody(Function<Map<String, Object>, Route> inner) {
    // The whole body first, within the body timeout: one that trickles in gets a JSON 408, not a dropped connection.
    return withSizeLimit(settings.maxBodyBytes(), () -> toStrictEntity(settings.bodyTimeout(), () -> extractRequestEntity(entity -> {
      if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        return error(415, "unsupported_media_type", "The body must be JSON, sent as Content-Type: application/json (was "
            + entity.getContentType() + ").", "Content-Type");
      }
      return entity(Unmarshaller.entityToString(), text -> parsed(text, inner));
    })));
  }

  private Route parsed(String text, Function<Map<String, Object>, Route> inner) {
    Map<String, Object> body;
    try {
      body = json.readValue(text, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    } catch (MismatchedInputException e) {
      return error(400, "malformed", "The body is not a JSON object (it must be {\"key\": value, ...}).", "body");
    } catch (JsonProcessingException e) {
      // The parser's own words about the syntax, without its location dump or the class it was building.
      return error(400, "malformed", "The body is not a JSON object: " + e.getOriginalMessage(), "body");
    }
    if (body == null) {
      return error(400, "malformed", "The body is not a JSON object: null", "body");
    }
    String infinite = nonFinite("body", body);
    if (infinite != null) {
      return error(400, "invalid_argument", infinite + " is a number too large for a double", infinite);
    }
    return inner.apply(body);
  }

  /** The path of a number that overflowed to infinity while parsing (JSON has no infinity), or null. */
  private static String nonFinite(String path, Object value) {
    if (value instanceof Double number && !Double.isFinite(number)) {
      return path;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String found = nonFinite(path + "." + entry.getKey(), entry.getValue());
        if (found != null) {
          return found;
        }
      }
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String found = nonFinite(path + "[" + i + "]", list.get(i));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Operation operation(String name) {
    if (!PLUGIN_OPERATIONS.contains(name)) {
      throw new InvalidArgumentException("operation", "must be one of " + String.join(", ", PLUGIN_OPERATIONS) + " (was " + name + ")");
    }
    return Operation.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static PauseMode pauseMode(String mode) {
    return switch (mode) {
      case "refuse" -> PauseMode.REFUSE;
      case "hold" -> PauseMode.HOLD;
      default -> throw new InvalidArgumentException("mode", "must be refuse or hold (was " + mode + ")");
    };
  }

  private static int count(String name, Optional<String> given, int fallback, int max) {
    if (given.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(given.get());
      if (value < 0 || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(name, "must be a whole number from 0 to " + max + " (was " + given.get() + ")");
    }
  }

  private static InstallRequest installRequest(Map<String, Object> body) {
    for (String key : body.keySet()) {
      if (!List.of("maven", "url", "name", "version", "sha256").contains(key)) {
        throw new InvalidArgumentException(key, "is not a field of an install request (maven or url, and name, version, sha256)");
      }
    }
    String maven = text(body, "maven");
    String url = text(body, "url");
    if ((maven == null) == (url == null)) {
      throw new InvalidArgumentException("maven", "or url: exactly one must be given (upload a file to /api/installations/upload)");
    }
    InstallRequest request;
    if (maven != null) {
      request = InstallRequest.maven(maven);
    } else {
      try {
        request = InstallRequest.url(URI.create(url));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("url", "is not a URI (was " + url + ")");
      }
    }
    String name = text(body, "name");
    String version = text(body, "version");
    String sha256 = text(body, "sha256");
    request = name == null ? request : request.named(name);
    request = version == null ? request : request.version(version);
    return sha256 == null ? request : request.sha256(sha256);
  }

  private static String text(Map<String, Object> body, String key) {
    Object value = body.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidArgumentException(key, "must be a string");
  }

  /** An uploaded JAR goes through a temporary file, removed once the install has read it. */
  private CompletionStage<Object> upload(Operator operator, ByteString jar, Optional<String> sha256) {
    if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
      return CompletableFuture.failedFuture(new InvalidArgumentException("sha256", "must be 64 hexadecimal digits (was "
          + sha256.get().length() + " characters)"));
    }
    Path file;
    try {
      file = Files.createTempFile("arbor-upload-", ".jar");
      Files.write(file, jar.toArray());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return attempt(() -> operator.install(sha256.map(pin -> InstallRequest.file(file).sha256(pin)).orElse(InstallRequest.file(file))))
        .<Object>thenApply(installed -> installed)
        .whenComplete((done, error) -> {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            log.warn("Admin API: could not remove the uploaded file {}", file, e);
          }
        });
  }

  // ---- views --------------------------------------------------------------------------------

  private List<Views.Event> events(RegistryState state) {
    List<Views.Event> events = new ArrayList<>();
    for (String event : state.events()) {
      List<Views.Plugin> plugins = state.pluginsOf(event).stream()
          .sorted(Comparator.comparingInt((PluginRecord record) -> record.descriptor().priority()).thenComparing(PluginRecord::name))
          .map(record -> Views.Plugin.of(record, state)).toList();
      events.add(arbor.chain(event)
          .map(chain -> new Views.Event(event, chain.isPaused(), chain.plugins(), chain.notLoaded(), plugins))
          .orElse(new Views.Event(event, false, List.of(), List.of(), plugins)));
    }
    return events;
  }

  private CompletionStage<Views.History> history(Optional<String> plugin, Optional<String> kind, int offset, int limit) {
    Optional<LifecycleChange.Kind> wanted = kind.map(name -> {
      try {
        return LifecycleChange.Kind.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("kind", "must be a kind of change, such as STOPPED or CONFIGURED (was " + name + ")");
      }
    });
    return (plugin.isPresent() ? arbor.history(plugin.get()) : arbor.history()).thenApply(changes -> {
      List<LifecycleChange> newestFirst = new ArrayList<>(changes.stream().filter(change -> wanted.isEmpty() || change.kind() == wanted.get())
          .toList());
      Collections.reverse(newestFirst);
      int from = Math.min(offset, newestFirst.size());
      return new Views.History(newestFirst.size(), offset, limit, List.copyOf(newestFirst.subList(from, Math.min(newestFirst.size(), from + limit))));
    });
  }

  // ---- errors outside the routes ----------------------------------------------------------

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(json(413, tooLarge())))
        // What toStrictEntity fails with when the body takes longer than the body timeout (status 408).
        .match(IllegalRequestException.class, e -> complete(e.status().intValue() == 408
            ? json(408, new Views.Error("request_timeout", "The body did not arrive whole within " + settings.bodyTimeout().toMillis()
                + " ms (arbor.admin.body-timeout).", "body"))
            : json(e.status().intValue(), new Views.Error("malformed", e.info().summary(), null))))
        .match(ArborException.class, e -> complete(respond(null, e)))
        .matchAny(e -> complete(respond(null, e)))
        .build();
  }

  private Views.Error tooLarge() {
    return new Views.Error("too_large", "The body is larger than the limit (" + settings.maxBodyBytes() + " bytes for JSON, "
        + settings.maxUploadBytes() + " for an upload).", "body");
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, rejections -> {
          String allowed = rejections.stream().map(rejection -> rejection.supported().name()).distinct().sorted()
              .collect(Collectors.joining(", "));
          return respondWithHeader(RawHeader.create("Allow", allowed), () -> error(405, "method_not_allowed",
              "This route does not take that method; it takes " + allowed + ".", null));
        })
        .handle(UnsupportedRequestContentTypeRejection.class, rejection -> error(415, "unsupported_media_type",
            "The body must be application/json (or a JAR for an upload).", "Content-Type"))
        .handle(MalformedQueryParamRejection.class, rejection -> error(400, "malformed", rejection.errorMsg(), rejection.parameterName()))
        .handleNotFound(error(404, "not_found", "No such route.", null))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON) ? response
            : response.status().intValue() == 413 ? json(413, tooLarge())
            : json(response.status().intValue(), new Views.Error("malformed", response.status().reason(), null)));
  }
}
