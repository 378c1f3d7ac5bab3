package dev.iqmon.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the demo prints at its end: the query endpoints' answers, the totals, the batches. */
final class DemoReport {

  private final PrintStream out;

  DemoReport(PrintStream out) {
    this.out = out;
  }

  /** Asks the query endpoints about every feed once, and prints what they answer, in short. */
  void queryOnce(String http) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (DemoScenario.Feed feed : DemoScenario.FEEDS) {
      try {
        JsonNode trends = get(client, json, http + "/feeds/" + feed.id() + "/trends");
        JsonNode alerts = get(client, json, http + "/feeds/" + feed.id() + "/alerts");
        List<String> firing = new ArrayList<>();
        alerts.path("firing").forEach(a -> firing.add(a.path("alertId").asText()));
        out.printf(
            "GET /feeds/%s: %d open trend windows, %d baselines; firing: %s%n",
            feed.id(),
            trends.path("windows").size(),
            trends.path("baselines").size(),
            firing.isEmpty() ? "none" : String.join(", ", firing));
      } catch (IOException e) {
        out.printf(
            "GET /feeds/%s failed: %s%n",
            feed.id(), e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }

  private static JsonNode get(HttpClient client, ObjectMapper json, String url)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body());
  }

  void totals(DemoSummary summary, DemoPublisher publisher, double seconds) {
    out.printf(
        Locale.ROOT,
        "Demo done: %d published, %d scored (%.1f images/s), %d dead letters, %d alerts fired, %d resolved; "
            + "first result after %.1fs; capture-to-result latency p50 %.0f ms, p99 %.0f ms%n",
        publisher.published(),
        summary.scored(),
        summary.scored() / seconds,
        summary.deadLetters(),
        summary.fired(),
        summary.resolved(),
        summary.firstResultSeconds(),
        summary.latencyMillis(0.5),
        summary.latencyMillis(0.99));
    out.printf(
        "Alerts by rule: %s; %d trend windows closed%n", summary.alertsByRule(), summary.trends());
  }

  /** How full the model's batches were, when the model batches at all. */
  void batches(MeterRegistry meters, int batchSize) {
    DistributionSummary batches =
        meters.find("iqmon.batch.size").tag("batcher", "records").summary();
    if (batches != null && batches.count() > 0) {
      out.printf(
          Locale.ROOT,
          "Model calls: %d, %.2f images each on average, largest %.0f (batch size %d)%n",
          batches.count(),
          batches.mean(),
          batches.max(),
          batchSize);
    }
  }
}
