#!/usr/bin/env python3
"""Synthesises the training and evaluation sets, SEAGULL-100w style, deterministically from a seed.

  synth.py --out DIR [--train N] [--calib N] [--eval N] [--seed 7] [--workers 2]

For each sample: a crop of a pristine photo at a random scale and aspect, shrunk to a "native" size
whose short side is 1..2.5 x S; 0..3 random regions (blobs, polygons, boxes, unions of superpixels,
or the whole frame) each get a distortion of a random type and strength (sometimes two types at
once) applied inside that region only, with a feathered edge. The ground truth comes from comparing
the pristine and the distorted pixels as the model sees them (both shrunk to S x S):

  delta(x)  per-pixel visible damage in [0, 1] (see damage_map)
  class(x)  the distortion applied at x where delta is visible, else 0 (clean)
  MOS(roi)  100 * exp(-roi_damage / TAU)                          pseudo-MOS, 0..100
  types(roi) distortion types covering >= 10 % of the ROI's pixels with visible damage (each type
            applied there counts, also the weaker one of a region given two)
  importance(roi) share of the image's total damage that lies inside the ROI

Query ROIs per sample: every distorted region, 1..3 random other regions, and the whole image.
Training photos and held-out photos never mix (fetch_photos.HELD_OUT). The training set is written
as DIR/train.npz (labels: ROI masks at R, dense labels at D) and DIR/train_stats.npy: the encoder's
fixed front end (frontend.py) run once on each image as the model sees it (S x S), the only input
training needs, float32 [N, F, D, D]. DIR/calib.npz and DIR/calib_stats.npy are the same for more
images of the training photos (the type thresholds are chosen on them). The evaluation set is
native-size PNG files (images and image-sized ROI masks) under DIR/eval/ with labels in
DIR/eval/labels.jsonl (paths relative to DIR/eval) and dense labels in DIR/eval/dense.npz, so that
evaluation reads images exactly as the Java service does.
"""
import argparse
import json
import multiprocessing as mp
import os
import sys
import time

import cv2
import numpy as np
from skimage.segmentation import slic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import distortions  # noqa: E402
import frontend  # noqa: E402

S, R, D = common.INPUT_SIZE, common.ROI_GRID, common.DENSE_GRID
TAU = 0.16            # pseudo-MOS decay: damage index 0.16 -> MOS 37
W_LUM = 0.18          # weight of the luminance shift
CHROMA_SCALE = 150.0  # Lab units of chroma shift that count as damage 1
VISIBLE = 0.035       # per-pixel damage below this counts as clean
SAMPLE = 64           # training images kept as pixels (train_images_sample.npy) to check the cache
TYPE_SHARE = 0.10     # an ROI has a type when that much of it is visibly damaged by it
_PHOTOS = {}
# each split draws from its own random stream; 'calib' is more images of the TRAINING photos (other
# crops, other regions and distortions) that train.py never trains on: it sets the type thresholds
SPLIT_STREAM = {'train': 0, 'eval': 1, 'calib': 2}
PHOTO_SPLIT = {'train': 'train', 'eval': 'eval', 'calib': 'train'}


# ---------------------------------------------------------------- ground truth
def damage_terms(ref, dst):
    """Per-pixel full-reference terms between two float32 RGB images in [0, 1] at S x S, each 0 for
    identical pixels:
      structure  1 - gradient magnitude similarity of the luma (GMSD's GMS map: Prewitt, c = 170/255^2);
                 blur, noise, blocking, clipping, haze and occlusion all change local gradients
      luminance  |difference of local mean luma| (Gaussian window, sigma 2), 0..1
      chroma     CIELAB a*b* distance of local means (sigma 2), in Lab units"""
    kx = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], np.float32) / 3
    yr, yd = ref @ np.float32([0.299, 0.587, 0.114]), dst @ np.float32([0.299, 0.587, 0.114])

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
    """Per-pixel visible damage (the dense severity label) in [0, 1]: the terms weighted as in
    roi_damage, smoothed (sigma 1) like a viewer's local integration."""
    delta = structure + W_LUM * lum + chroma / CHROMA_SCALE
    return np.clip(cv2.GaussianBlur(delta, (0, 0), 1.0, borderType=cv2.BORDER_REFLECT), 0, 1)


def roi_damage(structure, lum, chroma, m):
    """Damage index of a region: GMSD-style pooling of the structure term (its mean and its standard
    deviation over the region: GMSD's deviation pooling, which is what makes blur, noise and
    compression comparable) plus the mean luminance and chroma shifts."""
    s = structure[m]
    return float(0.5 * (s.mean() + s.std()) + W_LUM * lum[m].mean() + chroma[m].mean() / CHROMA_SCALE)


