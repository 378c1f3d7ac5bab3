#!/usr/bin/env python3
"""Synthesises the training and evaluation sets at native resolution, SEAGULL-100w style,
deterministically from a seed.

  synth.py --out DIR [--train N] [--eval N] [--seed 7] [--workers 2]

For each sample: a crop of a pristine photo (the photo first shrunk by a random factor 1..2, so the
pristine pixels are sharp), 320..640 pixels a side in multiples of the feature cell (16 px); 0..3
random regions (blobs, polygons, boxes, unions of superpixels, or the whole frame) each get a
distortion of a random type and strength (sometimes two types at once) applied inside that region
only, with a feathered edge. Distortions act on the native pixels (distortions.py with f = 1): the
model sees the image at its native resolution, so a blur of 1 px is a blur of 1 px.

The ground truth compares the pristine and the distorted image after GMSD's own pre-step (a 2 x 2
average and a factor-2 subsampling, the viewing scale GMSD and the LIVE Challenge photos share):

  delta(x)   per-pixel visible damage in [0, 1] (damage_map)
  class(x)   the distortion applied at x where delta is visible, else 0 (clean)
  MOS(roi)   100 * exp(-roi_damage / TAU)                          pseudo-MOS, 0..100
  types(roi) distortion types covering >= 10 % of the ROI's pixels with visible damage
  importance(roi) share of the image's total damage that lies inside the ROI

Query ROIs per sample: every distorted region, 1..3 random other regions, and the whole image. ROI
masks are stored as the model pools them: the fraction of each 16 x 16 cell inside the ROI. Dense
labels are per cell too (majority class, mean damage).

Outputs under DIR: train.pkl (images as uint8 arrays with their labels; training photos only) and
eval/: held-out photos as PNG files with image-sized ROI masks and labels.jsonl, so that evaluation
reads images exactly as the Java service does. Training photos and held-out photos never mix.
"""
import argparse
import json
import multiprocessing as mp
import os
import pickle
import sys
import time

import cv2
import numpy as np
from skimage.segmentation import slic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import damage  # noqa: E402
import distortions  # noqa: E402
import regions  # noqa: E402

CELL = common.CELL
TYPE_SHARE = 0.10     # an ROI has a type when that much of it is visibly damaged by it
SPLIT_STREAM = {'train': 0, 'eval': 1}
_PHOTOS = {}


def photo(path):
    if path not in _PHOTOS:
        _PHOTOS[path] = common.read_rgb(path)
    return _PHOTOS[path]


