/**
 * The classical quality model: explainable measurements on each region, a documented formula, no
 * learned weights. It is the CPU scorer, the fallback when no learned model is loaded, and the
 * explanation published beside a learned model's score.
 *
 * <p>Pipeline per region: {@code RegionSampler} shrinks the region's luma to the working scale (set
 * by the frame: about 512x512, never enlarged), {@code Gradients} derives fine and coarse gradients
 * and a noise residual, the meters turn them into {@link dev.iqmon.quality.classical.Indicators},
 * and {@code ScoreFormula} maps each indicator through a calibrated curve to a quality, combines
 * the damages {@code -ln(q / 100)} as a Euclidean norm and scores {@code 100 * exp(-norm)}.
 */
package dev.iqmon.quality.classical;
