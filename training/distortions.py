"""Distortions applied inside a region, at 5 strengths each (1 = slight .. 5 = severe).

Every function takes a float32 RGB image in [0, 1] at its native size, the strength, a random
generator and `f`, the ratio of the image's short side to the model input size S; parameters that
act over a distance (blur radii, noise grain) are multiplied by `f` where that keeps their effect
as seen at S comparable across image sizes. Each returns (distorted image, alpha) where alpha in
[0, 1] (or None = everywhere) limits where the distortion lands inside the region, e.g. the occluder.
"""
import cv2
import numpy as np

import common


def _srgb_to_lin(x):
    x = np.clip(x, 0, 1)
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _lin_to_srgb(x):
    x = np.clip(x, 0, 1)
    return np.where(x <= 0.0031308, x * 12.92, 1.055 * np.power(x, 1 / 2.4) - 0.055).astype(np.float32)


def _luma(img):
    return img @ np.array([0.299, 0.587, 0.114], np.float32)


def _quantise(img):
    return np.round(np.clip(img, 0, 1) * 255) / 255


def gaussian_blur(img, k, f=1.0, jitter=1.0):
    s = [0.8, 1.4, 2.3, 3.6, 5.5][k - 1] * f * jitter
    return cv2.GaussianBlur(img, (0, 0), s, borderType=cv2.BORDER_REFLECT)


def white_noise(img, k, rng, f=1.0, jitter=1.0, luma_only=False):
    h, w = img.shape[:2]
    s = [0.012, 0.022, 0.037, 0.057, 0.085][k - 1] * f * jitter
    grain = rng.standard_normal((h, w, 3)).astype(np.float32) * s
    if luma_only:
        grain = np.repeat(grain[..., :1], 3, axis=2)
    return _quantise(img + grain)


