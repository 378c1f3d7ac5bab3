#!/usr/bin/env python3
"""Writes what OpenCV's cv2.resize makes of deterministic test images, for SquashResizeTest and
RoiGridTest to compare with. Run from the repository root:

  /usr/bin/python3 src/test/resources/opencv-resize/generate.py

Images: pixel byte i (row-major, RGB interleaved) = ((i * 2654435761) mod 2^32 >> 16) & 0xFF.
Masks: 1.0 inside the ellipse (x - cx)^2 * b^2 + (y - cy)^2 * a^2 <= a^2 * b^2, in integers, with
cx = w * 2 // 5, cy = h // 2, a = w // 3, b = h // 3; else 0.0.
Outputs are raw files: uint8 HxWx3 for images, little-endian float32 HxW for masks.
"""
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

IMAGES = [  # (width, height) -> (width, height), interpolation
    ((600, 400), (56, 42), 'area'),     # factors not whole on either axis
    ((112, 84), (56, 42), 'area'),      # 2 x 2 blocks
    ((448, 336), (56, 42), 'area'),     # 8 x 8 blocks
    ((168, 84), (56, 42), 'area'),      # 3 x 2: 1/(1/3) is not exactly 3
    ((56, 300), (56, 42), 'area'),      # width kept, height shrunk
    ((97, 61), (31, 17), 'area'),
    ((301, 299), (224, 224), 'area'),   # barely shrinking
    ((40, 30), (90, 70), 'linear'),     # enlarging
    ((120, 80), (100, 100), 'linear'),  # one side grows: the contract resizes bilinearly
]
MASKS = [((600, 400), 14), ((448, 448), 14), ((20, 15), 14), ((1000, 37), 14)]


def image(w, h):
    i = np.arange(w * h * 3, dtype=np.uint64)
    v = ((i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)) >> np.uint64(16)
    return (v & np.uint64(0xFF)).astype(np.uint8).reshape(h, w, 3)


def mask(w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    cx, cy, a, b = w * 2 // 5, h // 2, max(1, w // 3), max(1, h // 3)
    return ((x - cx) ** 2 * b * b + (y - cy) ** 2 * a * a <= a * a * b * b).astype(np.float32)


def main():
    cases = []
    for (w, h), (ow, oh), kind in IMAGES:
        interp = cv2.INTER_AREA if kind == 'area' else cv2.INTER_LINEAR
        out = cv2.resize(image(w, h), (ow, oh), interpolation=interp)
        name = f'image-{w}x{h}-{ow}x{oh}-{kind}.u8'
        out.tofile(os.path.join(HERE, name))
        cases.append(dict(kind='image', interpolation=kind, width=w, height=h, out_width=ow,
                          out_height=oh, file=name))
    for (w, h), r in MASKS:
        out = cv2.resize(mask(w, h), (r, r), interpolation=cv2.INTER_AREA).astype('<f4')
        name = f'mask-{w}x{h}-{r}.f32'
        out.tofile(os.path.join(HERE, name))
        cases.append(dict(kind='mask', width=w, height=h, out_width=r, out_height=r, file=name))
    with open(os.path.join(HERE, 'cases.json'), 'w') as f:
        json.dump(dict(opencv=cv2.__version__, cases=cases), f, indent=1)


if __name__ == '__main__':
    main()
