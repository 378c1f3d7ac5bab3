"""No-reference baselines computed on the same images as the model, so that its figures mean
something: variance of the Laplacian, BRISQUE (OpenCV with Debian opencv-data's LIVE model) and NIQE
(niqe.py, its pristine model fitted on the training photos). Higher is better for all three here
(BRISQUE and NIQE are negated). A region is scored on its pixels (Laplacian) or on its bounding box,
grown to at least MIN_CROP pixels a side (BRISQUE, NIQE)."""
import math
import os

import cv2
import numpy as np

import common
import niqe

BRISQUE_DIR = '/usr/share/opencv4/quality'
MIN_CROP = 64


def laplacian(rgb, mask=None):
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float64)
    lap = cv2.Laplacian(luma, cv2.CV_64F, ksize=1)
    variance = lap[mask].var() if mask is not None else lap.var()
    return math.log10(variance + 1e-6)


def bbox_crop(rgb, mask):
    ys, xs = np.nonzero(mask)
    height, width = mask.shape
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1

    def grow(lo, hi, size):
        if hi - lo >= MIN_CROP or size <= MIN_CROP:
            return max(0, lo), min(size, hi)
        centre = (lo + hi) // 2
        lo = max(0, min(centre - MIN_CROP // 2, size - MIN_CROP))
        return lo, lo + MIN_CROP
    y0, y1 = grow(y0, y1, height)
    x0, x1 = grow(x0, x1, width)
    return np.ascontiguousarray(rgb[y0:y1, x0:x1])


class Brisque:
    def __init__(self):
        self.model = os.path.join(BRISQUE_DIR, 'brisque_model_live.yml')
        self.range = os.path.join(BRISQUE_DIR, 'brisque_range_live.yml')
        self.ok = hasattr(cv2, 'quality') and os.path.isfile(self.model)

    def __call__(self, rgb):
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        return -float(cv2.quality.QualityBRISQUE_compute(bgr, self.model, self.range)[0])


def fit_niqe(photos_json, cache):
    if os.path.exists(cache):
        saved = np.load(cache)
        return dict(mu=saved['mu'], cov=saved['cov'], patches=int(saved['patches']))
    imgs = []
    for photo in common.load_json(photos_json):
        if photo['split'] != 'train':
            continue
        img = common.read_rgb(photo['file'])
        for short in (300, 448):
            scale = short / min(img.shape[:2])
            imgs.append(common.resize(img, round(img.shape[1] * scale), round(img.shape[0] * scale)))
    model = niqe.fit_pristine(imgs)
    np.savez(cache, **model)
    return model


