"""Correlation and segmentation measures of the evaluation: SRCC, PLCC after the VQEG 4-parameter
logistic fit, macro-F1 of the distortion types, IoU of the dense damage classes."""
import warnings

import numpy as np
from scipy import optimize, stats


def logistic4(value, b1, b2, b3, b4):
    with np.errstate(over='ignore'):
        return b2 + (b1 - b2) / (1 + np.exp(-(value - b3) / (abs(b4) + 1e-9)))


def plcc4(pred, mos):
    """Pearson correlation after fitting mos ~ logistic4(pred) (VQEG); signed by the fit's direction."""
    if len(pred) < 5:
        return float(stats.pearsonr(pred, mos)[0])
    standardised = (pred - pred.mean()) / (pred.std() + 1e-12)
    best = None
    for start in ([mos.max(), mos.min(), 0, 1], [mos.min(), mos.max(), 0, 1]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                params, _ = optimize.curve_fit(logistic4, standardised, mos, p0=start, maxfev=20000)
        except (RuntimeError, ValueError):
            continue
        fit = logistic4(standardised, *params)
        if np.std(fit) == 0:
            continue
        err = float(((fit - mos) ** 2).sum())
        if best is None or err < best[0]:
            best = (err, stats.pearsonr(fit, mos)[0] * (1 if params[0] >= params[1] else -1))
    return float(best[1]) if best else float(stats.pearsonr(pred, mos)[0])


def corr(pred, mos):
    pred, mos = np.asarray(pred, float), np.asarray(mos, float)
    ok = np.isfinite(pred)
    if ok.sum() < 3 or np.std(pred[ok]) == 0:
        return float('nan'), float('nan')
    return float(stats.spearmanr(pred[ok], mos[ok])[0]), plcc4(pred[ok], mos[ok])


def macro_f1(prob, truth, thr=0.5):
    f1s = []
    for kind in range(truth.shape[1]):
        said, true = prob[:, kind] >= thr, truth[:, kind] > 0
        tp, fp, fn = (said & true).sum(), (said & ~true).sum(), (~said & true).sum()
        f1s.append(float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else None)
    return float(np.mean([f1 for f1 in f1s if f1 is not None])), f1s


def ious(pred, truth, n_classes=9):
    per_class = []
    for cls in range(n_classes):
        inter, union = ((pred == cls) & (truth == cls)).sum(), ((pred == cls) | (truth == cls)).sum()
        if (truth == cls).any():
            per_class.append(inter / union)
    deg_inter = ((pred > 0) & (truth > 0)).sum()
    deg_union = ((pred > 0) | (truth > 0)).sum()
    return float(np.mean(per_class)), float(deg_inter / max(deg_union, 1))


