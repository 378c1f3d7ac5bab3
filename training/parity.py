#!/usr/bin/env python3
"""Writes the parity fixture: fixed inputs and the PyTorch outputs of the shipped weights for them, so
that a Java test can check that ONNX Runtime Java computes the same numbers from the ONNX files.

  parity.py --checkpoint models/iqmon-weights.pt --out src/test/resources/model-parity

Inputs: two of the project's sample photos (src/main/resources/samples), already resized to S x S
with the contract's resize and stored as raw RGB bytes, and three ROI masks (two on image 0, one on
image 1) already pooled to R x R. All arrays are raw little-endian files without a header; their
shapes, dtypes and the tolerance are in parity.json.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export  # noqa: E402

SAMPLES = ('astronaut.png', 'coffee.png')
ATOL = {'features': 1e-3, 'degradation_logits': 1e-3, 'degradation_severity': 1e-4,
        'level_logits': 1e-3, 'distortion_probs': 1e-4, 'importance': 1e-4, 'score': 0.01}


def masks_for(images):
    out = []
    h, w = images[0].shape[:2]
    m = np.zeros((h, w), np.uint8)
    cv2.ellipse(m, (w // 2, h // 3), (w // 5, h // 4), 20, 0, 360, 1, -1)
    out.append((0, m))
    m = np.zeros((h, w), np.uint8)
    m[int(h * 0.55):int(h * 0.95), int(w * 0.05):int(w * 0.6)] = 1
    out.append((0, m))
    h, w = images[1].shape[:2]
    m = np.zeros((h, w), np.uint8)
    cv2.fillPoly(m, [np.array([[w * 0.2, h * 0.3], [w * 0.7, h * 0.15], [w * 0.85, h * 0.7], [w * 0.35, h * 0.9]], np.int32)], 1)
    out.append((1, m))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--out', default=os.path.join(common.REPO, 'src', 'test', 'resources', 'model-parity'))
    a = ap.parse_args()
    torch.set_num_threads(2)
    net = export.load(a.checkpoint)
    images = [common.read_rgb(os.path.join(common.REPO, 'src', 'main', 'resources', 'samples', s)) for s in SAMPLES]
    small = np.stack([common.resize(im, common.INPUT_SIZE, common.INPUT_SIZE) for im in images])  # [N,S,S,3]
    x = torch.from_numpy(common.normalise_s(small))
    rois = masks_for(images)
    masks = torch.from_numpy(np.stack([common.roi_mask_input(m) for _, m in rois])[:, None])
    index = torch.tensor([i for i, _ in rois], dtype=torch.int64)
    with torch.no_grad():
        out = net(x, masks, index)
    os.makedirs(a.out, exist_ok=True)
    arrays = dict(image_rgb_u8=small.astype(np.uint8), image=x.numpy(), roi_masks=masks.numpy(),
                  roi_image_index=index.numpy().astype('<i8'),
                  **{k: v.numpy() for k, v in out.items() if k in ATOL})   # the ONNX files' outputs

    files = {}
    for name, arr in arrays.items():
        if name == 'image':
            continue  # 1.2 MB as float32: Java rebuilds it from image_rgb_u8 (formula in parity.json)
        arr = np.ascontiguousarray(arr.astype(arr.dtype.newbyteorder('<')))
        fname = name + ('.u8' if arr.dtype == np.uint8 else '.i64' if arr.dtype.kind == 'i' else '.f32')
        arr.tofile(os.path.join(a.out, fname))
        files[name] = dict(file=fname, dtype=str(arr.dtype.name), shape=list(arr.shape))
    scores = common.score_from_logits(out['level_logits'].numpy())
    meta = dict(
        description='Inputs and PyTorch outputs of the shipped iqmon weights; ONNX Runtime must match them '
                    'within the absolute tolerances below.',
        model_id=common.MODEL_ID, model_version=common.MODEL_VERSION,
        sources=[f'src/main/resources/samples/{s}' for s in SAMPLES],
        byte_order='little-endian, raw, no header, C order',
        image_tensor='image[n][c][y][x] = (image_rgb_u8[n][y][x][c] / 255f - mean[c]) / std[c], in float32',
        mean=list(common.MEAN), std=list(common.STD), input_size=common.INPUT_SIZE,
        image_rgb_u8_note='each sample photo squash-resized to S x S with OpenCV INTER_AREA (shrinking)',
        roi_masks_note='image-sized binary masks squash-resized to R x R with OpenCV INTER_AREA',
        files=files, scores=[round(float(s), 4) for s in scores], absolute_tolerance=ATOL,
        image_checksum=float(x.numpy().astype(np.float64).sum()))
    with open(os.path.join(a.out, 'parity.json'), 'w') as f:
        json.dump(meta, f, indent=1)
    total = sum(os.path.getsize(os.path.join(a.out, v['file'])) for v in files.values())
    print(f'parity: {len(files)} arrays, {total / 1e6:.2f} MB in {a.out}; ROI scores {meta["scores"]}')


if __name__ == '__main__':
    main()
