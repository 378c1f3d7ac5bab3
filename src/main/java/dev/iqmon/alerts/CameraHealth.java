package dev.iqmon.alerts;

import static dev.iqmon.alerts.FrameSignature.CELLS;
import static dev.iqmon.alerts.FrameSignature.COLUMNS;
import static dev.iqmon.alerts.FrameSignature.ROWS;

import dev.iqmon.alerts.RuleSet.LensRule;
import dev.iqmon.alerts.RuleSet.SceneRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Judges one image of a feed with the camera-health rules: feed lag from its times; signal loss,
 * scene change and a blocked lens from its {@link FrameSignature} and the feed's {@link
 * SceneState}, which it updates. A frame with no picture is judged for signal loss only and teaches
 * the reference nothing; the reference learns only from frames that match it with the lens clear,
 * so neither a moved camera nor a covered lens becomes the new normal by itself.
 */
public final class CameraHealth {

  /** What to tell a rule about the image: a reading to judge, or an episode to settle. */
  public record Check(EpisodeRule rule, AlertKey key, Reading reading, boolean settle) {}

  /** The feed's scene state after the image, and the checks to apply in order. */
  public record Judgement(SceneState scene, List<Check> checks) {}

  /** The learning settings used when the scene-change rule is off but lens-blocked needs a view. */
  private static final int LEARN_IMAGES = 20;

  private static final double LEARN_WEIGHT = 0.02;
  private static final double MATCHES_BELOW = 0.2;
  private static final double UNIFORM_BELOW = 4;

  private CameraHealth() {}

  /**
   * Judges the image; {@code firing} says whether a rule (by its name) has an open episode on the
   * feed.
   */
  public static Judgement judge(
      String feed, RuleSet rules, SceneState scene, FrameFacts frame, Predicate<String> firing) {
    List<Check> checks = new ArrayList<>();
    if (rules.feedLag() != null && frame.arrivedAt() != null) {
      double delay = (frame.arrivedAt() - frame.captureTime()) / 1000.0;
      checks.add(check(feed, rules.feedLag(), frame, Math.abs(delay), lagWords(delay)));
    }
    FrameSignature signature = frame.signature();
    if (signature == null) {
      return new Judgement(scene, checks);
    }
    double uniform = rules.signalLoss() == null ? UNIFORM_BELOW : rules.signalLoss().uniformBelow();
    Optional<String> noPicture = SignalCheck.noPicture(signature, uniform);
    if (rules.signalLoss() != null) {
      checks.add(
          check(
              feed,
              rules.signalLoss().rule(),
              frame,
              noPicture.isPresent() ? 1 : 0,
              noPicture.orElse("a picture")));
    }
    if (noPicture.isPresent() || (rules.sceneChange() == null && rules.lensBlocked() == null)) {
      return new Judgement(scene, checks);
    }
    return new Judgement(view(feed, rules, scene, frame, firing, checks), checks);
  }

  private static SceneState view(
      String feed,
      RuleSet rules,
      SceneState scene,
      FrameFacts frame,
      Predicate<String> firing,
      List<Check> checks) {
    SceneRule sceneRule = rules.sceneChange();
    int learnImages = sceneRule == null ? LEARN_IMAGES : sceneRule.learnImages();
    double weight = sceneRule == null ? LEARN_WEIGHT : sceneRule.learnWeight();
    FrameSignature signature = frame.signature();
    SceneView reference = scene.reference();
    if (reference == null || reference.images() < learnImages) {
      if (rules.lensBlocked() != null) {
        checks.add(lensCheck(feed, rules.lensBlocked(), null, frame));
      }
      boolean continues = reference != null && matches(sceneRule, reference.distance(signature));
      return new SceneState(
          continues
              ? reference.learn(signature, weight)
              : SceneView.of(signature, frame.captureTime()),
          null);
    }
    double distance = reference.distance(signature);
    boolean lensClear = true;
    if (rules.lensBlocked() != null) {
      Check lens = lensCheck(feed, rules.lensBlocked(), reference, frame);
      checks.add(lens);
      lensClear = rules.lensBlocked().rule().judge(lens.reading().value()) == Verdict.CLEAR;
    }
    if (sceneRule == null) {
      return lensClear && distance < MATCHES_BELOW
          ? new SceneState(reference.learn(signature, weight), null)
          : scene;
    }
    checks.add(check(feed, sceneRule.rule(), frame, distance, null));
    Verdict verdict = sceneRule.rule().judge(distance);
    if (verdict == Verdict.CLEAR) {
      return lensClear ? new SceneState(reference.learn(signature, weight), null) : scene;
    }
    if (verdict == Verdict.NEUTRAL) {
      return scene;
    }
    SceneView candidate = scene.candidate();
    candidate =
        candidate != null && matches(sceneRule, candidate.distance(signature))
            ? candidate.learn(signature, weight)
            : SceneView.of(signature, frame.captureTime());
    long held = frame.captureTime() - candidate.since();
    if (held < sceneRule.adoptAfterMillis() || candidate.images() < learnImages) {
      return new SceneState(reference, candidate);
    }
    if (firing.test(AlertRules.SCENE_CHANGE)) {
      String words =
          AlertRules.format(
              "the new view has held for %ds (%d images); it is now the reference",
              held / 1000, candidate.images());
      checks.add(
          new Check(
              sceneRule.rule(),
              AlertKey.of(feed, AlertRules.WHOLE_FEED, AlertRules.SCENE_CHANGE),
              reading(frame, distance).withDetail(words),
              true));
    }
    return new SceneState(candidate, null);
  }

