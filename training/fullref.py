"""Full-reference quality measures that track human scores of synthetic distortions, used as the
ground truth of the graded series (evaluate.py): GMSD (Xue et al., IEEE TIP 2014) and MS-SSIM (Wang,
Simoncelli and Bovik, Asilomar 2003), both on the luma of uint8 RGB images of the same size.
Higher is better for both here: GMSD is returned negated.
"""
import cv2
import numpy as np

import damage

_LUMA = np.float32([0.299, 0.587, 0.114])
MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def neg_gmsd(ref_u8, dst_u8):
    """-GMSD: the standard deviation of the gradient magnitude similarity at GMSD's viewing scale."""
    return -damage.gmsd(ref_u8, dst_u8)


def _ssim_terms(x, y):
    """Mean luminance term and mean contrast-structure term of SSIM (11 x 11 Gaussian, sigma 1.5)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    g = lambda a: cv2.GaussianBlur(a, (11, 11), 1.5, borderType=cv2.BORDER_REFLECT)  # noqa: E731
    mx, my = g(x), g(y)
    vx, vy, cxy = g(x * x) - mx * mx, g(y * y) - my * my, g(x * y) - mx * my
    cs = (2 * cxy + c2) / (vx + vy + c2)
    lum = (2 * mx * my + c1) / (mx * mx + my * my + c1)
    return float(lum.mean()), float(cs.mean())


def ms_ssim(ref_u8, dst_u8):
    """MS-SSIM over 5 scales (2 x 2 averaging between scales) with the original weights."""
    x = ref_u8.astype(np.float32) @ _LUMA
    y = dst_u8.astype(np.float32) @ _LUMA
    value = 1.0
    for scale, weight in enumerate(MS_SSIM_WEIGHTS):
        lum, cs = _ssim_terms(x, y)
        last = scale == len(MS_SSIM_WEIGHTS) - 1
        value *= max(lum * cs if last else cs, 1e-6) ** weight
        if not last:
            x, y = damage.viewing_scale(x), damage.viewing_scale(y)
    return float(value)
