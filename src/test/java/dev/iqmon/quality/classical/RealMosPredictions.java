package dev.iqmon.quality.classical;

import dev.iqmon.image.ImageDecoder;
import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.Roi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the classical model's whole-image scores for the images of a labels file (the
 * real-mos-sanity set) as {@code file,prediction} rows, for that set's {@code score_eval.py}. A
 * command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.quality.classical.RealMosPredictions \
 *   -Dexec.args="../shared/data/real-mos-sanity/labels.csv /tmp/classical.csv"
 * python3 ../shared/data/real-mos-sanity/score_eval.py --pred /tmp/classical.csv --summary
 * </pre>
 */
public final class RealMosPredictions {

  private RealMosPredictions() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: LABELS_CSV OUTPUT_CSV");
    }
    Path labels = Path.of(args[0]);
    ClassicalModel model = new ClassicalModel();
    ImageDecoder decoder = new ImageDecoder();
    List<String> rows = Files.readAllLines(labels);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
      out.println("file,prediction");
      for (String row : rows.subList(1, rows.size())) {
        String file = row.substring(0, row.indexOf(','));
        byte[] bytes = Files.readAllBytes(labels.resolveSibling(file));
        RgbImage image = decoder.decode(bytes).image();
        double score = model.quality(image, Roi.whole(image.width(), image.height())).score();
        out.printf("%s,%.4f%n", file, score);
      }
    }
  }
}
