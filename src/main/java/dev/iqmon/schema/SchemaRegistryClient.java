package dev.iqmon.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistry} over the Confluent REST API, for Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7} and other registries that speak it.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached for the life of the client: both are
 * immutable in the registry. Credentials come from the URL's user info ({@code
 * http://user:secret@host:8081}) or {@link Builder#basicAuth}. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

  private final RegistryHttp http;
  private final ObjectMapper json;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  private SchemaRegistryClient(RegistryHttp http, ObjectMapper json) {
    this.http = http;
    this.json = json;
  }

  /** A client with the default timeouts and retries. */
  public static SchemaRegistryClient create(String url) {
    return builder(url).build();
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The registry's base URL, without credentials. */
  public URI url() {
    return http.baseUri();
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    String what = "register a schema under subject '" + subject + "'";
    JsonNode answer =
        http.send(what, "POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema));
    return remember(key, requireId(answer, what));
  }

  @Override
  public int idOf(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    String what = "look up a schema under subject '" + subject + "'";
    JsonNode answer = http.send(what, "POST", "/subjects/" + segment(subject), schemaBody(schema));
    return remember(key, requireId(answer, what));
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    String what = "fetch schema id " + id;
    JsonNode answer = http.send(what, "GET", "/schemas/ids/" + id, null);
    String type = answer.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException(
          "Schema id " + id + " at " + url() + " is " + type + ", not Avro", 200, 0);
    }
    try {
      Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
      Schema raced = schemasById.putIfAbsent(id, schema);
      return raced == null ? schema : raced;
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "Schema id " + id + " at " + url() + " is not a valid Avro schema: " + e.getMessage(),
          200,
          0,
          e);
    }
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    String what = "test compatibility with subject '" + subject + "'";
    String path = "/compatibility/subjects/" + segment(subject) + "/versions/latest";
    try {
      JsonNode answer = http.send(what, "POST", path, schemaBody(schema));
      return answer.path("is_compatible").asBoolean(false);
    } catch (SchemaNotFoundException e) {
      // Some registries answer 40401/40402 for a subject without versions: nothing to break.
      return true;
    }
  }

  /**
   * Asks the registry for its global compatibility level, the cheapest question it answers, to tell
   * whether it is there.
   *
   * @throws SchemaRegistryException (unreachable, or credentials refused) when it does not answer
   */
  public void ping() {
    http.send("read the global compatibility level", "GET", "/config", null);
  }

  @Override
  public void setGlobalCompatibility(Compatibility level) {
    putConfig("set the global compatibility to " + level, "/config", level);
  }

  @Override
  public void setCompatibility(String subject, Compatibility level) {
    putConfig(
        "set the compatibility of subject '" + subject + "' to " + level,
        "/config/" + segment(subject),
        level);
  }

  private void putConfig(String what, String path, Compatibility level) {
    ObjectNode body = json.createObjectNode().put("compatibility", level.name());
    http.send(what, "PUT", path, body);
  }

  private int remember(SubjectSchema key, int id) {
    idsBySubjectSchema.putIfAbsent(key, id);
    schemasById.putIfAbsent(id, key.schema());
    return id;
  }

  private int requireId(JsonNode answer, String what) {
    JsonNode id = answer.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Schema registry at " + url() + " gave no schema id when asked to " + what, 200, 0);
    }
    return id.intValue();
  }

  private ObjectNode schemaBody(Schema schema) {
    return json.createObjectNode().put("schema", schema.toString());
  }

  private static String segment(String subject) {
    Objects.requireNonNull(subject, "subject");
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private record SubjectSchema(String subject, Schema schema) {}

  /** Settings of a {@link SchemaRegistryClient}. */
  public static final class Builder {
    private final URI baseUri;
    private Optional<String> userInfo;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private RetryPolicy retry = RetryPolicy.DEFAULT;

    private Builder(String url) {
      URI uri = URI.create(Objects.requireNonNull(url, "url"));
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("Not an absolute http(s) URL: " + url);
      }
      this.userInfo = Optional.ofNullable(uri.getUserInfo());
      this.baseUri = withoutUserInfo(uri);
    }

    /** Basic auth credentials; they replace any user info in the URL. */
    public Builder basicAuth(String user, String password) {
      this.userInfo = Optional.of(user + ":" + password);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long one request may take, from sending to the whole answer. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy);
      return this;
    }

    public SchemaRegistryClient build() {
      HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
      ObjectMapper json = new ObjectMapper();
      return new SchemaRegistryClient(
          new RegistryHttp(client, baseUri, userInfo, requestTimeout, retry, json), json);
    }

    private static URI withoutUserInfo(URI uri) {
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
      try {
        return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("Not a usable registry URL: " + uri, e);
      }
    }
  }
}
