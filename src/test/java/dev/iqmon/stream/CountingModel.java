package dev.iqmon.stream;

import dev.iqmon.quality.ImageJob;
import dev.iqmon.quality.ImageResult;
import dev.iqmon.quality.ModelInfo;
import dev.iqmon.quality.QualityModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Scores like {@link BrightnessModel} and records how many images each call scored. */
final class CountingModel implements QualityModel {

  final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
  private final BrightnessModel scorer = new BrightnessModel();

  @Override
  public ModelInfo info() {
    return scorer.info();
  }

  @Override
  public List<ImageResult> score(List<ImageJob> jobs) {
    calls.add(jobs.size());
    return scorer.score(jobs);
  }
}