  private static boolean matches(SceneRule rule, double distance) {
    return rule == null ? distance < MATCHES_BELOW : rule.rule().judge(distance) == Verdict.CLEAR;
  }

  /**
   * The share of the view that is blocked: the textured cells of the reference that lost their
   * texture, or the model's occlusion regions when it finds the frame occluded, whichever is more.
   */
  private static Check lensCheck(String feed, LensRule rule, SceneView reference, FrameFacts f) {
    boolean[] cells = new boolean[CELLS];
    double textureShare = 0;
    List<String> words = new ArrayList<>();
    if (reference != null && reference.texturedCells() >= CELLS / 10) {
      boolean[] lost = reference.lostTexture(f.signature(), rule.textureRatio());
      int n = 0;
      for (int c = 0; c < CELLS; c++) {
        cells[c] = lost[c];
        n += lost[c] ? 1 : 0;
      }
      textureShare = n / (double) reference.texturedCells();
      words.add(
          AlertRules.format(
              "%d of %d textured cells lost their texture", n, reference.texturedCells()));
    }
    double modelShare = 0;
    if (f.occlusion() != null) {
      if (f.occlusion() >= rule.occlusionAtOrAbove()) {
        for (FrameFacts.Area area : f.occluded()) {
          modelShare += area.width() * area.height();
          mark(cells, area);
        }
      }
      words.add(
          AlertRules.format(
              "the model's occlusion probability %.2f, its occlusion regions %.0f%% of the frame",
              f.occlusion(), 100 * Math.min(1, modelShare)));
    }
    double share = Math.max(textureShare, Math.min(1, modelShare));
    Reading reading =
        reading(f, share)
            .withDetail(words.isEmpty() ? "no reference yet" : String.join("; ", words))
            .withMask(new CellMask(COLUMNS, ROWS, cells, f.width(), f.height()));
    return new Check(
        rule.rule(),
        AlertKey.of(feed, AlertRules.WHOLE_FEED, AlertRules.LENS_BLOCKED),
        reading,
        false);
  }

  private static void mark(boolean[] cells, FrameFacts.Area area) {
    int c0 = (int) Math.floor(area.x() * COLUMNS);
    int c1 = (int) Math.ceil((area.x() + area.width()) * COLUMNS);
    int r0 = (int) Math.floor(area.y() * ROWS);
    int r1 = (int) Math.ceil((area.y() + area.height()) * ROWS);
    for (int r = Math.max(0, r0); r < Math.min(ROWS, r1); r++) {
      for (int c = Math.max(0, c0); c < Math.min(COLUMNS, c1); c++) {
        cells[r * COLUMNS + c] = true;
      }
    }
  }

  private static Check check(
      String feed, EpisodeRule rule, FrameFacts frame, double value, String detail) {
    return new Check(
        rule,
        AlertKey.of(feed, AlertRules.WHOLE_FEED, rule.name()),
        reading(frame, value).withDetail(detail),
        false);
  }

  private static Reading reading(FrameFacts frame, double value) {
    return Reading.ofImage(frame.captureTime(), value, frame.imageId());
  }

  /** The delay in words: late images, or a clock ahead of the service's. */
  static String lagWords(double delaySeconds) {
    return delaySeconds >= 0
        ? "images arrive " + seconds(delaySeconds) + " after their capture time"
        : "capture times are "
            + seconds(-delaySeconds)
            + " later than arrival: the camera's clock runs ahead";
  }

  private static String seconds(double s) {
    return s >= 120
        ? String.format(Locale.ROOT, "%dm %02ds", (long) s / 60, (long) s % 60)
        : String.format(Locale.ROOT, "%.1fs", s);
  }
}
