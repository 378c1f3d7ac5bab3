"""Full-reference ground truth of a synthetic sample: how damaged each pixel and each region is.

Both images are first brought to GMSD's viewing scale (a 2 x 2 average, then every second pixel),
then compared by three per-pixel terms, each 0 for identical pixels:

  structure  1 - gradient magnitude similarity of the luma (GMSD's GMS map: Prewitt, c = 170/255^2);
             blur, noise, blocking, clipping, haze and occlusion all change local gradients
  luminance  |difference of local mean luma| (Gaussian window, sigma 2), 0..1
  chroma     CIELAB a*b* distance of local means (sigma 2), in Lab units

A region's damage pools the structure term GMSD's way (its mean plus its standard deviation over the
region: the deviation pooling that puts blur, noise and compression on one scale) and adds the mean
luminance and chroma shifts; pseudo-MOS = 100 exp(-damage / TAU).
"""
import cv2
import numpy as np

import common

TAU = 0.16            # pseudo-MOS decay: damage 0.16 -> MOS 37
W_LUM = 0.18          # weight of the luminance shift
CHROMA_SCALE = 150.0  # Lab units of chroma shift that count as damage 1
VISIBLE = 0.035       # per-pixel damage below this counts as clean
SCALE = 2             # GMSD's subsampling factor
_LUMA = np.float32([0.299, 0.587, 0.114])


def viewing_scale(img):
    """The 2 x 2 average subsampled by 2 (sides floor(n / 2))."""
    h, w = img.shape[:2]
    return cv2.resize(img[:h // SCALE * SCALE, :w // SCALE * SCALE], (w // SCALE, h // SCALE),
                      interpolation=cv2.INTER_AREA)


def terms(ref, dst):
    """structure, luminance and chroma maps between two float32 RGB images in [0, 1]."""
    kx = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], np.float32) / 3
    yr, yd = ref @ _LUMA, dst @ _LUMA

    def gm(y):
        gx = cv2.filter2D(y, -1, kx, borderType=cv2.BORDER_REFLECT)
        gy = cv2.filter2D(y, -1, kx.T, borderType=cv2.BORDER_REFLECT)
        return np.sqrt(gx * gx + gy * gy)

    gr, gd = gm(yr), gm(yd)
    c = 170.0 / 255 ** 2
    structure = np.clip(1 - (2 * gr * gd + c) / (gr * gr + gd * gd + c), 0, 1)
    blur2 = lambda x: cv2.GaussianBlur(x, (0, 0), 2.0, borderType=cv2.BORDER_REFLECT)  # noqa: E731
    lum = np.abs(blur2(yr) - blur2(yd))
    lr, ld = cv2.cvtColor(ref, cv2.COLOR_RGB2Lab), cv2.cvtColor(dst, cv2.COLOR_RGB2Lab)
    chroma = np.sqrt(((blur2(lr[..., 1:]) - blur2(ld[..., 1:])) ** 2).sum(-1))
    return structure, lum, chroma


def damage_map(structure, lum, chroma):
    """Per-pixel visible damage in [0, 1]: the terms weighted as in region_damage, smoothed (sigma 1)."""
    delta = structure + W_LUM * lum + chroma / CHROMA_SCALE
    return np.clip(cv2.GaussianBlur(delta, (0, 0), 1.0, borderType=cv2.BORDER_REFLECT), 0, 1)


def region_damage(structure, lum, chroma, m):
    s = structure[m]
    return float(0.5 * (s.mean() + s.std()) + W_LUM * lum[m].mean() + chroma[m].mean() / CHROMA_SCALE)


def mos_of(d):
    return float(100.0 * np.exp(-d / TAU))


def gmsd(ref_u8, dst_u8):
    """GMSD itself (lower = better) between two uint8 RGB images of the same size."""
    ref = viewing_scale(ref_u8.astype(np.float32) / 255)
    dst = viewing_scale(dst_u8.astype(np.float32) / 255)
    return float(terms(ref, dst)[0].std())


class Truth:
    """Labels of one sample: pristine and distorted uint8 images, the primary type applied per pixel
    (type + 1, 0 = untouched) and every type applied per pixel ([types, H, W] booleans)."""

    def __init__(self, pristine, distorted, applied, present):
        ref = viewing_scale(pristine.astype(np.float32) / 255)
        dst = viewing_scale(distorted.astype(np.float32) / 255)
        self.terms = terms(ref, dst)
        self.delta = damage_map(*self.terms)
        hh, hw = self.delta.shape
        self.visible = self.delta >= VISIBLE
        self.applied = cv2.resize(applied, (hw, hh), interpolation=cv2.INTER_NEAREST)
        self.present = np.stack([cv2.resize(p.astype(np.uint8), (hw, hh), interpolation=cv2.INTER_NEAREST) > 0
                                 for p in present]) & self.visible
        self.total = float(self.delta.sum())

    def roi(self, mask, type_share):
        """mos, damage, types, importance of an image-sized mask; None for a region too small to judge."""
        hh, hw = self.delta.shape
        m = cv2.resize(mask.astype(np.uint8), (hw, hh), interpolation=cv2.INTER_NEAREST).astype(bool)
        if m.sum() < 64:
            return None
        d = region_damage(*self.terms, m)
        share = self.present[:, m].sum(1) / m.sum()
        importance = float(self.delta[m].sum() / self.total) if self.total > 1e-3 * m.size else float(m.mean())
        return dict(mos=mos_of(d), damage=d, types=(share >= type_share).astype(np.uint8), importance=importance)

    def dense(self):
        """Per feature cell: the majority class (0 = clean, 1.. = type + 1) and the mean damage."""
        c = common.CELL // SCALE
        hh, hw = self.delta.shape
        gh, gw = hh // c, hw // c
        cls = np.where(self.visible, self.applied, 0)[:gh * c, :gw * c].astype(np.int64)
        onehot = np.eye(len(common.DISTORTIONS) + 1, dtype=np.float32)[cls]
        counts = onehot.reshape(gh, c, gw, c, -1).sum((1, 3))
        sev = self.delta[:gh * c, :gw * c].reshape(gh, c, gw, c).mean((1, 3))
        return counts.argmax(-1).astype(np.uint8), sev.astype(np.float16)
