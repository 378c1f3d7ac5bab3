package dev.iqmon.quality.learned;

import dev.iqmon.inference.NativeBuffers;
import dev.iqmon.quality.Distortion;
import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.LevelDistribution;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import dev.iqmon.quality.RegionQuality;
import dev.iqmon.quality.ScoredRegion;
import dev.iqmon.quality.classical.ClassicalModel;
import dev.iqmon.quality.learned.StageTimes.Stage;
import dev.iqmon.roi.Roi;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * iqmon's own ROI quality model. A batch is scored in two network calls: the encoder once over all
 * its images, then the ROI head once over all their regions, the regions asked for and the damaged
 * regions the encoder's dense head found ({@link DegradedRegions}). Each region gets the five level
 * probabilities (softmax of the head's logits), the probability of each distortion, an importance,
 * and, when {@code explain} is on, the classical model's indicators as the explanation.
 *
 * <p>Pre-processing ({@link SquashResize}, {@link ImageTensor}, {@link RoiGrid}) and
 * post-processing are plain Java; the networks are behind {@link QualityNetworks}.
 */
public final class LearnedModel implements QualityModel {

  private final QualityNetworks networks;
  private final NetworkContract contract;
  private final DegradedRegions degraded;
  private final ClassicalModel explainer;
  private final ModelInfo info;
  private final StageTimes times = new StageTimes();

  /** Takes ownership of the networks and closes them on {@link #close()}. */
  public LearnedModel(QualityNetworks networks, DegradedRegionSettings degraded, boolean explain) {
    this.networks = networks;
    this.contract = networks.contract();
    this.degraded = new DegradedRegions(degraded, contract.distortions());
    this.explainer = explain ? new ClassicalModel() : null;
    this.info =
        new ModelInfo(
            contract.modelId(),
            contract.modelVersion() + (contract.trained() ? "" : "+untrained"),
            networks.provider());
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  public NetworkContract contract() {
    return contract;
  }

  /** Time spent per stage since the model was made. */
  public StageTimes times() {
    return times;
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    FloatBuffer images = preprocess(jobs);
    start = lap(Stage.PREPROCESS, start);
    List<List<Roi>> rois = new ArrayList<>();
    QualityNetworks.RoiOutputs outputs;
    try (QualityNetworks.Encoded encoded = networks.encode(images, jobs.size())) {
      start = lap(Stage.ENCODER, start);
      for (int i = 0; i < jobs.size(); i++) {
        rois.add(withDegraded(jobs.get(i), encoded, i));
      }
      start = lap(Stage.DEGRADED_REGIONS, start);
      outputs = scoreRois(jobs, rois, encoded);
    }
    start = System.nanoTime();
    List<ImageResult> results = new ArrayList<>(jobs.size());
    int k = 0;
    for (int i = 0; i < jobs.size(); i++) {
      List<ScoredRegion> regions = new ArrayList<>();
      for (Roi roi : rois.get(i)) {
        regions.add(new ScoredRegion(roi, quality(outputs, k++, jobs.get(i), roi)));
      }
      results.add(new ImageResult(regions));
    }
    lap(Stage.EXPLAIN, start);
    return results;
  }

  private FloatBuffer preprocess(List<ImageJob> jobs) {
    int s = contract.inputSize();
    FloatBuffer images = NativeBuffers.floats(jobs.size() * 3 * s * s);
    for (ImageJob job : jobs) {
      ImageTensor.write(
          SquashResize.rgb(job.image(), s, s), s, contract.mean(), contract.std(), images);
    }
    return images.rewind();
  }

  private List<Roi> withDegraded(ImageJob job, QualityNetworks.Encoded encoded, int image) {
    List<Roi> rois = new ArrayList<>(job.rois());
    rois.addAll(
        degraded.find(
            encoded.degradationLogits(image),
            encoded.degradationSeverity(image),
            contract.denseGrid(),
            job.image().width(),
            job.image().height()));
    return rois;
  }

  private QualityNetworks.RoiOutputs scoreRois(
      List<ImageJob> jobs, List<List<Roi>> rois, QualityNetworks.Encoded encoded) {
    long start = System.nanoTime();
    int r = contract.roiGrid();
    int count = rois.stream().mapToInt(List::size).sum();
    if (count == 0) {
      return new QualityNetworks.RoiOutputs(new float[0], new float[0], new float[0]);
    }
    FloatBuffer masks = NativeBuffers.floats(count * r * r);
    LongBuffer index = NativeBuffers.longs(count);
    float[] cells = new float[r * r];
    for (int i = 0; i < jobs.size(); i++) {
      RoiGrid grid = new RoiGrid(r, jobs.get(i).image().width(), jobs.get(i).image().height());
      for (Roi roi : rois.get(i)) {
        grid.fractions(roi, cells, 0);
        masks.put(cells);
        index.put(i);
      }
    }
    start = lap(Stage.ROI_MASKS, start);
    QualityNetworks.RoiOutputs outputs =
        networks.scoreRois(encoded, masks.rewind(), index.rewind(), count);
    lap(Stage.ROI_HEAD, start);
    return outputs;
  }

  private RegionQuality quality(QualityNetworks.RoiOutputs outputs, int k, ImageJob job, Roi roi) {
    int levels = NetworkContract.LEVELS;
    LevelDistribution distribution =
        LevelDistribution.fromLogits(
            Arrays.copyOfRange(outputs.levelLogits(), k * levels, (k + 1) * levels));
    List<Distortion> types = contract.distortions();
    Map<Distortion, Double> distortions = new EnumMap<>(Distortion.class);
    for (int t = 0; t < types.size(); t++) {
      distortions.put(
          types.get(t), probability(outputs.distortionProbs()[k * types.size() + t], types.get(t)));
    }
    Map<String, Double> indicators =
        explainer == null ? Map.of() : explainer.quality(job.image(), roi).indicators();
    return new RegionQuality(
        distribution, distortions, probability(outputs.importance()[k], "importance"), indicators);
  }

  private static double probability(float p, Object what) {
    if (Float.isNaN(p)) {
      throw new IllegalStateException("the model gave NaN for " + what);
    }
    return Math.max(0.0, Math.min(1.0, p));
  }

  private long lap(Stage stage, long start) {
    long now = System.nanoTime();
    times.add(stage, now - start);
    return now;
  }

  @Override
  public void close() {
    networks.close();
  }
}
