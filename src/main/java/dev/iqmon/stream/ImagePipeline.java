package dev.iqmon.stream;

import dev.iqmon.avro.FailedStage;
import dev.iqmon.avro.ImageEvent;
import dev.iqmon.image.DecodedImage;
import dev.iqmon.image.ImageDecodeException;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.ImageFetchException;
import dev.iqmon.image.ImageFetcher;
import dev.iqmon.image.Thumbnailer;
import dev.iqmon.metrics.IqmonMetrics;
import dev.iqmon.metrics.PipelineStage;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiPlan;
import dev.iqmon.roi.RoiPlanner;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.schema.RegistryUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The work done for each input record, in two steps so that scoring can be batched across records:
 * {@link #prepare} (read, check, fetch, decode, detect, place regions) and {@link #score} (the
 * model, then the output records). Expected failures become dead letters; nothing is dropped
 * silently.
 */
public final class ImagePipeline {

  private final Deserializer<ImageEvent> events;
  private final ImageFetcher fetcher;
  private final ImageDecoder decoder;
  private final Function<String, List<RoiRequest>> staticRois;
  private final RoiPlanner planner;
  private final QualityModel model;
  private final IqmonMetrics metrics;
  private final Clock clock;
  private final Thumbnailer thumbnails;
  private final long thumbnailMillis;
  private final RoiFinder detector;
  // Per feed, the capture time of its last thumbnail; shared by the tasks of this process.
  private final Map<String, Long> lastThumbnail = new java.util.concurrent.ConcurrentHashMap<>();

  public ImagePipeline(
      Deserializer<ImageEvent> events,
      ImageFetcher fetcher,
      ImageDecoder decoder,
      Function<String, List<RoiRequest>> staticRois,
      RoiPlanner planner,
      QualityModel model,
      IqmonMetrics metrics,
      Clock clock) {
    this(
        events,
        fetcher,
        decoder,
        staticRois,
        planner,
        model,
        metrics,
        clock,
        null,
        Duration.ZERO,
        RoiFinder.NONE);
  }

  private ImagePipeline(
      Deserializer<ImageEvent> events,
      ImageFetcher fetcher,
      ImageDecoder decoder,
      Function<String, List<RoiRequest>> staticRois,
      RoiPlanner planner,
      QualityModel model,
      IqmonMetrics metrics,
      Clock clock,
      Thumbnailer thumbnails,
      Duration thumbnailInterval,
      RoiFinder detector) {
    this.detector = detector;
    this.thumbnails = thumbnails;
    this.thumbnailMillis = thumbnailInterval.toMillis();
    this.events = events;
    this.fetcher = fetcher;
    this.decoder = decoder;
    this.staticRois = staticRois;
    this.planner = planner;
    this.model = model;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The same pipeline, also making thumbnails for the dashboards: of a feed's scored images, one at
   * most every {@code minInterval} of capture time.
   */
  public ImagePipeline withThumbnails(Thumbnailer thumbnailer, Duration minInterval) {
    return new ImagePipeline(
        events,
        fetcher,
        decoder,
        staticRois,
        planner,
        model,
        metrics,
        clock,
        thumbnailer,
        minInterval,
        detector);
  }

  /** The same pipeline, also with the regions {@code detector} finds in each feed's images. */
  public ImagePipeline withDetector(RoiFinder detector) {
    return new ImagePipeline(
        events,
        fetcher,
        decoder,
        staticRois,
        planner,
        model,
        metrics,
        clock,
        thumbnails,
        Duration.ofMillis(thumbnailMillis),
        detector);
  }

  /** One record, start to end. */
  public ImageOutcome process(SourceRecord source) {
    Prepared prepared = prepare(source);
    if (prepared instanceof Prepared.Failed failed) {
      return failed.outcome();
    }
    return score(List.of(((Prepared.Ready) prepared).image())).get(0);
  }

  /** Either an image ready for the model, or the dead letter saying why not. */
  public sealed interface Prepared {
    record Ready(PreparedImage image) implements Prepared {}

    record Failed(ImageOutcome.Rejected outcome) implements Prepared {}
  }

  public Prepared prepare(SourceRecord source) {
    ImageEvent event = null;
    Map<String, Double> stageMillis = new LinkedHashMap<>();
    try {
      event = read(source);
      ImageRequest request = ImageEvents.toRequest(key(source), event);
      byte[] bytes = timed(PipelineStage.FETCH, stageMillis, fetchBytes(request));
      ImageRequest req = request;
      DecodedImage decoded =
          timed(PipelineStage.DECODE, stageMillis, () -> decode(bytes, req.declaredContentType()));
      List<RoiRequest> requested = new ArrayList<>(staticRois.apply(request.feedId()));
      requested.addAll(request.rois());
      requested.addAll(detect(request.feedId(), decoded, stageMillis));
      RoiPlan plan =
          timed(PipelineStage.ROIS, stageMillis, () -> planner.plan(decoded.image(), requested));
      if (plan.segmentMillis() > 0) {
        stageMillis.put(PipelineStage.SEGMENT.tag(), plan.segmentMillis());
        metrics.stage(PipelineStage.SEGMENT, Duration.ofNanos((long) (plan.segmentMillis() * 1e6)));
      }
      return new Prepared.Ready(new PreparedImage(source, request, decoded, plan, stageMillis));
    } catch (Rejection r) {
      ImageOutcome.Rejected rejected = reject(source, r.stage(), r.getMessage(), r.getCause());
      if (event != null) {
        DeadLetters.named(rejected.deadLetter(), event);
      }
      return new Prepared.Failed(rejected);
    }
  }

  /** Scores a batch of prepared images in one call to the model; one outcome each, in order. */
  public List<ImageOutcome> score(List<PreparedImage> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    List<ImageJob> jobs =
        batch.stream().map(p -> new ImageJob(p.decoded().image(), p.plan().rois())).toList();
    long start = System.nanoTime();
    List<ImageResult> results;
    try {
      results = model.score(jobs);
    } catch (RuntimeException e) {
      return batch.stream().map(p -> (ImageOutcome) modelFailed(p, e)).toList();
    }
    double perImageMillis = (System.nanoTime() - start) / 1e6 / batch.size();
    List<ImageOutcome> outcomes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      PreparedImage image = batch.get(i);
      image.stageMillis().put(PipelineStage.SCORE.tag(), perImageMillis);
      metrics.stage(PipelineStage.SCORE, Duration.ofNanos((long) (perImageMillis * 1e6)));
      ImageOutcome.Scored scored = ResultRecords.scored(image, results.get(i), model.info());
      outcomes.add(thumbnailDue(image.request()) ? withThumbnail(scored, image) : scored);
      metrics.imageScored();
      results.get(i).regions().forEach(r -> metrics.regionScored(r.roi().source()));
    }
    return outcomes;
  }

