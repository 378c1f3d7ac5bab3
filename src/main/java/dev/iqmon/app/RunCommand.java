package dev.iqmon.app;

import dev.iqmon.config.IqmonConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the service against any Kafka cluster and schema registry until it is stopped. */
@Command(
    name = "run",
    description = "Run the service against the Kafka cluster and registry in the config.")
final class RunCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Override
  public Integer call() throws InterruptedException {
    IqmonConfig config = connection.load();
    CountDownLatch stopped = new CountDownLatch(1);
    IqmonService service = IqmonService.start(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "iqmon-shutdown"));
    System.out.printf(
        "iqmon running: images from '%s' on %s, registry %s, metrics on :%d/metrics%n",
        config.topics().images(),
        config.kafka().bootstrapServers(),
        config.registry().url(),
        service.metricsPort());
    stopped.await();
    return 0;
  }
}