def jpeg(img, quality):
    u8 = (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
    ok, buf = cv2.imencode('.jpg', cv2.cvtColor(u8, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, max(quality, 2)])
    dec = cv2.cvtColor(cv2.imdecode(buf, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return dec.astype(np.float32) / 255


JPEG_QUALITY = [30, 18, 11, 7, 4]


def blur(img, k, rng, f):
    kind = rng.choice(['gaussian', 'defocus', 'motion'], p=[0.4, 0.35, 0.25])
    if kind == 'gaussian':
        return gaussian_blur(img, k, f, rng.uniform(0.85, 1.15)), None
    if kind == 'defocus':
        r = [1.3, 2.2, 3.5, 5.2, 7.5][k - 1] * f * rng.uniform(0.85, 1.15)
        n = int(np.ceil(r)) * 2 + 1
        yy, xx = np.mgrid[:n, :n] - n // 2
        ker = np.clip(r + 0.5 - np.sqrt(xx ** 2 + yy ** 2), 0, 1).astype(np.float32)
    else:
        length = [3, 6, 10, 15, 22][k - 1] * f * rng.uniform(0.85, 1.15)
        n = int(np.ceil(length)) | 1
        ker = np.zeros((n, n), np.float32)
        cv2.line(ker, (0, n // 2), (n - 1, n // 2), 1.0, 1)
        rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), rng.uniform(0, 180), 1.0)
        ker = cv2.warpAffine(ker, rot, (n, n), flags=cv2.INTER_LINEAR)
    ker /= ker.sum()
    return cv2.filter2D(img, -1, ker, borderType=cv2.BORDER_REFLECT), None


def noise(img, k, rng, f):
    h, w = img.shape[:2]
    if rng.random() < 0.5:  # additive white Gaussian noise, per channel (30 %: luma-only grain)
        return white_noise(img, k, rng, f, rng.uniform(0.85, 1.15), rng.random() < 0.3), None
    # sensor noise: Poisson photon noise in linear light + Gaussian read noise, then the tone curve
    peak = [900, 300, 110, 45, 18][k - 1] / (f * f) * rng.uniform(0.8, 1.25)
    lin = _srgb_to_lin(img)
    shot = rng.poisson(lin * peak).astype(np.float32) / peak
    read = rng.standard_normal((h, w, 3)).astype(np.float32) * (0.6 / peak ** 0.5 * 0.3)
    return _quantise(_lin_to_srgb(shot + read)).astype(np.float32), None


def compression(img, k, rng, f):
    return jpeg(img, int(JPEG_QUALITY[k - 1] * rng.uniform(0.85, 1.15))), None


def exposure(img, k, rng, f):
    lin = _srgb_to_lin(img)
    if rng.random() < 0.5:
        ev = [0.45, 0.85, 1.3, 1.85, 2.5][k - 1] * rng.uniform(0.9, 1.1)
    else:
        ev = -[0.6, 1.1, 1.7, 2.4, 3.2][k - 1] * rng.uniform(0.9, 1.1)
    return _quantise(_lin_to_srgb(lin * 2.0 ** ev)), None


def contrast(img, k, rng, f):
    c = [0.72, 0.55, 0.42, 0.3, 0.18][k - 1] * rng.uniform(0.9, 1.1)
    mean = img.reshape(-1, 3).mean(0)
    return _quantise(mean + (img - mean) * c), None


def colorfulness(img, k, rng, f):
    y = _luma(img)[..., None]
    if rng.random() < 0.5:  # desaturation
        s = [0.55, 0.38, 0.24, 0.12, 0.0][k - 1]
        return _quantise(y + (img - y) * s), None
    # colour cast (wrong white balance): channel gains along a random hue direction
    m = [0.1, 0.18, 0.28, 0.4, 0.55][k - 1] * rng.uniform(0.9, 1.1)
    ang = rng.uniform(0, 2 * np.pi)
    gains = 1 + m * np.array([np.cos(ang), np.cos(ang - 2.094), np.cos(ang + 2.094)], np.float32)
    out = img * gains
    return _quantise(out * (_luma(img) / np.maximum(_luma(out), 1e-4))[..., None]), None


def haze(img, k, rng, f):
    t = [0.84, 0.7, 0.56, 0.42, 0.3][k - 1] * rng.uniform(0.92, 1.08)
    air = rng.uniform(0.72, 0.95) + rng.uniform(-0.04, 0.04, 3)
    out = img
    if rng.random() < 0.5:  # smudge on the lens: a glow of the scene as well as a veil
        glow = cv2.GaussianBlur(img, (0, 0), 4.0 * f, borderType=cv2.BORDER_REFLECT)
        out = img * (0.55 + 0.45 * t) + glow * (0.45 - 0.45 * t)
    return _quantise(out * t + air.astype(np.float32) * (1 - t)), None


def occlusion(img, k, rng, f, region=None):
    """An out-of-focus object in front of the lens (finger, strap, leaf) covering part of the region."""
    h, w = img.shape[:2]
    cover = [0.1, 0.2, 0.35, 0.5, 0.7][k - 1]
    reg = region if region is not None else np.ones((h, w), bool)
    ys, xs = np.nonzero(reg)
    # a half-plane through the region, at an angle, swept until it covers the wanted fraction
    ang = rng.uniform(0, 2 * np.pi)
    proj = xs * np.cos(ang) + ys * np.sin(ang)
    thr = np.quantile(proj, 1 - cover)
    yy, xx = np.mgrid[:h, :w]
    wobble = 0.08 * max(h, w) * np.sin(rng.uniform(0.5, 2.0) * 6.283 * (-xx * np.sin(ang) + yy * np.cos(ang)) / max(h, w) + rng.uniform(0, 6.3))
    alpha = ((xx * np.cos(ang) + yy * np.sin(ang) + wobble) >= thr).astype(np.float32)
    alpha = cv2.GaussianBlur(alpha, (0, 0), 2.0 * f + 1)
    tone = rng.choice(['skin', 'dark', 'grey'])
    base = {'skin': rng.uniform([0.45, 0.28, 0.2], [0.75, 0.5, 0.38]),
            'dark': rng.uniform(0.02, 0.15, 3), 'grey': rng.uniform(0.3, 0.6) + rng.uniform(-0.03, 0.03, 3)}[tone]
    shade = cv2.GaussianBlur(rng.standard_normal((h // 8 + 1, w // 8 + 1)).astype(np.float32), (0, 0), 2)
    shade = cv2.resize(shade, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    obj = np.clip(base.astype(np.float32) * (1 + 0.25 * shade / (np.abs(shade).max() + 1e-6)), 0, 1)
    return obj.astype(np.float32), alpha


FUNCTIONS = dict(blur=blur, noise=noise, compression=compression, exposure=exposure, contrast=contrast,
                 colorfulness=colorfulness, haze=haze, occlusion=occlusion)
assert tuple(FUNCTIONS) == common.DISTORTIONS


def apply(img, name, k, rng, f, region):
    if name == 'occlusion':
        out, alpha = occlusion(img, k, rng, f, region)
    else:
        out, alpha = FUNCTIONS[name](img, k, rng, f)
    return out.astype(np.float32), alpha
