package dev.iqmon.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iqmon.avro.Box;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private static final RetryPolicy FAST_RETRIES =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));
  private static final Schema SCHEMA = Box.SCHEMA$;

  private final ScriptedHttpServer server = new ScriptedHttpServer();
  private final SchemaRegistryClient client =
      SchemaRegistryClient.builder(server.url()).retry(FAST_RETRIES).build();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldPostSchemaToSubjectVersionsAndReturnTheId() throws Exception {
    server.answer(200, "{\"id\":17}");

    int id = client.register("boxes-value", SCHEMA);

    assertThat(id).isEqualTo(17);
    ScriptedHttpServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/boxes-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
        .isEqualTo(SCHEMA.toString());
  }

  @Test
  void shouldAnswerRepeatedRegistrationsAndFetchesOfRegisteredSchemaFromCache() {
    server.answer(200, "{\"id\":17}");

    client.register("boxes-value", SCHEMA);
    client.register("boxes-value", SCHEMA);
    client.idOf("boxes-value", SCHEMA);

    assertThat(client.schemaById(17)).isEqualTo(SCHEMA);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldLookUpExistingSchemaByPostingToTheSubject() {
    server.answer(200, "{\"subject\":\"boxes-value\",\"version\":3,\"id\":21,\"schema\":\"{}\"}");

    assertThat(client.idOf("boxes-value", SCHEMA)).isEqualTo(21);
    ScriptedHttpServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/boxes-value");
  }

  @Test
  void shouldFetchSchemaByIdOnceAndCacheIt() {
    String body = new ObjectMapper().createObjectNode().put("schema", SCHEMA.toString()).toString();
    server.answer(200, body);

    assertThat(client.schemaById(5)).isEqualTo(SCHEMA);
    assertThat(client.schemaById(5)).isEqualTo(SCHEMA);
    assertThat(server.requests())
        .extracting(ScriptedHttpServer.Request::path)
        .containsExactly("/apis/ccompat/v7/schemas/ids/5");
  }

  @Test
  void shouldThrowSchemaNotFoundWithErrorCode40403ForUnknownId() {
    server.answer(404, "{\"error_code\":40403,\"message\":\"Schema 999 not found\"}");

    assertThatThrownBy(() -> client.schemaById(999))
        .isInstanceOfSatisfying(
            SchemaNotFoundException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.httpStatus()).isEqualTo(404);
            })
        .hasMessageContaining("schema id 999")
        .hasMessageContaining("Schema 999 not found")
        .hasMessageContaining("error_code 40403");
  }

  @Test
  void shouldRejectIncompatibleSchemaWith409AndTheRegistrysReason() {
    server.answer(409, "{\"error_code\":409,\"message\":\"reader type STRING not compatible\"}");

    assertThatThrownBy(() -> client.register("boxes-value", SCHEMA))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 'boxes-value'")
        .hasMessageContaining("reader type STRING not compatible")
        .hasMessageContaining("HTTP 409");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldSendBasicAuthFromUrlUserInfoAndKeepThePasswordOutOfMessages() {
    SchemaRegistryClient withAuth =
        SchemaRegistryClient.builder(server.url().replace("http://", "http://iqmon:s3cret@"))
            .retry(FAST_RETRIES)
            .build();
    server.answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

    assertThatThrownBy(() -> withAuth.register("boxes-value", SCHEMA))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("user 'iqmon'")
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("s3cret");
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("iqmon:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(server.requests())
        .singleElement()
        .extracting(r -> r.authorization())
        .isEqualTo(expected);
    assertThat(withAuth.url().toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldRetryServerErrorsThenSucceed() {
    server.answer(503, "busy").answer(500, "{\"error_code\":50001,\"message\":\"store\"}");
    server.answer(200, "{\"id\":3}");

    assertThat(client.register("boxes-value", SCHEMA)).isEqualTo(3);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void shouldGiveUpOnServerErrorsAfterTheLastAttemptWithTheLastError() {
    server
        .answer(503, "busy")
        .answer(503, "busy")
        .answer(500, "{\"error_code\":50001,\"message\":\"store\"}");

    assertThatThrownBy(() -> client.register("boxes-value", SCHEMA))
        .isInstanceOfSatisfying(
            RegistryUnreachableException.class, e -> assertThat(e.errorCode()).isEqualTo(50001))
        .hasMessageContaining(server.url())
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("HTTP 500");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void shouldNotRetryClientErrors() {
    server.answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

    assertThatThrownBy(() -> client.register("boxes-value", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
        .hasMessageContaining("Invalid schema");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldNameTheUrlWhenTheRegistryIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
    SchemaRegistryClient unreachable =
        SchemaRegistryClient.builder(url).retry(FAST_RETRIES).build();

    assertThatThrownBy(() -> unreachable.schemaById(1))
        .isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("fetch schema id 1");
  }

  @Test
  void shouldTimeOutRequestsThatTakeTooLongAndRetryThem() {
    SchemaRegistryClient impatient =
        SchemaRegistryClient.builder(server.url())
            .requestTimeout(Duration.ofMillis(100))
            .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
            .build();
    server.answer(200, "{\"id\":1}", Duration.ofMillis(600));
    server.answer(200, "{\"id\":1}", Duration.ofMillis(600));

    assertThatThrownBy(() -> impatient.register("boxes-value", SCHEMA))
        .isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining("2 attempt(s)")
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void shouldReportCompatibilityAsTheRegistryAnswers() {
    server.answer(200, "{\"is_compatible\":false}").answer(200, "{\"is_compatible\":true}");

    assertThat(client.testCompatibility("boxes-value", SCHEMA)).isFalse();
    assertThat(client.testCompatibility("boxes-value", SCHEMA)).isTrue();
    assertThat(server.requests().get(0).path())
        .isEqualTo("/apis/ccompat/v7/compatibility/subjects/boxes-value/versions/latest");
  }

  @Test
  void shouldTreatSubjectWithoutVersionsAsCompatible() {
    server.answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

    assertThat(client.testCompatibility("new-topic-value", SCHEMA)).isTrue();
  }

  @Test
  void shouldPutGlobalAndSubjectCompatibility() {
    server.answer(200, "{\"compatibility\":\"BACKWARD\"}");
    server.answer(200, "{\"compatibilityLevel\":\"FULL\"}");

    client.setGlobalCompatibility(Compatibility.BACKWARD);
    client.setCompatibility("boxes-value", Compatibility.FULL);

    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.body())
        .containsExactly(
            "PUT /apis/ccompat/v7/config {\"compatibility\":\"BACKWARD\"}",
            "PUT /apis/ccompat/v7/config/boxes-value {\"compatibility\":\"FULL\"}");
  }

  @Test
  void shouldEscapeSubjectNamesInThePath() {
    server.answer(200, "{\"id\":1}");

    client.register("odd subject/x", SCHEMA);

    assertThat(server.requests().get(0).path())
        .isEqualTo("/apis/ccompat/v7/subjects/odd%20subject%2Fx/versions");
  }

  @Test
  void shouldSayWhenTheUrlIsNotTheConfluentCompatibleApi() {
    server.answer(404, "<html>Not Found</html>");

    assertThatThrownBy(() -> client.register("boxes-value", SCHEMA))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("no such endpoint");
  }
}
