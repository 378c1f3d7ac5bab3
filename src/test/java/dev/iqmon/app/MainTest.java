package dev.iqmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
