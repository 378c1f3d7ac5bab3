package dev.iqmon.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Runs each image record through the {@link ImagePipeline} and forwards its outcome keyed by feed,
 * stamped with the image's capture time so that windows follow when images were taken.
 */
final class ImageProcessor implements Processor<byte[], byte[], String, ImageOutcome> {

  private final ImagePipeline pipeline;
  private ProcessorContext<String, ImageOutcome> context;

  ImageProcessor(ImagePipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void init(ProcessorContext<String, ImageOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    SourceRecord source =
        new SourceRecord(
            meta.topic(),
            meta.partition(),
            meta.offset(),
            record.timestamp(),
            record.key(),
            record.value());
    ImageOutcome outcome = pipeline.process(source);
    context.forward(
        new Record<>(key(outcome, record.key()), outcome, timestamp(outcome, record.timestamp())));
  }

  private static String key(ImageOutcome outcome, byte[] originalKey) {
    if (outcome.feedId() != null) {
      return outcome.feedId();
    }
    return originalKey == null ? null : new String(originalKey, StandardCharsets.UTF_8);
  }

  private static long timestamp(ImageOutcome outcome, long recordTimestamp) {
    return outcome instanceof ImageOutcome.Scored scored
        ? scored.image().getCaptureTime().toEpochMilli()
        : recordTimestamp;
  }
}
