package io.arbor.runtime.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request Pekko HTTP refuses before any route sees it (a malformed request target,
 * a URI or headers too long, an unknown method): the admin API's JSON error rather than Pekko's plain
 * text. Named in the admin server's own settings ({@code parsing.error-handler}), so the
 * application's servers keep theirs.
 */
public final class ParsingErrors extends ParsingErrorHandler {
  private static final ObjectMapper JSON = AdminRoutes.mapper();

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    int code = status.intValue();
    String name = switch (code) {
      case 413, 414, 431 -> "too_large";
      case 501 -> "method_not_allowed";
      default -> "malformed";
    };
    log.debug("Admin API refused a request before routing: {} {}", code, info.formatPretty());
    try {
      byte[] body = JSON.writeValueAsBytes(new Views.Error(name, status.reason() + ": " + info.summary(), null));
      return HttpResponse.create().withStatus(code).withEntity(ContentTypes.APPLICATION_JSON, body);
    } catch (JsonProcessingException e) {
      return HttpResponse.create().withStatus(code);
    }
  }
}
