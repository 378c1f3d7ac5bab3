package dev.iqmon.app;

import com.sun.management.OperatingSystemMXBean;
import dev.iqmon.config.IqmonConfig;
import dev.iqmon.image.DecodedImage;
import dev.iqmon.image.ImageDecoder;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.roi.RoiFinder;
import dev.iqmon.roi.RoiPlan;
import dev.iqmon.roi.RoiPlanner;
import dev.iqmon.roi.RoiRequest;
import dev.iqmon.stream.StaticRois;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scoring loop without Kafka: decode, detect (when the feed asks), place the feed's regions,
 * score, image after image, on {@code threads} threads that take the next image as they finish one.
 */
final class PerfBareLoop {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final ImageDecoder decoder;
  private final RoiPlanner planner;
  private final List<RoiRequest> regions;
  private final QualityModel model;
  private final RoiFinder detector;
  private final String feed;

  PerfBareLoop(IqmonConfig config, String feed, QualityModel model, RoiFinder detector) {
    this.decoder = PipelineParts.decoder(config.images());
    this.planner = new RoiPlanner(config.rois().limits(), Optional.empty());
    this.regions = StaticRois.of(config).apply(feed);
    this.model = model;
    this.detector = detector;
    this.feed = feed;
  }

  PerfMeasurement run(List<byte[]> files, int threads) {
    long[] latency = new long[files.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int skipped = PerfMeasurement.skipped(files.size());
    long[] mark = new long[2];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                  long began = System.nanoTime();
                  score(files.get(i));
                  latency[i] = System.nanoTime() - began;
                  if (done.incrementAndGet() == skipped) {
                    mark[0] = System.nanoTime();
                    mark[1] = processCpuNanos();
                  }
                }
              },
              "perf-bare-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return PerfMeasurement.of(
        latency, files.size() - skipped, System.nanoTime() - mark[0], processCpuNanos() - mark[1]);
  }

  private void score(byte[] file) {
    DecodedImage decoded = decoder.decode(file, "image/jpeg");
    List<RoiRequest> requests = new ArrayList<>(regions);
    requests.addAll(detector.find(feed, decoded.image()));
    RoiPlan plan = planner.plan(decoded.image(), requests);
    model.score(List.of(new ImageJob(decoded.image(), plan.rois())));
  }

  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }
}
