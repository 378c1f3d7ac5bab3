package dev.iqmon.detect;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network that gives the same hand-made outputs for every image of a batch, and records the
 * batches it was given.
 */
final class FakeDetectorNetwork implements DetectorNetwork {

  private final DetectorContract contract;
  private final GflOutputs perImage;
  final List<Integer> batches = new ArrayList<>();
  boolean closed;

  FakeDetectorNetwork(DetectorContract contract, GflOutputs perImage) {
    this.contract = contract;
    this.perImage = perImage;
  }

  @Override
  public DetectorContract contract() {
    return contract;
  }

  @Override
  public String provider() {
    return "fake";
  }

  @Override
  public synchronized DetectorOutputs run(FloatBuffer input, int images) {
    batches.add(images);
    Map<String, float[]> values = new HashMap<>();
    perImage
        .outputs()
        .values()
        .forEach(
            (name, one) -> {
              float[] all = new float[one.length * images];
              for (int i = 0; i < images; i++) {
                System.arraycopy(one, 0, all, i * one.length, one.length);
              }
              values.put(name, all);
            });
    return new DetectorOutputs(values, images);
  }

  @Override
  public void close() {
    closed = true;
  }
}
