package dev.iqmon.quality.learned;

import dev.iqmon.image.RgbImage;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * iqmon's own ROI quality model. The encoder sees each image at its own size ({@link EncoderInput}:
 * frames over {@code maxPixels} are shrunk first) and runs once for each group of same-sized images
 * of a batch, as many together as fit in {@code maxPixels}. Its cells are pooled in Java under each
 * region ({@link PooledRegions}), the regions asked for and the damaged regions its dense head
 * found ({@link DegradedRegions}), and the ROI head runs once for all regions of the batch. Each
 * region gets the five level probabilities (softmax of the head's logits), the probability of each
 * distortion, an importance, and, when {@code explain} is on, the classical model's indicators as
 * the explanation.
 *
 * <p>Pre-processing, pooling and post-processing are plain Java; the networks are behind {@link
 * QualityNetworks}.
 */
public final class LearnedModel implements QualityModel {

  private final QualityNetworks networks;
  private final NetworkContract contract;
  private final DegradedRegions degraded;
  private final ClassicalModel explainer;
  private final long maxPixels;
  private final ModelInfo info;
  private final StageTimes times = new StageTimes();

  /**
   * Takes ownership of the networks and closes them on {@link #close()}.
   *
   * @param maxPixels the most pixels the encoder sees in one call (see {@link EncoderInput})
   */
  public LearnedModel(
      QualityNetworks networks, DegradedRegionSettings degraded, boolean explain, long maxPixels) {
    this.networks = networks;
    this.contract = networks.contract();
    this.degraded = new DegradedRegions(degraded, contract.distortions());
    this.explainer = explain ? new ClassicalModel() : null;
    if (maxPixels < (long) contract.cell() * contract.cell()) {
      throw new IllegalArgumentException(
          "max pixels " + maxPixels + " is less than one cell of the model");
    }
    this.maxPixels = maxPixels;
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
    List<EncoderInput> inputs = new ArrayList<>(jobs.size());
    for (ImageJob job : jobs) {
      inputs.add(
          EncoderInput.fit(job.image().width(), job.image().height(), contract.cell(), maxPixels));
    }
    PooledRegions[] pooled = new PooledRegions[jobs.size()];
    for (List<Integer> call : EncoderInput.calls(inputs, maxPixels)) {
      encodeAndPool(jobs, inputs.get(call.get(0)), call, pooled);
    }
    QualityNetworks.RoiOutputs outputs = scoreRois(pooled);
    long start = System.nanoTime();
    List<ImageResult> results = results(jobs, pooled, outputs);
    lap(Stage.EXPLAIN, start);
    return results;
  }

  /** One encoder call over images of one size, then each image's regions found and pooled. */
  private void encodeAndPool(
      List<ImageJob> jobs, EncoderInput input, List<Integer> call, PooledRegions[] pooled) {
    long start = System.nanoTime();
    FloatBuffer images = NativeBuffers.floats(Math.toIntExact(call.size() * 3L * input.pixels()));
    for (int i : call) {
      ImageTensor.write(view(jobs.get(i).image(), input), images);
    }
    start = lap(Stage.PREPROCESS, start);
    EncodedImages encoded =
        networks.encode(images.rewind(), call.size(), input.width(), input.height());
    start = lap(Stage.ENCODER, start);
    for (int k = 0; k < call.size(); k++) {
      ImageJob job = jobs.get(call.get(k));
      CellGrid grid =
          CellGrid.of(job.image().width(), job.image().height(), input, contract.cell());
      List<Roi> rois = new ArrayList<>(job.rois());
      rois.addAll(degraded.find(encoded.logits(k), encoded.severity(k), grid));
      start = lap(Stage.DEGRADED_REGIONS, start);
      pooled[call.get(k)] = PooledRegions.pool(encoded, k, grid, rois);
      start = lap(Stage.ROI_POOLING, start);
    }
  }

  private static RgbImage view(RgbImage image, EncoderInput input) {
    return input.resizes(image.width(), image.height())
        ? SquashResize.image(image, input.width(), input.height())
        : image;
  }

  /** The ROI head once over every region of the batch, in batch order. */
  private QualityNetworks.RoiOutputs scoreRois(PooledRegions[] pooled) {
    int count = Arrays.stream(pooled).mapToInt(p -> p.rois().size()).sum();
    if (count == 0) {
      return new QualityNetworks.RoiOutputs(new float[0], new float[0], new float[0]);
    }
    long start = System.nanoTime();
    int c = contract.channels();
    FloatBuffer local = NativeBuffers.floats(count * c);
    FloatBuffer global = NativeBuffers.floats(count * c);
    FloatBuffer area = NativeBuffers.floats(count);
    for (PooledRegions image : pooled) {
      local.put(image.local());
      area.put(image.area());
      for (int k = 0; k < image.rois().size(); k++) {
        global.put(image.global());
      }
    }
    QualityNetworks.RoiOutputs outputs =
        networks.scoreRois(local.rewind(), global.rewind(), area.rewind(), count);
    lap(Stage.ROI_HEAD, start);
    return outputs;
  }

  private List<ImageResult> results(
      List<ImageJob> jobs, PooledRegions[] pooled, QualityNetworks.RoiOutputs outputs) {
    List<ImageResult> results = new ArrayList<>(jobs.size());
    int k = 0;
    for (int i = 0; i < jobs.size(); i++) {
      List<ScoredRegion> regions = new ArrayList<>();
      for (Roi roi : pooled[i].rois()) {
        regions.add(new ScoredRegion(roi, quality(outputs, k++, jobs.get(i), roi)));
      }
      results.add(new ImageResult(regions));
    }
    return results;
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