  /**
   * The dead letter of a record whose preparation or scoring failed in a way nobody expected (a
   * bug), when it ran away from the stream thread that would have handed it to the processing
   * exception handler.
   */
  public ImageOutcome.Rejected unexpected(SourceRecord source, Throwable cause) {
    ImageOutcome.Rejected rejected =
        reject(source, FailedStage.INTERNAL, "unexpected error while scoring: " + cause, cause);
    DeadLetters.readQuietly(events, source)
        .ifPresent(event -> DeadLetters.named(rejected.deadLetter(), event));
    return rejected;
  }

  private ImageOutcome.Rejected modelFailed(PreparedImage image, RuntimeException e) {
    ImageOutcome.Rejected rejected =
        reject(image.source(), FailedStage.SCORE, "the quality model failed: " + e, e);
    rejected.deadLetter().setFeedId(image.request().feedId());
    rejected.deadLetter().setImageId(image.request().imageId());
    return rejected;
  }

  private boolean thumbnailDue(ImageRequest request) {
    if (thumbnails == null) {
      return false;
    }
    long at = request.captureTime();
    Long last = lastThumbnail.get(request.feedId());
    // A capture time that goes back (a replay, a reset clock) starts over.
    if (last != null && at >= last && at - last < thumbnailMillis) {
      return false;
    }
    lastThumbnail.put(request.feedId(), at);
    return true;
  }

  private ImageOutcome.Scored withThumbnail(ImageOutcome.Scored scored, PreparedImage image) {
    long start = System.nanoTime();
    Thumbnailer.Thumbnail thumbnail = thumbnails.of(image.decoded().image());
    metrics.stage(PipelineStage.THUMBNAIL, Duration.ofNanos(System.nanoTime() - start));
    return new ImageOutcome.Scored(
        scored.image(), scored.regions(), ThumbnailRecords.of(scored, thumbnail));
  }

  private ImageEvent read(SourceRecord source) throws Rejection {
    if (source.value() == null) {
      throw new Rejection(FailedStage.DESERIALIZE, "record has no value");
    }
    try {
      return events.deserialize(source.topic(), source.value());
    } catch (RuntimeException e) {
      if (RegistryUnreachableException.isCauseOf(e)) {
        // Not the record's fault: the stream thread waits and reads it again (see the service).
        throw e;
      }
      throw new Rejection(FailedStage.DESERIALIZE, "not an ImageEvent: " + e.getMessage(), e);
    }
  }

  /** The regions the detectors find for the feed, timed; none when it asks for none. */
  private List<RoiRequest> detect(
      String feed, DecodedImage decoded, Map<String, Double> stageMillis) throws Rejection {
    if (!detector.looksAt(feed)) {
      return List.of();
    }
    return timed(
        PipelineStage.DETECT,
        stageMillis,
        () -> {
          try {
            return detector.find(feed, decoded.image());
          } catch (RuntimeException e) {
            throw new Rejection(FailedStage.ROI, "the detector failed: " + e.getMessage(), e);
          }
        });
  }

  private Step<byte[]> fetchBytes(ImageRequest request) {
    return () -> {
      if (request.inlineBytes() != null) {
        return request.inlineBytes();
      }
      try {
        return fetcher.fetch(request.uri());
      } catch (ImageFetchException e) {
        throw new Rejection(
            FailedStage.FETCH, "cannot fetch " + request.uri() + ": " + e.getMessage(), e);
      }
    };
  }

  private DecodedImage decode(byte[] bytes, String declaredType) throws Rejection {
    try {
      return decoder.decode(bytes, declaredType);
    } catch (ImageDecodeException e) {
      throw new Rejection(FailedStage.DECODE, e.getMessage(), e);
    }
  }

  private ImageOutcome.Rejected reject(
      SourceRecord source, FailedStage stage, String reason, Throwable cause) {
    metrics.deadLetter(stage);
    return new ImageOutcome.Rejected(DeadLetters.of(source, stage, reason, cause, clock.millis()));
  }

  private static String key(SourceRecord source) {
    return source.key() == null
        ? null
        : new String(source.key(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws Rejection;
  }

  private <T> T timed(PipelineStage stage, Map<String, Double> stageMillis, Step<T> step)
      throws Rejection {
    long start = System.nanoTime();
    T result = step.run();
    long took = System.nanoTime() - start;
    stageMillis.put(stage.tag(), took / 1e6);
    metrics.stage(stage, Duration.ofNanos(took));
    return result;
  }
}