def crop(src, rng):
    """A random crop of the photo shrunk by 1..2, each side 320..640 px and a multiple of CELL."""
    shrink = np.exp(rng.uniform(0, np.log(2.0)))
    ph, pw = src.shape[:2]
    small = common.resize(src, int(pw / shrink), int(ph / shrink))
    sh, sw = small.shape[:2]
    h = min(sh, int(rng.integers(320, 641))) // CELL * CELL
    w = min(sw, int(h * np.exp(rng.uniform(np.log(0.6), np.log(1.8))))) // CELL * CELL
    w = max(w, 320 // CELL * CELL if sw >= 320 else sw // CELL * CELL)
    y, x = int(rng.integers(0, sh - h + 1)), int(rng.integers(0, sw - w + 1))
    img = small[y:y + h, x:x + w]
    if rng.random() < 0.5:
        img = img[:, ::-1]
    return np.ascontiguousarray(img)


def distort(ref, rng, segments, n_regions, full_first):
    """Applies 0..3 regional distortions; returns the image and where each type landed."""
    h, w = ref.shape[:2]
    img = ref.copy()
    applied = np.zeros((h, w), np.int8)                          # primary type + 1 per pixel
    present = np.zeros((len(common.DISTORTIONS), h, w), bool)   # every type applied at each pixel
    done = []
    for i in range(n_regions):
        full = i == 0 and full_first
        reg = np.ones((h, w), bool) if full else regions.random_region(h, w, rng, segments)
        types = [int(rng.integers(len(common.DISTORTIONS)))]
        if rng.random() < 0.25:
            second = int(rng.integers(len(common.DISTORTIONS) - 1))
            types.append(second + (second >= types[0]))
        strengths = [int(rng.integers(1, 6)) for _ in types]
        primary = types[int(np.argmax(strengths))]
        feather = np.ones((h, w), np.float32) if full else cv2.GaussianBlur(reg.astype(np.float32), (0, 0), 2.0)
        out, where = img, np.zeros((h, w), np.float32)
        for t, k in zip(types, strengths):
            d, alpha = distortions.apply(out, common.DISTORTIONS[t], k, rng, 1.0, reg)
            a = feather if alpha is None else feather * alpha
            out = out * (1 - a[..., None]) + d * a[..., None]
            where = np.maximum(where, a if alpha is None or t == primary else 0)
            present[t] |= a > 0.5
        img = out
        applied[where > 0.5] = primary + 1
        done.append(dict(mask=reg, full=full, types=types, strengths=strengths))
    return img, applied, present, done


def make_sample(photo_path, rng):
    pristine = crop(photo(photo_path), rng)
    h, w = pristine.shape[:2]
    segments = slic(cv2.resize(pristine, (w // 4, h // 4), interpolation=cv2.INTER_AREA),
                    n_segments=80, compactness=10, start_label=0)
    segments = cv2.resize(segments.astype(np.int32), (w, h), interpolation=cv2.INTER_NEAREST)
    n_regions = int(rng.choice([0, 1, 2, 3], p=[0.08, 0.47, 0.3, 0.15]))
    img, applied, present, done = distort(pristine.astype(np.float32) / 255, rng, segments, n_regions,
                                          rng.random() < 0.35)
    dist_u8 = (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)

    truth = damage.Truth(pristine, dist_u8, applied, present)
    rois = [dict(mask=r['mask'], source='distorted') for r in done if not r['full']]
    for _ in range(int(rng.integers(1, 4))):
        rois.append(dict(mask=regions.random_region(h, w, rng, segments), source='random'))
    rois.append(dict(mask=np.ones((h, w), bool), source='whole'))
    out_rois = []
    for r in rois:
        label = truth.roi(r['mask'], TYPE_SHARE)
        if label is None:
            continue
        out_rois.append(dict(mask=r['mask'], source=r['source'], cells=common.cell_fractions(r['mask']),
                             **label))
    dense_cls, dense_sev = truth.dense()
    return dict(image=dist_u8, rois=out_rois, dense_cls=dense_cls, dense_sev=dense_sev, regions=done)


def _job(args):
    split, index, seed, photo_path, eval_dir = args
    cv2.setNumThreads(1)
    rng = np.random.default_rng([seed, SPLIT_STREAM[split], index])
    s = make_sample(photo_path, rng)
    res = dict(dense_cls=s['dense_cls'], dense_sev=s['dense_sev'],
               rois=[{k: v for k, v in r.items() if k != 'mask'} for r in s['rois']])
    if eval_dir is None:
        res['image'] = s['image']
        return res
    name = f'{index:05d}'
    img_path = os.path.join(eval_dir, 'images', name + '.png')
    common.write_rgb(img_path, s['image'])
    for j, r in enumerate(s['rois']):
        r_path = os.path.join(eval_dir, 'masks', f'{name}_r{j}.png')
        cv2.imwrite(r_path, r['mask'].astype(np.uint8) * 255)
        res['rois'][j]['mask_path'] = os.path.relpath(r_path, eval_dir)
    res['image_path'] = os.path.relpath(img_path, eval_dir)
    res['regions'] = [dict(full=r['full'], types=[common.DISTORTIONS[t] for t in r['types']],
                           strengths=r['strengths'], area=float(r['mask'].mean())) for r in s['regions']]
    return res


def generate(split, n, seed, photos, workers, eval_dir=None):
    ids = [p for p in photos if p['split'] == split]
    jobs = [(split, i, seed, ids[i % len(ids)]['file'], eval_dir) for i in range(n)]
    if workers > 1:
        with mp.get_context('fork').Pool(workers) as pool:
            results = pool.map(_job, jobs, chunksize=4)
    else:
        results = [_job(j) for j in jobs]
    for j, r in zip(jobs, results):
        r['photo'] = os.path.splitext(os.path.basename(j[3]))[0]
    return results


def write_eval(results, eval_dir):
    with open(os.path.join(eval_dir, 'labels.jsonl'), 'w') as out:
        for i, r in enumerate(results):
            out.write(json.dumps(dict(
                index=i, image=r['image_path'], photo=r['photo'], regions=r['regions'],
                rois=[dict(id=f'r{j}', mask=q['mask_path'], source=q['source'], mos=round(q['mos'], 3),
                           damage=round(q['damage'], 5), importance=round(q['importance'], 5),
                           types=[common.DISTORTIONS[t] for t in np.nonzero(q['types'])[0]])
                      for j, q in enumerate(r['rois'])])) + '\n')
    np.savez(os.path.join(eval_dir, 'dense.npz'),
             **{f'cls_{i}': r['dense_cls'] for i, r in enumerate(results)},
             **{f'sev_{i}': r['dense_sev'] for i, r in enumerate(results)})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True)
    ap.add_argument('--photos', default=os.path.join(common.CACHE, 'photos', 'photos.json'))
    ap.add_argument('--train', type=int, default=3000)
    ap.add_argument('--eval', type=int, default=400)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    photos = common.load_json(a.photos)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    if a.train:
        res = generate('train', a.train, a.seed, photos, a.workers)
        with open(os.path.join(a.out, 'train.pkl'), 'wb') as f:
            pickle.dump(res, f, protocol=4)
        print(f'synth: {a.train} training images, {sum(len(r["rois"]) for r in res)} ROIs '
              f'({time.time() - t0:.0f} s)', flush=True)
    if a.eval:
        t0 = time.time()
        ed = os.path.join(a.out, 'eval')
        for sub in ('images', 'masks'):
            os.makedirs(os.path.join(ed, sub), exist_ok=True)
        res = generate('eval', a.eval, a.seed, photos, a.workers, eval_dir=ed)
        write_eval(res, ed)
        print(f'synth: {a.eval} held-out images from {len({r["photo"] for r in res})} photos, '
              f'{sum(len(r["rois"]) for r in res)} ROIs ({time.time() - t0:.0f} s)', flush=True)


if __name__ == '__main__':
    main()
