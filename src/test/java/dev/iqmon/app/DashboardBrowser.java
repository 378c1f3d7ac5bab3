package dev.iqmon.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless chromium for the dashboard tests: Debian's {@code chromium} and {@code chromedriver}.
 */
final class DashboardBrowser {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DashboardBrowser() {}

  static ChromeDriver open() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "The dashboard test needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": install them with `apt-get install -y chromium chromium-driver`"
              + " (.ci/run does)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
        "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // The driver named here, so that Selenium never looks for one to download.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriver driver = new ChromeDriver(options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }

  /** Waits until {@code condition} holds, polling every 50 ms. */
  static void await(ChromeDriver browser, String what, Callable<Boolean> condition, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.call())) {
        return;
      }
      Thread.sleep(50);
    }
    screenshot(browser, "failed");
    throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
  }

  static void screenshot(ChromeDriver browser, String name) throws IOException {
    Path out = Path.of("target", "dashboard-" + name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
  }

  /** The browser console's errors since the last call. */
  static List<String> consoleErrors(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  static String httpGet(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }
}
