package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iqmon.avro.Box;
import dev.iqmon.avro.QualityAlert;
import dev.iqmon.avro.RoiHint;
import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.embedded.EmbeddedCluster;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageDistortions;
import dev.iqmon.image.ImageEncoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.image.Thumbnailer;
import dev.iqmon.schema.AvroSerde;
import dev.iqmon.schema.SchemaRegistry;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard as a person sees it, in headless chromium, against the whole service on a real
 * broker and registry: a tile per feed with its frame and regions, a firing alert on the page
 * within 2 s of its record, the feed view's trend chart with points, no browser console errors.
 * Then the fleet of 500 feeds: how fast the fleet view loads and whether live updates keep up with
 * 200 images/s. Screenshots go to {@code target/dashboard-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  private static final List<String> FEEDS = List.of("cafe", "garden", "lobby", "launchpad");
  private static final Duration ALERT_WITHIN = Duration.ofSeconds(2);

  @RegisterExtension static final EmbeddedCluster cluster = new EmbeddedCluster();
  @TempDir static Path state;

  private static IqmonConfig config;
  private static IqmonService service;
  private static SchemaRegistry registry;
  private static String base;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    config =
        new ConfigLoader()
            .text(
                """
                feeds:
                  garden:
                    rois:
                      - id: bench
                        label: bench
                        box: [0.05, 0.55, 0.4, 0.4]
                    detect:
                      classes: [cat]
                alerts:
                  frozen-feed: {repeats: 4, resolve-after: 2}
                trends:
                  windows:
                    - {name: 2s, size: 2s, grace: 0s}
                    - {name: 4s, size: 4s, grace: 0s}
                  baseline: {window: 2s, alpha: 0.3, warm-up: 1}
                """,
                "test")
            .set("kafka.bootstrap-servers=" + cluster.bootstrapServers())
            .set("kafka.application-id=iqmon-dashboard-it")
            .set("kafka.state-dir=" + state)
            .set("kafka.processing-guarantee=at_least_once")
            .set("registry.url=" + cluster.registryUrl())
            .set("metrics.port=" + port)
            .load();
    registry = Clients.registry(config);
    service = IqmonService.start(config);
    base = "http://127.0.0.1:" + port;
    browser = DashboardBrowser.open();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  void shouldShowEachFeedWithItsFrameRegionsAlertsAndTrends() throws Exception {
    Map<String, RgbImage> frames =
        Map.of(
            "cafe", ImageDistortions.gaussianBlur(sample("coffee.png"), 4.0),
            "garden", sample("chelsea.png"),
            "lobby", sample("coffee.png"),
            "launchpad", ImageDistortions.gaussianNoise(sample("rocket.jpg"), 25, 7));
    RoiHint sign =
        RoiHint.newBuilder()
            .setId("sign")
            .setLabel("sign")
            .setBox(new Box(40.0, 30.0, 160.0, 110.0))
            .build();
    try (var producer = Clients.imageProducer(config, registry)) {
      // Two rounds a second for 5 s: trend windows close, the lobby repeats one frame.
      for (int round = 0; round < 10; round++) {
        for (String feed : List.of("cafe", "garden", "launchpad")) {
          // A little sensor noise, different every frame: these feeds are not frozen.
          RgbImage frame = ImageDistortions.gaussianNoise(frames.get(feed), 2, round);
          producer.send(
              new ProducerRecord<>(
                  "images",
                  feed,
                  ImageEventFactory.inline(
                      feed,
                      feed + "-" + round,
                      Instant.now(),
                      ImageEncoder.jpeg(frame, 90),
                      feed.equals("launchpad") ? List.of(sign) : List.of())));
        }
        producer.flush();
        Thread.sleep(500);
      }
      // A dead letter too: the dashboards count them.
      byte[] broken = java.util.Arrays.copyOf(ImageEncoder.jpeg(frames.get("cafe"), 90), 300);
      producer.send(
          new ProducerRecord<>(
              "images",
              "cafe",
              ImageEventFactory.inline("cafe", "cafe-broken", Instant.now(), broken, List.of())));
    }
    browser.get(base + "/");
    DashboardBrowser.await(
        browser, "three tiles with frames", () -> framesShown() >= 3, Duration.ofSeconds(60));

    // The frozen lobby: its alert's record, then the page, timed from when a consumer sees it.
    QualityAlert fired;
    long seen;
    try (var producer = Clients.imageProducer(config, registry);
        var alerts = alertConsumer()) {
      alerts.poll(Duration.ofMillis(200));
      byte[] lobby = ImageEncoder.jpeg(frames.get("lobby"), 90);
      for (int i = 0; i < 5; i++) {
        producer.send(
            new ProducerRecord<>(
                "images",
                "lobby",
                ImageEventFactory.inline("lobby", "lobby-" + i, Instant.now(), lobby, List.of())));
      }
      producer.flush();
      fired = awaitFiring(alerts, "lobby", "frozen-feed");
      seen = System.currentTimeMillis();
    }
    DashboardBrowser.await(
        browser,
        "the lobby's frozen-feed alert on its tile",
        () ->
            !browser
                .findElements(By.cssSelector(".tile[data-feed='lobby'] .chip.sev-CRITICAL"))
                .isEmpty(),
        Duration.ofSeconds(10));
    // When the page drew it, by the page's own clock (the same machine's).
    long shownAt =
        ((Number)
                browser.executeScript(
                    "return window.iqmonStats.alertShownAt[arguments[0]]", fired.getEpisodeId()))
            .longValue();
    long lag = shownAt - seen;
    System.out.printf(
        "Dashboard: the alert was on the page %d ms after a consumer read its record%n", lag);
    assertThat(lag)
        .as("ms from the alert's record to the page")
        .isLessThan(ALERT_WITHIN.toMillis());

    DashboardBrowser.await(
        browser, "four tiles with frames", () -> framesShown() == 4, Duration.ofSeconds(30));
    List<WebElement> tiles = browser.findElements(By.cssSelector(".tile"));
    assertThat(tiles)
        .extracting(t -> t.getAttribute("data-feed"))
        .containsExactlyInAnyOrderElementsOf(FEEDS);
    for (WebElement tile : tiles) {
      assertThat(tile.findElements(By.cssSelector(".frame .roi.src-WHOLE")))
          .as("the whole-frame outline of %s", tile.getAttribute("data-feed"))
          .hasSize(1);
    }
    assertThat(browser.findElements(By.cssSelector(".tile[data-feed='garden'] .roi.src-STATIC")))
        .hasSize(1);
    assertThat(browser.findElements(By.cssSelector(".tile[data-feed='launchpad'] .roi.src-EVENT")))
        .hasSize(1);
    List<WebElement> cat =
        browser.findElements(By.cssSelector(".tile[data-feed='garden'] .roi.src-DETECTED"));
    assertThat(cat).as("the cat the detector found in the garden").hasSize(1);
    assertThat(cat.get(0).getText()).as("its class and confidence").matches("cat \\d+% \\d+");
    DashboardBrowser.await(
        browser,
        "sparklines",
        () -> browser.findElements(By.cssSelector(".spark canvas")).size() == 4,
        Duration.ofSeconds(10));
    DashboardBrowser.screenshot(browser, "fleet");

    browser.get(base + "/#/feed/cafe");
    DashboardBrowser.await(
        browser,
        "the cafe's trend chart with points",
        () ->
            browser.findElements(By.cssSelector("#trend-charts .chart")).stream()
                .anyMatch(c -> Integer.parseInt(c.getAttribute("data-points")) >= 2),
        Duration.ofSeconds(30));
    assertThat(browser.findElements(By.cssSelector("#trend-charts .chart canvas"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("tr[data-region='whole']"))).hasSize(1);
    DashboardBrowser.screenshot(browser, "feed");

    browser.get(base + "/#/alerts");
    DashboardBrowser.await(
        browser,
        "the firing table",
        () -> !browser.findElements(By.cssSelector("#firing-table tr[data-alert]")).isEmpty(),
        Duration.ofSeconds(10));
    assertThat(browser.findElement(By.id("firing-table")).getText()).contains("frozen-feed");
    DashboardBrowser.screenshot(browser, "alerts");
    assertThat(DashboardBrowser.consoleErrors(browser)).as("browser console errors").isEmpty();
  }

  @Test
  @Order(2)
  void shouldExportEveryMeterTheGrafanaDashboardsAsk() throws Exception {
    String scrape = DashboardBrowser.httpGet(base + "/metrics");
    List<String> missing =
        GrafanaQueries.missingMeters(Path.of("config/grafana/dashboards"), scrape);
    assertThat(missing).as("meters the dashboards query that iqmon does not export").isEmpty();
    assertThat(scrape).contains("iqmon_feed_score{feed=\"cafe\",label=\"whole\"");
    assertThat(scrape).contains("iqmon_feed_alerts_firing{feed=\"lobby\",rule=\"frozen-feed\"");
    assertThat(scrape)
        .containsPattern(
            "iqmon_model\\{model=\"[^\"]+\",provider=\"(cpu|cuda|java)\",version=\"[^\"]+\"\\} 1");
    assertThat(scrape)
        .as("a series of every known tag, before its first event")
        .contains("iqmon_alerts_total{rule=\"feed-lag\",state=\"resolved\"}")
        .contains("iqmon_dead_letters_total{stage=\"internal\"}")
        .contains("iqmon_workers_queue ");
  }

  @Test
  @Order(3)
  void shouldLoad500FeedsAndKeepUpWith200ImagesPerSecond() throws Exception {
    FleetLoad load = new FleetLoad(config, registry, 500);
    load.seed();
    DashboardBrowser.await(
        browser,
        "500 feeds and their trends in the store",
        () -> load.seeded(DashboardBrowser.httpGet(base + "/api/fleet")),
        Duration.ofSeconds(120));
    // Twice: the first load also warms the service up.
    Map<?, ?> stats = null;
    for (String round : List.of("first", "second")) {
      browser.get(base + "/?" + round);
      DashboardBrowser.await(
          browser,
          "the fleet view drawn",
          () -> "true".equals(browser.executeScript("return document.body.dataset.fleetLoaded")),
          Duration.ofSeconds(30));
      stats = (Map<?, ?>) browser.executeScript("return window.iqmonStats");
      System.out.printf(
          "Dashboard: 504 tiles, %s load: /api/fleet fetched and parsed in %.0f ms, the view"
              + " fetched and drawn in %.0f ms, drawn %.0f ms after navigation start%n",
          round,
          ((Number) stats.get("fleetFetchMs")).doubleValue(),
          ((Number) stats.get("fleetLoadMs")).doubleValue(),
          ((Number) stats.get("fleetDrawnAt")).doubleValue());
    }
    assertThat(((Number) stats.get("fleetTiles")).intValue()).isEqualTo(504);
    DashboardBrowser.screenshot(browser, "fleet-500");

    FleetLoad.Result live = load.live(200, Duration.ofSeconds(10));
    DashboardBrowser.await(
        browser,
        "every feed's last image on the page",
        () -> Boolean.TRUE.equals(browser.executeScript(load.caughtUpScript())),
        Duration.ofSeconds(30));
    long caughtUp = System.currentTimeMillis() - live.lastSentMillis();
    Map<?, ?> after = (Map<?, ?>) browser.executeScript("return window.iqmonStats");
    long updates = ((Number) after.get("updates")).longValue();
    long images = ((Number) after.get("images")).longValue();
    double lagMax = ((Number) after.get("lagMaxMs")).doubleValue();
    double lagMean = ((Number) after.get("lagSumMs")).doubleValue() / Math.max(1, images);
    System.out.printf(
        "Dashboard: %d images in %.1f s (%.0f/s) to 500 feeds; the page took %d tile updates"
            + " showing %d new images, from record to page mean %.0f ms, max %.0f ms; every"
            + " feed's last image shown %d ms after the last was sent%n",
        live.sent(),
        live.seconds(),
        live.sent() / live.seconds(),
        updates,
        images,
        lagMean,
        lagMax,
        caughtUp);
    assertThat(live.sent() / live.seconds()).as("images/s sent").isGreaterThan(150);
    assertThat(DashboardBrowser.consoleErrors(browser)).as("browser console errors").isEmpty();
  }

  private int framesShown() {
    Object n =
        browser.executeScript(
            "return [...document.querySelectorAll('.tile .frame img')]"
                + ".filter(i => i.complete && i.naturalWidth > 0).length");
    return ((Number) n).intValue();
  }

  private static KafkaConsumer<String, QualityAlert> alertConsumer() {
    var props = Clients.consumer(config, "dashboard-it-alerts");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    var consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerde.forValues(QualityAlert.class, registry).deserializer());
    consumer.subscribe(List.of("quality-alerts"));
    return consumer;
  }

  private static QualityAlert awaitFiring(
      KafkaConsumer<String, QualityAlert> consumer, String feed, String rule) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      for (var r : consumer.poll(Duration.ofMillis(20))) {
        QualityAlert a = r.value();
        if (a.getFeedId().equals(feed)
            && a.getRule().equals(rule)
            && a.getState().name().equals("FIRING")) {
          return a;
        }
      }
    }
    throw new AssertionError("no FIRING " + rule + " alert for " + feed + " within 60 s");
  }

  private static RgbImage sample(String name) throws Exception {
    try (InputStream in = DashboardIT.class.getResourceAsStream("/samples/" + name)) {
      RgbImage image = new ImageDecoder().decode(in.readAllBytes(), null).image();
      // Camera-sized frames, quick to score here.
      return Thumbnailer.shrink(image, 800);
    }
  }
}
