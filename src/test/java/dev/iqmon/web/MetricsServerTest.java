package dev.iqmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.config.ConfigLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final HttpClient client = HttpClient.newHttpClient();
  private MetricsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> call(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("x")
                    : HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldListenOnLoopbackUnlessToldOtherwise() throws Exception {
    server = new MetricsServer(0, () -> "m 1\n", healthy::get);

    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(new ConfigLoader().load().metrics().bindAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldListenOnTheConfiguredAddress() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    server = new MetricsServer(new InetSocketAddress(loopback, 0), () -> "", healthy::get);

    assertThat(server.address().getAddress()).isEqualTo(loopback);
  }

  @Test
  void shouldAnswerOnlyGetAndHead() throws Exception {
    server = new MetricsServer(0, () -> "m 1\n", healthy::get);

    assertThat(call("GET", "/metrics").body()).isEqualTo("m 1\n");
    HttpResponse<String> head = call("HEAD", "/metrics");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String path : new String[] {"/metrics", "/health"}) {
      HttpResponse<String> post = call("POST", path);
      assertThat(post.statusCode()).as("POST " + path).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(call("DELETE", path).statusCode()).isEqualTo(405);
    }
  }

  @Test
  void shouldReportHealthAsItChanges() throws Exception {
    server = new MetricsServer(0, () -> "", healthy::get);

    assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
    healthy.set(false);
    HttpResponse<String> down = call("GET", "/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("DOWN");
  }
}
