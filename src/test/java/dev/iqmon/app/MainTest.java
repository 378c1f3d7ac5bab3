package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void shouldPrintUsageAndSucceedForHelpOnEveryCommand() {
    CommandLine root = Main.commandLine();
    assertThat(root.getSubcommands()).containsKeys("demo", "run", "publish", "tail", "score");
    for (String name : root.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));

      int code = cli.execute(name, "--help");

      assertThat(code).as(name + " --help: " + err).isZero();
      assertThat(out.toString()).as(name).contains("Usage: iqmon " + name).contains("--help");
      assertThat(err.toString()).as(name).isEmpty();
    }
  }

  @Test
  void shouldMentionNoBrokerOrRegistryInTheHelpOfCommandsThatRunWithoutThem() {
    for (String name : List.of("score", "bench", "perf")) {
      StringWriter out = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));

      assertThat(cli.execute(name, "--help")).isZero();

      assertThat(out.toString().toLowerCase(Locale.ROOT))
          .as(name + " --help")
          .doesNotContain("bootstrap")
          .doesNotContain("registry")
          .doesNotContain("kafka")
          .doesNotContain("broker");
    }
  }

  @Test
  void shouldStillTakeTheBrokerAndRegistryWhereTheCommandUsesThem() {
    for (String name : List.of("run", "publish", "tail")) {
      StringWriter out = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));

      assertThat(cli.execute(name, "--help")).isZero();

      assertThat(out.toString()).as(name).contains("--bootstrap-servers").contains("--registry");
    }
  }

  @Test
  void shouldReadDurationOptionsAsTheConfigFileWritesThem() {
    CommandLine cli = Main.commandLine();
    cli.parseArgs("soak", "--duration", "90s", "--report-every", "2m");
    SoakCommand soak = cli.getSubcommands().get("soak").getCommand();

    assertThat(soak.duration).isEqualTo(Duration.ofSeconds(90));
    assertThat(soak.reportEvery).isEqualTo(Duration.ofMinutes(2));
    assertThat(soak.drain).as("default").isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void shouldRefuseABadDurationOptionBeforeRunning() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("demo", "--duration", "2 minutes");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--duration")
        .contains("not a duration: '2 minutes' (write e.g. 500ms, 30s, 5m, 1h or 2d)");
  }
}
