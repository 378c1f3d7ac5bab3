#!/usr/bin/env python3
"""Writes the parity fixture: fixed inputs and the PyTorch outputs of the shipped weights for them, so
that a Java test can check that ONNX Runtime Java computes the same numbers from the ONNX files.

  parity.py --checkpoint models/iqmon-weights.pt --out src/test/resources/model-parity

Inputs: two of the project's sample photos (src/main/resources/samples, PNG, read as they are: the
encoder sees each at its own size) and ROIs given as pixel boxes (parity.json), plus the whole image.
Outputs per image: the degradation maps and the global token; per ROI: the cell fractions of its
box, its local token and the ROI head's outputs. All arrays are raw little-endian float32 files
without a header; shapes, the ROI boxes and the tolerances are in parity.json.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export  # noqa: E402
import model as model_lib  # noqa: E402

SAMPLES = ('astronaut.png', 'coffee.png')
# (image, x, y, width, height): boxes that cut cells, one past the last whole cell, one whole image
BOXES = ((0, 150, 40, 170, 210), (0, 7, 300, 250, 212), (0, 0, 0, 512, 512), (1, 190, 55, 300, 280),
         (1, 0, 0, 600, 400))
ATOL = {'global': 1e-3, 'local': 1e-3, 'cell_fractions': 1e-6, 'degradation_logits': 1e-3,
        'degradation_severity': 1e-4, 'level_logits': 1e-3, 'distortion_probs': 1e-4, 'importance': 1e-4,
        'score': 0.01}


def box_mask(h, w, x, y, bw, bh):
    m = np.zeros((h, w), np.uint8)
    m[y:y + bh, x:x + bw] = 1
    return m


@torch.no_grad()
def outputs(net, images):
    per_image, per_roi = [], {k: [] for k in ('cell_fractions', 'local', 'level_logits', 'distortion_probs',
                                              'importance')}
    encoder, head = export.Encoder(net), export.RoiHead(net)
    for n, img in enumerate(images):
        x = torch.from_numpy(img.astype(np.float32) / 255).permute(2, 0, 1)[None]
        cells, logits, severity = encoder(x)
        whole = cells[0].mean((1, 2))
        per_image.append(dict(global_=whole, degradation_logits=logits[0], degradation_severity=severity[0]))
        for b in (b for b in BOXES if b[0] == n):
            frac = torch.from_numpy(common.cell_fractions(box_mask(*img.shape[:2], *b[1:])))
            local = model_lib.pool(cells[0], frac[None])
            area = frac.mean().reshape(1, 1)
            levels, types, importance = head(local, whole[None], area)
            for k, v in (('cell_fractions', frac), ('local', local[0]), ('level_logits', levels[0]),
                         ('distortion_probs', types[0]), ('importance', importance[0])):
                per_roi[k].append(v.numpy())
    return per_image, per_roi


def write(out, name, arr, files):
    arr = np.ascontiguousarray(np.asarray(arr, np.float32).astype('<f4'))
    arr.tofile(os.path.join(out, name + '.f32'))
    files[name] = dict(file=name + '.f32', shape=list(arr.shape))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--checkpoint', help='train.py\'s checkpoint or models/iqmon-weights.pt; none: untrained heads')
    ap.add_argument('--weights', default=os.path.join(common.CACHE, 'backbone', 'mobilenet_v2_block10.pt'))
    ap.add_argument('--out', default=os.path.join(common.REPO, 'src', 'test', 'resources', 'model-parity'))
    a = ap.parse_args()
    torch.set_num_threads(2)
    net = export.load(a.checkpoint, a.weights)
    images = [common.read_rgb(os.path.join(common.REPO, 'src', 'main', 'resources', 'samples', s)) for s in SAMPLES]
    per_image, per_roi = outputs(net, images)
    os.makedirs(a.out, exist_ok=True)
    for old in os.listdir(a.out):
        os.remove(os.path.join(a.out, old))
    files = {}
    for n, o in enumerate(per_image):
        write(a.out, f'global_{n}', o['global_'], files)
        write(a.out, f'degradation_logits_{n}', o['degradation_logits'], files)
        write(a.out, f'degradation_severity_{n}', o['degradation_severity'], files)
    for k, v in per_roi.items():
        if k == 'cell_fractions':   # each ROI on its own image's grid
            for j, fractions in enumerate(v):
                write(a.out, f'cell_fractions_{j}', fractions, files)
        else:
            write(a.out, k, np.stack(v), files)
    scores = common.score_from_logits(np.stack(per_roi['level_logits']))
    meta = dict(
        description='PyTorch outputs of the shipped iqmon weights for the sample photos and ROI boxes below; '
                    'ONNX Runtime Java must match them within the absolute tolerances.',
        model_id=common.MODEL_ID, model_version=common.MODEL_VERSION,
        sources=[f'src/main/resources/samples/{s}' for s in SAMPLES],
        image_sizes=[list(im.shape[:2]) for im in images],
        byte_order='little-endian float32, raw, no header, C order',
        image_tensor='image[0][c][y][x] = rgb[y][x][c] / 255f, each photo at its own size',
        rois='image, x, y, width, height (pixels); cell fractions over whole 16 x 16 cells, row by row',
        roi_boxes=[list(b) for b in BOXES], files=files, scores=[round(float(s), 4) for s in scores],
        absolute_tolerance=ATOL)
    with open(os.path.join(a.out, 'parity.json'), 'w') as f:
        json.dump(meta, f, indent=1)
    total = sum(os.path.getsize(os.path.join(a.out, v['file'])) for v in files.values())
    print(f'parity: {len(files)} arrays, {total / 1e6:.2f} MB in {a.out}; ROI scores {meta["scores"]}')


if __name__ == '__main__':
    main()
