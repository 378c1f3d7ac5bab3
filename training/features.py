#!/usr/bin/env python3
"""Caches the frozen part of the network once per image, so that training never runs it again.

  features.py --livec DIR --synth TRAIN.pkl --out FEATURES.pkl [--limit N]

The stem and blocks 0-5 keep their ImageNet weights (model.Frozen); their output (block_5: 32
channels at stride 8) is what the trained blocks read. It is stored as float16 for every LIVE
Challenge photo, also for its mirror image (the augmentation; a mirrored input is not exactly a
mirrored output because stride-2 convolutions pad on one side only), and for every synthetic image.
"""
import argparse
import csv
import os
import pickle
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backbone  # noqa: E402
import common  # noqa: E402
import model as model_lib  # noqa: E402


def frozen_part(weights):
    net = model_lib.Frozen(backbone.fuse_batchnorm(backbone.load(weights)))
    return net.eval()


@torch.no_grad()
def block5(net, rgb_u8):
    x = torch.from_numpy(np.ascontiguousarray(rgb_u8).astype(np.float32) / 255).permute(2, 0, 1)[None]
    return net(x)[0].half().numpy()


def livec_rows(folder, limit=None):
    with open(os.path.join(folder, 'labels.csv')) as f:
        rows = list(csv.DictReader(f))
    return rows[:limit] if limit else rows


def cache_livec(net, folder, limit):
    rows = livec_rows(folder, limit)
    acts, mirrored = [], []
    for r in rows:
        img = common.read_rgb(os.path.join(folder, r['file']))
        acts.append(block5(net, img))
        mirrored.append(block5(net, img[:, ::-1]))
    return dict(files=[r['file'] for r in rows], acts=acts, mirrored=mirrored,
                mos=np.array([float(r['mos']) for r in rows], np.float32),
                mos_std=np.array([float(r['mos_std']) for r in rows], np.float32))


def cache_synth(net, path, limit):
    with open(path, 'rb') as f:
        samples = pickle.load(f)
    samples = samples[:limit] if limit else samples
    for s in samples:
        s['act'] = block5(net, s.pop('image'))
    return samples


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--livec', required=True)
    ap.add_argument('--synth', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--weights', default=os.path.join(common.CACHE, 'backbone', 'mobilenet_v2_block10.pt'))
    ap.add_argument('--limit', type=int, default=None, help='only the first N of each set (smoke runs)')
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    net = frozen_part(a.weights)
    t0 = time.time()
    livec = cache_livec(net, a.livec, a.limit)
    t1 = time.time()
    synth = cache_synth(net, a.synth, a.limit)
    with open(a.out, 'wb') as f:
        pickle.dump(dict(livec=livec, synth=synth), f, protocol=4)
    print(f'features: {len(livec["acts"])} LIVE Challenge photos ({t1 - t0:.0f} s), {len(synth)} synthetic '
          f'images ({time.time() - t1:.0f} s) -> {a.out}', flush=True)


if __name__ == '__main__':
    main()
