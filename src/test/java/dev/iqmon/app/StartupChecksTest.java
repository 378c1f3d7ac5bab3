package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iqmon.config.ConfigLoader;
import dev.iqmon.config.IqmonConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StartupChecksTest {

  /** A port on 127.0.0.1 that nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldRefuseToRunWithoutBootstrapServersNamingTheSetting() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("run", "--registry", "http://127.0.0.1:1/");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("kafka.bootstrap-servers is not set");
  }

  @Test
  void shouldFailFastNamingTheSettingAndAddressOfAnUnreachableBroker() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    IqmonConfig config = new ConfigLoader().set("kafka.bootstrap-servers=" + address).load();

    long start = System.nanoTime();
    assertThatThrownBy(() -> TopicSetup.requireReachable(config, Duration.ofSeconds(2)))
        .hasMessageContaining("kafka.bootstrap-servers=" + address)
        .hasMessageContaining("within 2s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void shouldFailNamingTheSettingAndAddressOfAnUnreachableRegistry() throws IOException {
    String url = "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7";
    IqmonConfig config =
        new ConfigLoader()
            .set("kafka.bootstrap-servers=127.0.0.1:9")
            .set("registry.url=" + url)
            .load();

    assertThatThrownBy(() -> Clients.requireRegistry(config))
        .hasMessageContaining("registry.url=" + url);
  }
}
