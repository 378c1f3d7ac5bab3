package dev.iqmon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.iqmon.image.ImageFetchException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {

  private static final byte[] IMAGE = TestImages.sampleBytes("rocket.jpg");
  private static final String HOST = "127.0.0.1";

  @TempDir Path dir;

  private HttpServer server;
  private FetchPolicy policy;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
    server.createContext("/image.jpg", exchange -> respond(exchange, 200, IMAGE, IMAGE.length));
    server.createContext("/streamed.jpg", exchange -> respond(exchange, 200, IMAGE, 0));
    server.createContext("/missing.jpg", exchange -> respond(exchange, 404, new byte[0], -1));
    server.createContext("/broken.jpg", exchange -> respond(exchange, 500, new byte[0], -1));
    server.createContext("/moved.jpg", exchange -> redirect(exchange, "/image.jpg"));
    server.createContext("/away.jpg", exchange -> redirect(exchange, "http://example.com/x.jpg"));
    server.createContext("/slow.jpg", ImageFetcherTest::stall);
    server.start();
    policy =
        new FetchPolicy(
            List.of(), Set.of(HOST), Duration.ofSeconds(2), Duration.ofMillis(300), 1 << 20, 2);
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void shouldReadALocalFileUnderARoot() throws IOException {
    Path file = Files.write(dir.resolve("a.jpg"), IMAGE);

    assertThat(new ImageFetcher(policy.withFileRoots(List.of(dir))).fetch(file.toUri()))
        .isEqualTo(IMAGE);
  }

  @Test
  void shouldRefuseEveryFileWhenNoRootIsConfigured() throws IOException {
    Path file = Files.write(dir.resolve("a.jpg"), IMAGE);

    assertThatThrownBy(() -> new ImageFetcher(policy).fetch(file.toUri()))
        .isInstanceOfSatisfying(
            ImageFetchException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED);
              assertThat(e.getMessage()).contains("images.fetch.file-roots");
            });
  }

  @Test
  void shouldReportAMissingFileUnderARootAsNotFound() {
    ImageFetcher fetcher = new ImageFetcher(policy.withFileRoots(List.of(dir)));

    assertReason(fetcher, dir.resolve("none.jpg").toUri(), Reason.NOT_FOUND);
  }

  @Test
  void shouldAnswerAlikeForExistingAndMissingFilesOutsideTheRoots() throws IOException {
    Path root = Files.createDirectory(dir.resolve("root"));
    Path existing = Files.write(dir.resolve("secret.jpg"), IMAGE);
    ImageFetcher fetcher = new ImageFetcher(policy.withFileRoots(List.of(root)));
    URI escaping = URI.create(root.toUri() + "../secret.jpg");

    String forExisting = failure(fetcher, existing.toUri());
    String forMissing = failure(fetcher, dir.resolve("none.jpg").toUri());

    assertThat(forExisting).isEqualTo("NOT_ALLOWED " + existing.toUri() + SUFFIX);
    assertThat(forMissing).isEqualTo("NOT_ALLOWED " + dir.resolve("none.jpg").toUri() + SUFFIX);
    assertThat(failure(fetcher, escaping)).startsWith("NOT_ALLOWED");
  }

  private static final String SUFFIX = " is outside the directories of images.fetch.file-roots";

  private static String failure(ImageFetcher fetcher, URI uri) {
    try {
      fetcher.fetch(uri);
    } catch (ImageFetchException e) {
      return e.reason() + " " + e.getMessage();
    }
    throw new AssertionError("fetched " + uri);
  }

  @Test
  void shouldRefuseFilesOutsideTheRootsEvenThroughSymbolicLinks() throws IOException {
    Path root = Files.createDirectory(dir.resolve("root"));
    Path outside = Files.write(dir.resolve("secret.jpg"), IMAGE);
    Path link = Files.createSymbolicLink(root.resolve("link.jpg"), outside);
    Path inside = Files.write(root.resolve("ok.jpg"), IMAGE);
    ImageFetcher fetcher = new ImageFetcher(policy.withFileRoots(List.of(root)));

    assertThat(fetcher.fetch(inside.toUri())).isEqualTo(IMAGE);
    assertReason(fetcher, outside.toUri(), Reason.NOT_ALLOWED);
    assertReason(fetcher, link.toUri(), Reason.NOT_ALLOWED);
  }

  @Test
  void shouldRefuseAFileLargerThanTheLimit() throws IOException {
    Path file = Files.write(dir.resolve("big.jpg"), new byte[(1 << 20) + 1]);

    assertReason(
        new ImageFetcher(policy.withFileRoots(List.of(dir))), file.toUri(), Reason.TOO_LARGE);
  }

  @Test
  void shouldRefuseOtherSchemes() {
    assertReason(new ImageFetcher(policy), URI.create("ftp://127.0.0.1/a.jpg"), Reason.NOT_ALLOWED);
  }

  @Test
  void shouldFetchFromAnAllowedHost() {
    assertThat(new ImageFetcher(policy).fetch(url("/image.jpg"))).isEqualTo(IMAGE);
  }

  @Test
  void shouldRefuseAHostOffTheAllowList() {
    URI sameServerOtherName =
        URI.create("http://localhost:" + server.getAddress().getPort() + "/image.jpg");

    assertReason(new ImageFetcher(policy), sameServerOtherName, Reason.NOT_ALLOWED);
  }

  @Test
  void shouldMapHttpStatusesToReasons() {
    ImageFetcher fetcher = new ImageFetcher(policy);

    assertReason(fetcher, url("/missing.jpg"), Reason.NOT_FOUND);
    assertReason(fetcher, url("/broken.jpg"), Reason.IO);
  }

  @Test
  void shouldStopReadingOnceTheLimitIsPassed() {
    FetchPolicy small =
        new FetchPolicy(
            List.of(), Set.of(HOST), Duration.ofSeconds(2), Duration.ofSeconds(2), 1000, 0);

    assertReason(new ImageFetcher(small), url("/image.jpg"), Reason.TOO_LARGE);
    assertReason(new ImageFetcher(small), url("/streamed.jpg"), Reason.TOO_LARGE);
  }

  @Test
  void shouldFollowRedirectsOnlyToAllowedHosts() {
    ImageFetcher fetcher = new ImageFetcher(policy);

    assertThat(fetcher.fetch(url("/moved.jpg"))).isEqualTo(IMAGE);
    assertReason(fetcher, url("/away.jpg"), Reason.NOT_ALLOWED);
  }

  @Test
  void shouldGiveUpOnAServerThatStopsSending() {
    assertReason(new ImageFetcher(policy), url("/slow.jpg"), Reason.IO);
  }

  private URI url(String path) {
    return URI.create("http://" + HOST + ":" + server.getAddress().getPort() + path);
  }

  private static void assertReason(ImageFetcher fetcher, URI uri, Reason reason) {
    assertThatThrownBy(() -> fetcher.fetch(uri))
        .isInstanceOfSatisfying(
            ImageFetchException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  /** {@code length} 0 streams the body chunked, without announcing its size. */
  private static void respond(HttpExchange exchange, int status, byte[] body, long length)
      throws IOException {
    exchange.sendResponseHeaders(status, length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    respond(exchange, 302, new byte[0], -1);
  }

  private static void stall(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, IMAGE.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(IMAGE, 0, 10);
      out.flush();
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
