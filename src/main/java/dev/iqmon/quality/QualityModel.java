package dev.iqmon.quality;

import java.util.List;

/**
 * Scores regions of images, a batch at a time: one result per job, in order. Implementations are
 * safe to call from several threads and release native resources on {@link #close()}.
 */
public interface QualityModel extends AutoCloseable {

  ModelInfo info();

  List<ImageResult> score(List<ImageJob> jobs);

  @Override
  default void close() {}
}