def mos_of(d):
    return float(100.0 * np.exp(-d / TAU))


# ---------------------------------------------------------------- regions
def region_box(h, w, rng):
    bw, bh = int(w * rng.uniform(0.15, 0.7)), int(h * rng.uniform(0.15, 0.7))
    x, y = rng.integers(0, w - bw + 1), rng.integers(0, h - bh + 1)
    m = np.zeros((h, w), np.uint8)
    if rng.random() < 0.5:
        m[y:y + bh, x:x + bw] = 1
    else:
        cv2.ellipse(m, (int(x + bw / 2), int(y + bh / 2)), (bw // 2, bh // 2), rng.uniform(0, 180), 0, 360, 1, -1)
    return m


def region_polygon(h, w, rng):
    cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h
    n = rng.integers(3, 10)
    ang = np.sort(rng.uniform(0, 2 * np.pi, n))
    rad = rng.uniform(0.08, 0.4) * min(h, w) * rng.uniform(0.5, 1.0, n) * 1.6
    pts = np.stack([cx + rad * np.cos(ang), cy + rad * np.sin(ang)], 1).astype(np.int32)
    m = np.zeros((h, w), np.uint8)
    cv2.fillPoly(m, [pts], 1)
    return m


def region_blob(h, w, rng):
    g = rng.standard_normal((max(4, h // 16), max(4, w // 16))).astype(np.float32)
    g = cv2.GaussianBlur(g, (0, 0), rng.uniform(1.5, 3.5))
    g = cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
    return (g > np.quantile(g, 1 - rng.uniform(0.1, 0.5))).astype(np.uint8)


def region_superpixels(h, w, rng, segments):
    labels = segments
    n = labels.max() + 1
    adj = [set() for _ in range(n)]
    a, b = labels[:, :-1].ravel(), labels[:, 1:].ravel()
    c, d = labels[:-1, :].ravel(), labels[1:, :].ravel()
    for p, q in ((a, b), (c, d)):
        diff = p != q
        for i, j in set(zip(p[diff].tolist(), q[diff].tolist())):
            adj[i].add(j)
            adj[j].add(i)
    chosen = {int(rng.integers(n))}
    target = int(rng.integers(2, 12))
    while len(chosen) < target:
        frontier = sorted(set().union(*(adj[i] for i in chosen)) - chosen)
        if not frontier:
            break
        chosen.add(int(rng.choice(frontier)))
    m = np.isin(labels, list(chosen)).astype(np.uint8)
    return cv2.resize(m, (w, h), interpolation=cv2.INTER_NEAREST)


def random_region(h, w, rng, segments):
    for _ in range(20):
        kind = rng.choice(['box', 'polygon', 'blob', 'superpixels'], p=[0.25, 0.25, 0.2, 0.3])
        if kind == 'box':
            m = region_box(h, w, rng)
        elif kind == 'polygon':
            m = region_polygon(h, w, rng)
        elif kind == 'blob':
            m = region_blob(h, w, rng)
        else:
            m = region_superpixels(h, w, rng, segments)
        if 0.03 <= m.mean() <= 0.85:
            return m.astype(bool)
    return region_box(h, w, rng).astype(bool)


# ---------------------------------------------------------------- one sample
def photo(path):
    if path not in _PHOTOS:
        _PHOTOS[path] = common.read_rgb(path)
    return _PHOTOS[path]


def crop(src, rng):
    """A random crop of a photo, shrunk to a "native" size whose short side is 1..2.5 x S; returns it
    and f = native short side / S."""
    ph, pw = src.shape[:2]
    aspect = np.exp(rng.uniform(np.log(0.6), np.log(1.8)))                 # w / h of the crop
    frac = rng.uniform(0.3, 1.0)
    ch = min(ph, int(frac * min(ph, pw / aspect)))
    cw = min(pw, int(ch * aspect))
    y, x = rng.integers(0, ph - ch + 1), rng.integers(0, pw - cw + 1)
    short = S * np.exp(rng.uniform(0, np.log(2.5)))                       # native short side
    k = short / min(ch, cw)
    nw, nh = max(S // 2, int(round(cw * k))), max(S // 2, int(round(ch * k)))
    img = common.resize(src[y:y + ch, x:x + cw], nw, nh)
    if rng.random() < 0.5:
        img = img[:, ::-1]
    return np.ascontiguousarray(img), min(nw, nh) / S


def make_sample(photo_path, rng):
    pristine, f = crop(photo(photo_path), rng)
    h, w = pristine.shape[:2]
    ref = pristine.astype(np.float32) / 255
    small = common.resize(pristine, S, S)
    segments = slic(small, n_segments=80, compactness=10, start_label=0)
    segments = cv2.resize(segments.astype(np.int32), (w, h), interpolation=cv2.INTER_NEAREST)

    img = ref.copy()
    n_regions = rng.choice([0, 1, 2, 3], p=[0.08, 0.47, 0.3, 0.15])
    applied = np.zeros((h, w), np.int8)      # primary type index + 1 per pixel (0 = untouched)
    present = np.zeros((len(common.DISTORTIONS), h, w), bool)   # every type applied at each pixel
    regions = []
    for i in range(n_regions):
        full = i == 0 and rng.random() < 0.35
        reg = np.ones((h, w), bool) if full else random_region(h, w, rng, segments)
        types = [int(rng.integers(len(common.DISTORTIONS)))]
        if rng.random() < 0.25:
            second = int(rng.integers(len(common.DISTORTIONS) - 1))
            types.append(second + (second >= types[0]))
        strengths = [int(rng.integers(1, 6)) for _ in types]
        primary = types[int(np.argmax(strengths))]
        feather = cv2.GaussianBlur(reg.astype(np.float32), (0, 0), 1.5 * f) if not full else np.ones((h, w), np.float32)
        out, where = img, np.zeros((h, w), np.float32)
        for t, k in zip(types, strengths):
            d, alpha = distortions.apply(out, common.DISTORTIONS[t], k, rng, f, reg)
            a = feather if alpha is None else feather * alpha
            out = out * (1 - a[..., None]) + d * a[..., None]
            where = np.maximum(where, a if alpha is None or t == primary else 0)
            present[t] |= a > 0.5
        img = out
        applied[where > 0.5] = primary + 1
        regions.append(dict(mask=reg, full=full, types=types, strengths=strengths))
    dist_u8 = (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)

    # ground truth, as the model sees the image: both shrunk to S x S by the contract's resize
    ref_s = small.astype(np.float32) / 255
    dst_s = common.resize(dist_u8, S, S).astype(np.float32) / 255
    terms = damage_terms(ref_s, dst_s)
    delta = damage_map(*terms)
    applied_s = cv2.resize(applied, (S, S), interpolation=cv2.INTER_NEAREST)
    visible = delta >= VISIBLE
    cls_s = np.where(visible, applied_s, 0).astype(np.int64)
    # per type: where it was applied and the damage is visible (a region given two types has both;
    # the dense class map keeps only the stronger one, the ROI type labels keep both)
    present_s = np.stack([cv2.resize(p.astype(np.uint8), (S, S), interpolation=cv2.INTER_NEAREST) > 0
                          for p in present]) & visible

    rois = [dict(mask=r['mask'], source='distorted', shape='region') for r in regions if not r['full']]
    for _ in range(int(rng.integers(1, 4))):
        rois.append(dict(mask=random_region(h, w, rng, segments), source='random', shape='region'))
    rois.append(dict(mask=np.ones((h, w), bool), source='whole', shape='whole'))
    total = float(delta.sum())
    out_rois = []
    for r in rois:
        m_s = cv2.resize(r['mask'].astype(np.uint8), (S, S), interpolation=cv2.INTER_NEAREST).astype(bool)
        if m_s.sum() < 16:
            continue
        md = roi_damage(*terms, m_s)
        share = present_s[:, m_s].sum(1) / m_s.sum()
        imp = float(delta[m_s].sum() / total) if total > 1e-3 * S * S else float(m_s.mean())
        out_rois.append(dict(mask=r['mask'], source=r['source'], mean_damage=md, mos=mos_of(md),
                             types=(share >= TYPE_SHARE).astype(np.uint8), importance=imp,
                             mask_r=common.roi_mask_input(r['mask'])))
    # dense labels at D: majority class and mean damage of each cell
    cell = S // D
    onehot = np.eye(9, dtype=np.float32)[cls_s].reshape(D, cell, D, cell, 9).sum((1, 3))
    dense_cls = onehot.argmax(-1).astype(np.uint8)
    dense_sev = delta.reshape(D, cell, D, cell).mean((1, 3)).astype(np.float32)
    return dict(image=dist_u8, image_s=(dst_s * 255 + 0.5).astype(np.uint8), rois=out_rois,
                dense_cls=dense_cls, dense_sev=dense_sev, regions=regions, f=f)


def _job(args):
    split, index, seed, photo_path, eval_dir = args
    cv2.setNumThreads(1)
    rng = np.random.default_rng([seed, SPLIT_STREAM[split], index])
    s = make_sample(photo_path, rng)
    res = dict(image_s=s['image_s'], dense_cls=s['dense_cls'], dense_sev=s['dense_sev'],
               rois=[{k: v for k, v in r.items() if k != 'mask'} for r in s['rois']])
    if eval_dir:
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
    ids = [p for p in photos if p['split'] == PHOTO_SPLIT[split]]
    jobs = [(split, i, seed, ids[i % len(ids)]['file'], eval_dir) for i in range(n)]
    if workers > 1:
        with mp.get_context('fork').Pool(workers) as pool:
            results = pool.map(_job, jobs, chunksize=8)
    else:
        results = [_job(j) for j in jobs]
    for j, r in zip(jobs, results):
        r['photo'] = os.path.basename(j[3])[:-4]
    return results


def pack(results, n_photos):
    rois = [(i, r) for i, res in enumerate(results) for r in res['rois']]
    return dict(
        n_photos=np.int32(n_photos),      # image i is of photo i % n_photos (see generate)
        images=np.stack([r['image_s'] for r in results]),
        dense_cls=np.stack([r['dense_cls'] for r in results]),
        dense_sev=np.stack([r['dense_sev'] for r in results]).astype(np.float16),
        roi_image=np.array([i for i, _ in rois], np.int32),
        roi_mask=np.stack([r['mask_r'] for _, r in rois]).astype(np.float16),
        roi_mos=np.array([r['mos'] for _, r in rois], np.float32),
        roi_types=np.stack([r['types'] for _, r in rois]),
        roi_importance=np.array([r['importance'] for _, r in rois], np.float32),
        roi_whole=np.array([r['source'] == 'whole' for _, r in rois]),
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True)
    ap.add_argument('--photos', default=os.path.join(common.CACHE, 'photos', 'photos.json'))
    ap.add_argument('--train', type=int, default=10000)
    ap.add_argument('--eval', type=int, default=400)
    ap.add_argument('--calib', type=int, default=1000, help='images of the training photos for type thresholds')
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    photos = common.load_json(a.photos)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    n_train = sum(p['split'] == 'train' for p in photos)
    for split, n in (('train', a.train), ('calib', a.calib)):
        if not n:
            continue
        res = generate(split, n, a.seed, photos, a.workers)
        packed = pack(res, n_train)
        np.savez(os.path.join(a.out, split + '.npz'), **{k: v for k, v in packed.items() if k != 'images'})
        t1 = time.time()
        # the encoder's fixed front end, once per image: training runs on these statistics
        np.save(os.path.join(a.out, split + '_stats.npy'), frontend.compute(packed['images']))
        print(f'synth: {n} {split} images, {sum(len(r["rois"]) for r in res)} ROIs, front-end statistics '
              f'cached ({t1 - t0:.0f} s + {time.time() - t1:.0f} s)', flush=True)
        if split == 'train':  # a few pixels too, for check_frontend.py
            np.save(os.path.join(a.out, split + '_images_sample.npy'), packed['images'][:SAMPLE])
        t0 = time.time()
    if a.eval:
        ed = os.path.join(a.out, 'eval')
        for sub in ('images', 'masks'):
            os.makedirs(os.path.join(ed, sub), exist_ok=True)
        res = generate('eval', a.eval, a.seed, photos, a.workers, eval_dir=ed)
        p = pack(res, n_train)
        np.savez(os.path.join(ed, 'dense.npz'), dense_cls=p['dense_cls'], dense_sev=p['dense_sev'])
        with open(os.path.join(ed, 'labels.jsonl'), 'w') as fo:
            for i, r in enumerate(res):
                fo.write(json.dumps(dict(
                    index=i, image=r['image_path'], photo=r['photo'], regions=r['regions'],
                    rois=[dict(id=f'r{j}', mask=q['mask_path'], source=q['source'], mos=round(q['mos'], 3),
                               mean_damage=round(q['mean_damage'], 5), importance=round(q['importance'], 5),
                               types=[common.DISTORTIONS[t] for t in np.nonzero(q['types'])[0]])
                          for j, q in enumerate(r['rois'])])) + '\n')
        print(f'synth: {a.eval} held-out images from {len({r["photo"] for r in res})} photos, '
              f'{sum(len(r["rois"]) for r in res)} ROIs ({time.time() - t0:.0f} s)', flush=True)


if __name__ == '__main__':
    main()
