package dev.iqmon.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The HTTP side of {@link SchemaRegistryClient}: one JSON request at a time, with basic auth,
 * request timeouts, retries for failures that may pass, and the registry's errors turned into
 * {@link SchemaRegistryException}s that name the operation, the registry and its error code.
 */
final class RegistryHttp {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT = CONTENT_TYPE + ", application/json;q=0.9";
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final HttpClient http;
  private final URI baseUri;
  private final Optional<String> authorization;
  private final Optional<String> user;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final ObjectMapper json;

  RegistryHttp(
      HttpClient http,
      URI baseUri,
      Optional<String> userInfo,
      Duration requestTimeout,
      RetryPolicy retry,
      ObjectMapper json) {
    this.http = http;
    this.baseUri = baseUri;
    this.authorization = userInfo.map(RegistryHttp::basicAuthorization);
    this.user = userInfo.map(info -> info.split(":", 2)[0]);
    this.requestTimeout = requestTimeout;
    this.retry = retry;
    this.json = json;
  }

  /** The registry's base URL, without credentials. */
  URI baseUri() {
    return baseUri;
  }

  /**
   * Sends one request and returns the parsed JSON answer.
   *
   * @param what the operation in words, for error messages ("register a schema under subject x")
   * @param body the JSON body, or null for none
   */
  JsonNode send(String what, String method, String path, JsonNode body) {
    HttpRequest request = request(method, path, body);
    String lastFailure = "";
    Throwable lastCause = null;
    int lastStatus = 0;
    int lastCode = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status < 300) {
          return parse(what, response.body());
        }
        ErrorBody error = errorBody(response.body());
        if (status < 500) {
          throw clientError(what, status, error);
        }
        lastFailure = describe(status, error);
        lastStatus = status;
        lastCode = error.code();
        lastCause = null;
      } catch (IOException e) { // refused, reset, timed out
        lastFailure = e.toString();
        lastCause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnreachableException(
            "Interrupted while trying to " + what + " at " + baseUri, 0, 0, e);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new RegistryUnreachableException(
            String.format(
                "Schema registry at %s did not answer usefully after %d attempt(s) to %s: %s",
                baseUri, attempt, what, lastFailure),
            lastStatus,
            lastCode,
            lastCause);
      }
      pause(retry.backoffAfter(attempt), what);
    }
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUri + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT)
            .method(method, publisher);
    if (body != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder.build();
  }

  private JsonNode parse(String what, String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "Schema registry at "
              + baseUri
              + " answered a request to "
              + what
              + " with non-JSON: "
              + abbreviate(body),
          200,
          0,
          e);
    }
  }

  private SchemaRegistryException clientError(String what, int status, ErrorBody error) {
    String message = "Cannot " + what + ": " + describe(status, error) + ", registry " + baseUri;
    if (status == 401 || status == 403) {
      String who = user.map(u -> "user '" + u + "'").orElse("no credentials configured");
      return new RegistryAuthenticationException(message + " (" + who + ")", status, error.code());
    }
    if (status == 409) {
      return new IncompatibleSchemaException(message, status, error.code());
    }
    if (status == 404 && error.code() / 100 == 404) {
      return new SchemaNotFoundException(message, status, error.code());
    }
    if (status == 404) {
      return new SchemaRegistryException(
          message + " (no such endpoint: is the URL that of the Confluent-compatible API?)",
          status,
          error.code());
    }
    return new SchemaRegistryException(message, status, error.code());
  }

  private ErrorBody errorBody(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        return new ErrorBody(node.path("error_code").asInt(0), node.path("message").asText(""));
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page, say): the raw text is the best message there is.
    }
    return new ErrorBody(0, abbreviate(body));
  }

  private static String describe(int status, ErrorBody error) {
    String code = error.code() == 0 ? "" : ", error_code " + error.code();
    return error.message() + " (HTTP " + status + code + ")";
  }

  private void pause(Duration delay, String what) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnreachableException(
          "Interrupted while waiting to retry to " + what + " at " + baseUri, 0, 0, e);
    }
  }

  private static String basicAuthorization(String userInfo) {
    byte[] credentials = userInfo.getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(credentials);
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return flat.length() <= MAX_BODY_IN_MESSAGE
        ? flat
        : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  private record ErrorBody(int code, String message) {}
}
