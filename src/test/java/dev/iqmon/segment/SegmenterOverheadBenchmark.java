package dev.iqmon.segment;

import dev.iqmon.image.RgbImage;
import dev.iqmon.inference.Device;
import dev.iqmon.roi.ModelFrame;
import dev.iqmon.roi.RoiShape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
    measureJavaSteps(image, prompts, rounds);
  }

  /** The plain-Java steps alone, in thread CPU time, on logits shaped like the tiny decoder's. */
  private static void measureJavaSteps(RgbImage image, List<RoiShape.Prompt> prompts, int rounds) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    ModelFrame frame = new ModelFrame(WIDTH, HEIGHT, 1024);
    DecoderOutput full = boxLogits(prompts, WIDTH, HEIGHT, 1, 1);
    DecoderOutput low = boxLogits(prompts, 256, 256, frame.scaleX() / 4, frame.scaleY() / 4);
    DecoderSpec atImage = DecoderSpec.sam();
    DecoderSpec lowRes = spec(DecoderSpec.Upsampling.IQMON, "low_res_masks", 16);
    System.out.printf("%n%-44s %12s%n", "plain-Java step", "CPU ms");
    double[] total = new double[4];
    for (int r = -3; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      EncoderInput.of(image, EncoderSpec.sam());
      long t1 = cpu.getCurrentThreadCpuTime();
      PromptTensors.of(prompts, frame);
      long t2 = cpu.getCurrentThreadCpuTime();
      full.masks(prompts.size(), atImage, frame, Double.NEGATIVE_INFINITY, 1f);
      long t3 = cpu.getCurrentThreadCpuTime();
      low.masks(prompts.size(), lowRes, frame, Double.NEGATIVE_INFINITY, 1f);
      long t4 = cpu.getCurrentThreadCpuTime();
      if (r >= 0) {
        total[0] += (t1 - t0) / 1e6;
        total[1] += (t2 - t1) / 1e6 / prompts.size();
        total[2] += (t3 - t2) / 1e6 / prompts.size();
        total[3] += (t4 - t3) / 1e6 / prompts.size();
      }
    }
    String[] names = {
      "encoder input (resize, normalise, pad) /image",
      "prompt tensors /prompt",
      "mask from image-size logits /prompt",
      "mask from 256x256 logits, upsampled /prompt"
    };
    for (int i = 0; i < 4; i++) {
      System.out.printf("%-44s %12.3f%n", names[i], total[i] / rounds);
    }
  }

  /**
   * Logits of each prompt's box, distance to its edge, on a grid of {@code w x h} whose cell
   * centres sit at {@code (i + 0.5) / scale} image pixels.
   */
  private static DecoderOutput boxLogits(
      List<RoiShape.Prompt> prompts, int w, int h, double scaleX, double scaleY) {
    float[] logits = new float[prompts.size() * w * h];
    for (int b = 0; b < prompts.size(); b++) {
      RoiShape.Box box = prompts.get(b).box();
      for (int y = 0; y < h; y++) {
        double cy = (y + 0.5) / scaleY;
        for (int x = 0; x < w; x++) {
          double cx = (x + 0.5) / scaleX;
          double d =
              Math.min(
                  Math.min(cx - box.x(), box.x() + box.width() - cx),
                  Math.min(cy - box.y(), box.y() + box.height() - cy));
          logits[(b * h + y) * w + x] = (float) (8 * d);
        }
      }
    }
    float[] iou = new float[prompts.size()];
    java.util.Arrays.fill(iou, 0.9f);
    return new DecoderOutput(
        logits, new long[] {prompts.size(), 1, h, w}, iou, new long[] {prompts.size(), 1});
  }

  private static SamSegmenter open(
      Path encoder, Path decoder, DecoderSpec.Upsampling upsampling, String masks, int batch) {
    return SamSegmenter.open(
        encoder,
        decoder,
        new SamContract(EncoderSpec.sam(), spec(upsampling, masks, batch)),
        AutomaticMaskSettings.defaults(),
        Device.CPU);
  }

  private static DecoderSpec spec(DecoderSpec.Upsampling upsampling, String masks, int batch) {
    DecoderSpec d = DecoderSpec.sam();
    return new DecoderSpec(
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
