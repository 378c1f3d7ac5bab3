#!/usr/bin/env python3
"""Checks that the statistics training ran on are what the exported encoder computes.

  check_frontend.py --data DIR/train.npz --checkpoint CKPT.pt

synth.py cached the fixed front end's output per training image (DIR/train_stats.npy) and kept the
pixels of the first images (DIR/train_images_sample.npy). This loads the trained network exactly as
export.py does, runs its encoder's front end (the module that is exported in front of the learned
part) on those pixels, and compares with the cache; it also checks the symmetry that training's
flip augmentation relies on: the statistics of a flipped image are the flipped statistics.
Exits non-zero when the exported front end differs from the cache by more than 1e-4, or the flip
symmetry by more than 2e-3 (absolute; statistics are of order 1, and float rounding in the MSCN
normalisation of flat areas moves a flipped image's statistics by a few 1e-4).
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export  # noqa: E402
import frontend  # noqa: E402
import train  # noqa: E402

TOLERANCE = 1e-4
FLIP_TOLERANCE = 2e-3


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--checkpoint', required=True)
    a = ap.parse_args()
    torch.set_num_threads(2)
    images = np.load(os.path.join(os.path.dirname(os.path.abspath(a.data)), 'train_images_sample.npy'))
    cached = np.load(train.stats_path(a.data), mmap_mode='r')[:len(images)]
    net = export.load(a.checkpoint)
    x = torch.from_numpy(common.normalise_s(images))
    with torch.no_grad():
        ours = net.encoder.stats(x).numpy()
        flipped = net.encoder.stats(torch.flip(x, [3])).numpy()[..., ::-1]
    diff = np.abs(ours - cached).max((0, 2, 3))
    flip = np.abs(flipped - ours).max((0, 2, 3))
    worst, worst_flip = int(diff.argmax()), int(flip.argmax())
    print(f'check_frontend: {len(images)} training images, {frontend.CHANNELS} statistics at '
          f'{cached.shape[-1]}x{cached.shape[-1]}: exported front end vs cache max |diff| {diff.max():.2e} '
          f'({frontend.NAMES[worst]}); flipped image vs flipped statistics {flip.max():.2e} '
          f'({frontend.NAMES[worst_flip]})')
    if diff.max() > TOLERANCE or flip.max() > FLIP_TOLERANCE:
        sys.exit(f'check_frontend: FAILED (tolerances {TOLERANCE:g}, flip {FLIP_TOLERANCE:g})')


if __name__ == '__main__':
    main()
