package dev.iqmon.segment;

import dev.iqmon.image.RgbImage;
import dev.iqmon.roi.RoiShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What iqmon adds around the segmenter's models on a 1920x1080 image at the SAM contract's real
 * sizes (1024 input, 64x64 embeddings, 256x256 low-resolution masks): per image, building the
 * encoder's input (resize, normalise, pad) and copying the embeddings out; per prompt, building the
 * decoder's tensors, and turning its output into a mask (choose the candidate, upsample when asked,
 * threshold, stability). The models are the tests' tiny ones, so their own time is not a real
 * model's and is printed only for scale. Wall time of the calling thread. A command, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.iqmon.segment.SegmenterOverheadBenchmark [-Dexec.args=20]
 * </pre>
 */
public final class SegmenterOverheadBenchmark {

  private static final int WIDTH = 1920;
  private static final int HEIGHT = 1080;

  private SegmenterOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("iqmon-sam-bench");
    Path encoder = TinySam.encoder(dir, EncoderLayout.PADDED, 1024, 64);
    Path decoder = TinySam.decoder(dir, TinySam.Decoder.sam(1024));
    RgbImage image = noise(new Random(1));
    List<RoiShape.Prompt> prompts = boxes(16, new Random(2));
    System.out.printf("%-34s %10s %10s %12s%n", "what", "pre ms", "post ms", "(model ms)");
    try (SamSegmenter s = open(encoder, decoder, DecoderSpec.Upsampling.DECODER, "masks", 16)) {
      measureEncoder(s, image, rounds);
      measureDecoder("decoder, 16 prompts/call, per prompt", s, image, prompts, rounds);
    }
    try (SamSegmenter s = open(encoder, decoder, DecoderSpec.Upsampling.DECODER, "masks", 1)) {
      measureDecoder("decoder, 1 prompt/call, per prompt", s, image, prompts, rounds);
    }
    try (SamSegmenter s =
        open(encoder, decoder, DecoderSpec.Upsampling.IQMON, "low_res_masks", 16)) {
      measureDecoder("low-res + iqmon upsampling, per prompt", s, image, prompts, rounds);
    }
  }

  private static SamSegmenter open(
      Path encoder, Path decoder, DecoderSpec.Upsampling upsampling, String masks, int batch) {
    DecoderSpec d = DecoderSpec.sam();
    DecoderSpec spec =
        new DecoderSpec(
            d.embeddings(),
            d.pointCoords(),
            d.pointLabels(),
            d.maskInput(),
            d.hasMaskInput(),
            d.origImSize(),
            masks,
            d.iouPredictions(),
            upsampling,
            d.pointFrame(),
            batch,
            0f);
    return SamSegmenter.open(
        encoder,
        decoder,
        new SamContract(EncoderSpec.sam(), spec),
        AutomaticMaskSettings.defaults(),
        "cpu");
  }

  private static void measureEncoder(SamSegmenter s, RgbImage image, int rounds) {
    for (int i = 0; i < 5; i++) {
      s.embed(image);
    }
    SegmenterStats before = s.stats();
    for (int i = 0; i < rounds; i++) {
      s.embed(image);
    }
    print("encoder, per image", before, s.stats(), rounds);
  }

  private static void measureDecoder(
      String what, SamSegmenter s, RgbImage image, List<RoiShape.Prompt> prompts, int rounds) {
    ImageEmbedding embedding = s.embed(image);
    for (int i = 0; i < 5; i++) {
      s.decode(embedding, prompts);
    }
    SegmenterStats before = s.stats();
    for (int i = 0; i < rounds; i++) {
      s.decode(embedding, prompts);
    }
    print(what, before, s.stats(), (long) rounds * prompts.size());
  }

  private static void print(String what, SegmenterStats a, SegmenterStats b, long per) {
    System.out.printf(
        "%-34s %10.3f %10.3f %12.3f%n",
        what,
        (b.preMillis() - a.preMillis()) / per,
        (b.postMillis() - a.postMillis()) / per,
        (b.modelMillis() - a.modelMillis()) / per);
  }

  private static List<RoiShape.Prompt> boxes(int n, Random random) {
    List<RoiShape.Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble() * (WIDTH - 400);
      double y = random.nextDouble() * (HEIGHT - 300);
      prompts.add(new RoiShape.Prompt(new RoiShape.Box(x, y, 400, 300, false), List.of()));
    }
    return prompts;
  }

  private static RgbImage noise(Random random) {
    int[] pixels = new int[WIDTH * HEIGHT];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(0x1000000);
    }
    return new RgbImage(WIDTH, HEIGHT, pixels);
  }
}
