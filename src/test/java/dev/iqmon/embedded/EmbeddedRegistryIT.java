package dev.iqmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = EmbeddedRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldServeTheConfluentCompatibleApiOnLoopback() throws Exception {
    assertThat(registry.url())
        .isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");

    HttpResponse<String> subjects = get(registry.url() + "/subjects");

    assertThat(subjects.statusCode()).isEqualTo(200);
    assertThat(subjects.body()).isEqualTo("[]");
  }

  @Test
  void shouldSetGlobalCompatibilityToBackward() throws Exception {
    JsonNode config = new ObjectMapper().readTree(get(registry.url() + "/config").body());

    assertThat(config.path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void shouldWriteTheRegistrysOutputToItsLogFile() throws IOException {
    assertThat(registry.logFile()).isRegularFile();
    assertThat(Files.readString(registry.logFile())).contains("apicurio");
  }

  @Test
  void shouldKillTheProcessAndDeleteItsFilesOnClose() throws Exception {
    EmbeddedRegistry other = EmbeddedRegistry.builder().port(FreePort.pick()).start();
    ProcessHandle process = other.process();
    Path logFile = other.logFile();
    assertThat(get(other.url() + "/subjects").statusCode()).isEqualTo(200);

    other.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(logFile).doesNotExist();
    assertThatThrownBy(() -> get(other.url() + "/subjects")).isInstanceOf(IOException.class);
  }

  @Test
  void shouldFailWithTheLogTailWhenThePortIsTaken(@TempDir Path tmp) throws IOException {
    Path logFile = tmp.resolve("registry.log");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      EmbeddedRegistry.Builder builder =
          EmbeddedRegistry.builder().port(taken.getLocalPort()).logFile(logFile);

      assertThatThrownBy(builder::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with status")
          .hasMessageContaining(logFile.toString())
          .hasMessageContaining("--- last lines ---")
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
