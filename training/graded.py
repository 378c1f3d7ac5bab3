#!/usr/bin/env python3
"""Writes the graded series: every held-out photograph blurred, noised and JPEG-compressed at 5
strengths each (the whole frame), with full-reference scores of each version against the pristine.

  graded.py --out DIR [--side 768] [--seed 7]

The way people's scores of synthetic distortions are usually measured: one pristine picture, one
kind of damage at growing strength. Each photo is shrunk to --side pixels on its longer side
(INTER_AREA) and stays pristine; its versions are Gaussian blur (sigma 0.8 .. 5.5 px), white
Gaussian noise (sigma 0.012 .. 0.085 of the range, per channel) and JPEG (quality 30 .. 4), the
strengths training uses (distortions.py). DIR/labels.jsonl lists every version with its photo, type,
strength, MS-SSIM and -GMSD (fullref.py); DIR/pristine/ keeps the originals.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import distortions  # noqa: E402
import fullref  # noqa: E402

TYPES = ('blur', 'noise', 'compression')


def versions(pristine, rng):
    img = pristine.astype(np.float32) / 255
    for k in range(1, 6):
        yield 'blur', k, distortions.gaussian_blur(img, k)
        yield 'noise', k, distortions.white_noise(img, k, rng)
        yield 'compression', k, distortions.jpeg(img, distortions.JPEG_QUALITY[k - 1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True)
    ap.add_argument('--photos', default=os.path.join(common.CACHE, 'photos', 'photos.json'))
    ap.add_argument('--side', type=int, default=768)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--limit', type=int, default=None, help='only the first N held-out photos (smoke runs)')
    a = ap.parse_args()
    photos = [p for p in common.load_json(a.photos) if p['split'] == 'eval'][:a.limit]
    for sub in ('images', 'pristine'):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    rows = []
    for n, p in enumerate(photos):
        src = common.read_rgb(p['file'])
        k = a.side / max(src.shape[:2])
        pristine = common.resize(src, round(src.shape[1] * k), round(src.shape[0] * k))
        common.write_rgb(os.path.join(a.out, 'pristine', p['id'] + '.png'), pristine)
        rng = np.random.default_rng([a.seed, n])
        for kind, strength, img in versions(pristine, rng):
            u8 = (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
            name = f'images/{p["id"]}_{kind}{strength}.png'
            common.write_rgb(os.path.join(a.out, name), u8)
            rows.append(dict(image=name, photo=p['id'], type=kind, strength=strength,
                             ms_ssim=round(fullref.ms_ssim(pristine, u8), 6),
                             neg_gmsd=round(fullref.neg_gmsd(pristine, u8), 6)))
    with open(os.path.join(a.out, 'labels.jsonl'), 'w') as f:
        for r in rows:
            f.write(json.dumps(r) + '\n')
    print(f'graded: {len(photos)} held-out photos x {len(TYPES)} types x 5 strengths = {len(rows)} images '
          f'-> {a.out}')


if __name__ == '__main__':
    main()
