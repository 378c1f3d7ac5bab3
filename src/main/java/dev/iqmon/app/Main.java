package dev.iqmon.app;

import dev.iqmon.config.DurationConverter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code iqmon} command line. */
@Command(
    name = "iqmon",
    mixinStandardHelpOptions = true,
    // Every subcommand takes --help and --version too.
    scope = CommandLine.ScopeType.INHERIT,
    version = "iqmon 0.1.0",
    description =
        "Watches the quality of image feeds: scores every region of every image on a Kafka topic.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      PublishCommand.class,
      TailCommand.class,
      ScoreCommand.class,
      BenchCommand.class,
      SoakCommand.class,
      PerfCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with iqmon's error handling: bad config and bad input print one clear line.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.registerConverter(Duration.class, new DurationConverter());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("iqmon: " + e.getMessage());
          if (System.getenv("IQMON_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 2;
        });
    return cli;
  }
}
