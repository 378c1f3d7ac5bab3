"""NIQE (Mittal, Soundararajan, Bovik, "Making a completely blind image quality analyzer", IEEE SPL
2013), implemented from the paper: a multivariate Gaussian (MVG) of natural-scene statistics of
sharp patches of pristine images, and a test image's distance to it.

Per patch of P x P pixels of the grey image (0..255), at two scales (the image and its half-size):
  MSCN coefficients  (I - mu) / (sigma + 1), mu and sigma local Gaussian-weighted (7 x 7, sigma 7/6)
  GGD fit of the MSCN coefficients (shape, variance)                                   -> 2 features
  AGGD fit of the products of each coefficient with its H, V, D1, D2 neighbour
  (shape, mean, left variance, right variance)                                         -> 16 features
36 features per patch. Pristine model: patches whose mean local sigma is at least 0.75 of the
image's sharpest patch, pooled over the pristine images, fitted by mean nu1 and covariance S1.
Test image: all its patches, (nu2, S2); quality = sqrt((nu1 - nu2)^T ((S1 + S2) / 2)^+ (nu1 - nu2)),
lower = better. Shape parameters are found by moment matching on a grid of 0.2..10 (step 0.001).
"""
import cv2
import numpy as np
from scipy.special import gamma

PATCH = 48
_ALPHAS = np.arange(0.2, 10.0, 0.001)
_RHO = gamma(2 / _ALPHAS) ** 2 / (gamma(1 / _ALPHAS) * gamma(3 / _ALPHAS))


def _shape(r):
    return _ALPHAS[np.argmin((_RHO - r) ** 2)]


def _ggd(x):
    var = np.mean(x * x)
    r = np.mean(np.abs(x)) ** 2 / (var + 1e-12)
    return [_shape(r), var]


def _aggd(x):
    left, right = x[x < 0], x[x >= 0]
    sl = np.sqrt(np.mean(left * left)) if left.size else 1e-6
    sr = np.sqrt(np.mean(right * right)) if right.size else 1e-6
    g = sl / max(sr, 1e-12)
    r = np.mean(np.abs(x)) ** 2 / (np.mean(x * x) + 1e-12)
    rr = r * (g ** 3 + 1) * (g + 1) / (g * g + 1) ** 2
    a = _shape(rr)
    bl = sl * np.sqrt(gamma(1 / a) / gamma(3 / a))
    br = sr * np.sqrt(gamma(1 / a) / gamma(3 / a))
    eta = (br - bl) * gamma(2 / a) / gamma(1 / a)
    return [a, eta, sl * sl, sr * sr]


def _mscn(grey):
    mu = cv2.GaussianBlur(grey, (7, 7), 7 / 6, borderType=cv2.BORDER_REPLICATE)
    sigma = np.sqrt(np.abs(cv2.GaussianBlur(grey * grey, (7, 7), 7 / 6, borderType=cv2.BORDER_REPLICATE) - mu * mu))
    return (grey - mu) / (sigma + 1), sigma


def _patch_features(m):
    feats = _ggd(m)
    for shifted in (m[:, 1:] * m[:, :-1], m[1:, :] * m[:-1, :], m[1:, 1:] * m[:-1, :-1], m[1:, :-1] * m[:-1, 1:]):
        feats += _aggd(shifted)
    return feats


def features(rgb_u8, patch=PATCH):
    """(features [n_patches, 36], sharpness [n_patches]) of an RGB uint8 image."""
    grey = cv2.cvtColor(rgb_u8, cv2.COLOR_RGB2GRAY).astype(np.float64)
    h, w = grey.shape
    ph, pw = h // patch, w // patch
    if ph == 0 or pw == 0:
        return np.zeros((0, 36)), np.zeros(0)
    grey = grey[:ph * patch, :pw * patch]
    out, sharp = [], []
    for scale in (1, 2):
        img = grey if scale == 1 else cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_CUBIC)
        m, sigma = _mscn(img)
        p = patch // scale
        rows = []
        for i in range(ph):
            for j in range(pw):
                rows.append(_patch_features(m[i * p:(i + 1) * p, j * p:(j + 1) * p]))
                if scale == 1:
                    sharp.append(sigma[i * p:(i + 1) * p, j * p:(j + 1) * p].mean())
        out.append(np.array(rows))
    return np.hstack(out), np.array(sharp)


def fit_pristine(images, patch=PATCH):
    rows = []
    for img in images:
        f, sharp = features(img, patch)
        if len(f):
            rows.append(f[sharp >= 0.75 * sharp.max()])
    x = np.vstack(rows)
    return dict(mu=x.mean(0), cov=np.cov(x, rowvar=False), patches=len(x))


def score(model, rgb_u8, patch=PATCH):
    f, _ = features(rgb_u8, patch)
    if len(f) == 0:
        return float('nan')
    mu2 = f.mean(0)
    cov2 = np.cov(f, rowvar=False) if len(f) > 1 else np.zeros_like(model['cov'])
    d = model['mu'] - mu2
    return float(np.sqrt(max(d @ np.linalg.pinv((model['cov'] + cov2) / 2) @ d, 0)))
