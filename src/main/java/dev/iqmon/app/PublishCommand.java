package dev.iqmon.app;

import dev.iqmon.avro.ImageEvent;
import dev.iqmon.config.IqmonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes image files to the images topic, inline or, past a size, by reference. */
@Command(
    name = "publish",
    description = "Publish image files (or every image in folders) to the images topic.")
final class PublishCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Image files (.jpg, .jpeg, .png, .webp) or folders of them.")
  List<Path> paths;

  @Option(
      names = "--feed",
      defaultValue = "cli",
      description = "Feed id, also the record key (default: ${DEFAULT-VALUE}).")
  String feed;

  @Option(
      names = "--by-reference",
      description = "Send file: URIs instead of the bytes (the service must see the same files).")
  boolean byReference;

  @Option(
      names = "--max-inline",
      defaultValue = "921600",
      description = "Larger images go by reference (default: ${DEFAULT-VALUE} bytes).")
  long maxInline;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description = "Publish the files this many times (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--interval",
      defaultValue = "0ms",
      description = "Pause between images, e.g. 250ms (default: none).")
  Duration interval;

  @Override
  public Integer call() throws IOException, InterruptedException {
    IqmonConfig config = connection.load();
    List<Path> files = imageFiles(paths);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .jpg, .jpeg, .png or .webp files in " + paths);
    }
    Duration pause = interval;
    String topic = config.topics().images();
    int sent = 0;
    try (var producer = Clients.imageProducer(config, Clients.registry(config))) {

      for (int round = 0; round < repeat; round++) {
        for (Path file : files) {
          producer.send(new ProducerRecord<>(topic, feed, event(file, round))).get();
          sent++;
          Thread.sleep(pause.toMillis());
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "publishing failed after " + sent + " images: " + e.getCause().getMessage(),
          e.getCause());
    }
    System.out.printf("published %d images to '%s' as feed '%s'%n", sent, topic, feed);
    return 0;
  }

  private ImageEvent event(Path file, int round) throws IOException {
    String imageId = file.getFileName() + (repeat > 1 ? "#" + round : "");
    Instant now = Instant.now();
    if (byReference || Files.size(file) > maxInline) {
      return ImageEventFactory.reference(
          feed, imageId, now, file.toAbsolutePath().toUri(), List.of());
    }
    return ImageEventFactory.inline(feed, imageId, now, Files.readAllBytes(file), List.of());
  }

  static List<Path> imageFiles(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("no such file or folder: " + path);
      }
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile)
            .filter(PublishCommand::isImage)
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg")
        || name.endsWith(".jpeg")
        || name.endsWith(".png")
        || name.endsWith(".webp")
        || name.endsWith(".gif");
  }
}
