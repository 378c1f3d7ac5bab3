#!/usr/bin/env python3
"""Evaluates the learned model and simple baselines on the held-out photos; prints ONE table.

  evaluate.py --eval-dir DIR/eval --checkpoint CKPT.pt [--jar target/iqmon.jar] [--out DIR]
              [--models DIR] [--jar-cwd DIR]

Rows: the learned model (PyTorch weights, read through the same preprocessing as the ONNX contract),
variance of the Laplacian, BRISQUE (OpenCV, Debian opencv-data's LIVE model), NIQE (niqe.py, its
pristine model fitted on the training photos), and, when the jar is there, the Java CLI's classical
and learned scorers (`java -jar JAR score --manifest FILE --scorer classical|learned`).
Columns: ROI-level and image-level SRCC / PLCC (PLCC after a 4-parameter logistic fit) against the
pseudo-MOS of the held-out synthetic images, distortion-type macro-F1 over the ROIs (threshold 0.5),
degraded-region mIoU (9 classes, dense grid) and the IoU of degraded-vs-clean, and SRCC on the
real-mos-sanity images (CSIQ, LIVEC; computed by that set's own score_eval.py) and their mean (a
method "beats" another on real images when this mean is higher; 10 and 11 images: no claims).
The Java learned row scores with the ONNX files in --models when given (else the jar's own), so
the table shows ONNX Runtime in Java on the very weights of the PyTorch row.
ROI-level scores of the baselines: Laplacian variance over the ROI's pixels; BRISQUE and NIQE on the
ROI's bounding box (at least 64 x 64 pixels). Baselines that are "lower = better" are negated.
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

import cv2
import numpy as np
from scipy import optimize, stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import niqe  # noqa: E402

SANITY = os.environ.get('IQMON_SANITY', os.path.join(common.REPO, '..', 'shared', 'data', 'real-mos-sanity'))
if not os.path.isdir(SANITY):
    SANITY = '/work/shared/data/real-mos-sanity'
BRISQUE_DIR = '/usr/share/opencv4/quality'
MIN_CROP = 64


# ---------------------------------------------------------------- metrics
def logistic4(x, b1, b2, b3, b4):
    with np.errstate(over='ignore'):
        return b2 + (b1 - b2) / (1 + np.exp(-(x - b3) / (abs(b4) + 1e-9)))


def plcc4(pred, mos):
    """Pearson correlation after fitting mos ~ logistic4(pred) (VQEG); signed by the fit's direction."""
    if len(pred) < 5:
        return float(stats.pearsonr(pred, mos)[0])
    x = (pred - pred.mean()) / (pred.std() + 1e-12)
    best = None
    for p0 in ([mos.max(), mos.min(), 0, 1], [mos.min(), mos.max(), 0, 1]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                p, _ = optimize.curve_fit(logistic4, x, mos, p0=p0, maxfev=20000)
        except (RuntimeError, ValueError):
            continue
        fit = logistic4(x, *p)
        if np.std(fit) == 0:
            continue
        err = float(((fit - mos) ** 2).sum())
        if best is None or err < best[0]:
            best = (err, stats.pearsonr(fit, mos)[0] * (1 if p[0] >= p[1] else -1))
    return float(best[1]) if best else float(stats.pearsonr(pred, mos)[0])


def corr(pred, mos):
    pred, mos = np.asarray(pred, float), np.asarray(mos, float)
    ok = np.isfinite(pred)
    if ok.sum() < 3 or np.std(pred[ok]) == 0:
        return float('nan'), float('nan')
    return float(stats.spearmanr(pred[ok], mos[ok])[0]), plcc4(pred[ok], mos[ok])


def macro_f1(prob, truth, thr=0.5):
    f1s = []
    for t in range(truth.shape[1]):
        p, y = prob[:, t] >= thr, truth[:, t] > 0
        tp, fp, fn = (p & y).sum(), (p & ~y).sum(), (~p & y).sum()
        f1s.append(float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else None)
    return float(np.mean([f for f in f1s if f is not None])), f1s


def ious(pred, truth, n=9):
    per = []
    for c in range(n):
        inter, union = ((pred == c) & (truth == c)).sum(), ((pred == c) | (truth == c)).sum()
        if (truth == c).any():
            per.append(inter / union)
    deg_i = ((pred > 0) & (truth > 0)).sum()
    deg_u = ((pred > 0) | (truth > 0)).sum()
    return float(np.mean(per)), float(deg_i / max(deg_u, 1))


# ---------------------------------------------------------------- data
def load_eval(eval_dir):
    with open(os.path.join(eval_dir, 'labels.jsonl')) as f:
        items = [json.loads(line) for line in f]
    base = os.path.abspath(eval_dir)
    for it in items:  # paths in labels.jsonl are relative to the eval folder
        it['image'] = os.path.join(base, it['image'])
        for r in it['rois']:
            r['mask'] = os.path.join(base, r['mask'])
    dense = np.load(os.path.join(eval_dir, 'dense.npz'))
    return items, dense['dense_cls']


def read_mask(path):
    m = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise IOError(f'cannot read mask {path}')
    return m > 0


def sanity_files():
    with open(os.path.join(SANITY, 'labels.csv')) as f:
        return [os.path.join(SANITY, r['file']) for r in csv.DictReader(f)]


def sanity_srcc(pred_by_file):
    """SRCC per dataset of the real-mos-sanity set, by calling its own score_eval.py."""
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as f:
        f.write('file,prediction\n')
        for k, v in pred_by_file.items():
            f.write(f'{k},{v:.6f}\n')
    out = subprocess.run([sys.executable, os.path.join(SANITY, 'score_eval.py'), '--pred', f.name, '--summary'],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    res = {}
    for line in out.splitlines():
        m = re.match(r'(\S+) n=\d+ srcc=(\S+) plcc=(\S+)', line)
        if m:
            res[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return res


# ---------------------------------------------------------------- learned model
class Learned:
    def __init__(self, checkpoint):
        import torch
        import export
        self.torch = torch
        torch.set_num_threads(2)
        self.net = export.load(checkpoint)

    def run(self, rgb_list, masks_list):
        """For each image: (image score, [roi scores], [roi type probs], dense class map)."""
        torch = self.torch
        x = torch.from_numpy(np.stack([common.to_input(im) for im in rgb_list]))
        masks, index = [], []
        for i, ms in enumerate(masks_list):
            for m in ms:
                masks.append(common.roi_mask_input(m))
                index.append(i)
            masks.append(np.ones((common.ROI_GRID, common.ROI_GRID), np.float32))   # whole image
            index.append(i)
        with torch.no_grad():
            out = self.net(x, torch.from_numpy(np.stack(masks))[:, None], torch.tensor(index))
        scores = common.score_from_logits(out['level_logits'].numpy())
        probs = out['distortion_probs'].numpy()
        dense = out['degradation_logits'].argmax(1).numpy()
        res, k = [], 0
        for i, ms in enumerate(masks_list):
            n = len(ms)
            res.append((float(scores[k + n]), scores[k:k + n].tolist(), probs[k:k + n], dense[i]))
            k += n + 1
        return res


# ---------------------------------------------------------------- baselines
def laplacian(rgb, mask=None):
    y = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float64)
    lap = cv2.Laplacian(y, cv2.CV_64F, ksize=1)
    v = lap[mask].var() if mask is not None else lap.var()
    return math.log10(v + 1e-6)


def bbox_crop(rgb, mask):
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1

    def grow(lo, hi, size):
        if hi - lo >= MIN_CROP or size <= MIN_CROP:
            return max(0, lo), min(size, hi)
        c = (lo + hi) // 2
        lo = max(0, min(c - MIN_CROP // 2, size - MIN_CROP))
        return lo, lo + MIN_CROP
    y0, y1 = grow(y0, y1, h)
    x0, x1 = grow(x0, x1, w)
    return np.ascontiguousarray(rgb[y0:y1, x0:x1])


class Brisque:
    def __init__(self):
        self.model = os.path.join(BRISQUE_DIR, 'brisque_model_live.yml')
        self.range = os.path.join(BRISQUE_DIR, 'brisque_range_live.yml')
        self.ok = hasattr(cv2, 'quality') and os.path.isfile(self.model)

    def __call__(self, rgb):
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        return -float(cv2.quality.QualityBRISQUE_compute(bgr, self.model, self.range)[0])


def fit_niqe(photos_json, cache):
    if os.path.exists(cache):
        d = np.load(cache)
        return dict(mu=d['mu'], cov=d['cov'], patches=int(d['patches']))
    imgs = []
    for p in common.load_json(photos_json):
        if p['split'] != 'train':
            continue
        img = common.read_rgb(p['file'])
        for short in (300, 448):
            k = short / min(img.shape[:2])
            imgs.append(common.resize(img, round(img.shape[1] * k), round(img.shape[0] * k)))
    m = niqe.fit_pristine(imgs)
    np.savez(cache, **m)
    return m


# ---------------------------------------------------------------- Java CLI
def write_manifest(path, entries):
    with open(path, 'w') as f:
        for image, rois in entries:
            f.write(json.dumps(dict(image=image, rois=[dict(id=i, mask=m) for i, m in rois])) + '\n')


def run_jar(jar, manifest, scorer, settings=(), cwd=None):
    cmd = ['java', '-jar', jar, 'score', '--manifest', manifest, '--scorer', scorer]
    cmd += [x for kv in settings for x in ('--set', kv)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if p.returncode != 0:
        return None, f'{" ".join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-300:]}'
    out = {}
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith('{'):
            r = json.loads(line)
            out[os.path.abspath(r['image'])] = r
    return out, None


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--eval-dir', required=True)
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--photos', default=os.path.join(common.CACHE, 'photos', 'photos.json'))
    ap.add_argument('--jar', default=os.path.join(common.REPO, 'target', 'iqmon.jar'))
    ap.add_argument('--out', help='folder for results.json, manifests, NIQE model (default: --eval-dir/..)')
    ap.add_argument('--no-baselines', action='store_true', help='skip BRISQUE and NIQE (for smoke runs)')
    ap.add_argument('--models', help='folder with the iqmon-*.onnx files the Java learned row should use '
                    '(passed as --set model.encoder=... --set model.roi-head=...; default: the jar\'s own)')
    ap.add_argument('--jar-cwd', help='working folder for the jar (default: this one)')
    a = ap.parse_args()
    out_dir = a.out or os.path.dirname(os.path.abspath(a.eval_dir))
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.time()
    items, dense_truth = load_eval(a.eval_dir)
    roi_mos = np.array([r['mos'] for it in items for r in it['rois']])
    img_mos = np.array([[r['mos'] for r in it['rois'] if r['source'] == 'whole'][0] for it in items])
    roi_types = np.array([[t in r['types'] for t in common.DISTORTIONS] for it in items for r in it['rois']])
    roi_kind = [r['source'] for it in items for r in it['rois']]
    sanity = sanity_files()
    rows, notes = {}, []

    def add(name, roi_pred, img_pred, san_pred, f1=None, miou=None):
        r = dict(roi=corr(roi_pred, roi_mos), img=corr(img_pred, img_mos), f1=f1, miou=miou)
        r['sanity'] = sanity_srcc(san_pred) if san_pred else {}
        rows[name] = r

    # learned model
    net = Learned(a.checkpoint)
    roi_p, img_p, probs, dense_p = [], [], [], []
    for i in range(0, len(items), 16):
        chunk = items[i:i + 16]
        res = net.run([common.read_rgb(it['image']) for it in chunk],
                      [[read_mask(r['mask']) for r in it['rois']] for it in chunk])
        for s_img, s_rois, p, d in res:
            img_p.append(s_img)
            roi_p += s_rois
            probs.append(p)
            dense_p.append(d)
    probs = np.vstack(probs)
    f1, f1_per = macro_f1(probs, roi_types)
    miou, deg_iou = ious(np.stack(dense_p), dense_truth)
    san = {f: net.run([common.read_rgb(f)], [[]])[0][0] for f in sanity}
    add('learned (PyTorch)', roi_p, img_p, san, f1, (miou, deg_iou))
    per_type = {}
    for t, name in enumerate(common.DISTORTIONS):
        sel = roi_types[:, t]
        if sel.sum() >= 3:
            per_type[name] = dict(n=int(sel.sum()), srcc=corr(np.array(roi_p)[sel], roi_mos[sel])[0], f1=f1_per[t])

    # baselines
    imgs = [common.read_rgb(it['image']) for it in items]
    masks = [[read_mask(r['mask']) for r in it['rois']] for it in items]
    san_imgs = {f: common.read_rgb(f) for f in sanity}
    add('variance of Laplacian', [laplacian(im, m) for im, ms in zip(imgs, masks) for m in ms],
        [laplacian(im) for im in imgs], {f: laplacian(im) for f, im in san_imgs.items()})
    if a.no_baselines:
        notes.append('BRISQUE and NIQE rows skipped (--no-baselines)')
    else:
        brisque = Brisque()
        if brisque.ok:
            add('BRISQUE (OpenCV, LIVE model)', [brisque(bbox_crop(im, m)) for im, ms in zip(imgs, masks) for m in ms],
                [brisque(im) for im in imgs], {f: brisque(im) for f, im in san_imgs.items()})
        else:
            notes.append(f'BRISQUE row missing: cv2.quality or the model files in {BRISQUE_DIR} not found')
        nm = fit_niqe(a.photos, os.path.join(out_dir, 'niqe_pristine.npz'))
        nq = lambda im: -niqe.score(nm, im)  # noqa: E731
        add(f'NIQE (pristine MVG from {nm["patches"]} train patches)',
            [nq(bbox_crop(im, m)) for im, ms in zip(imgs, masks) for m in ms],
            [nq(im) for im in imgs], {f: nq(im) for f, im in san_imgs.items()})

    # Java CLI
    man_eval, man_san = os.path.join(out_dir, 'manifest-heldout.jsonl'), os.path.join(out_dir, 'manifest-sanity.jsonl')
    write_manifest(man_eval, [(it['image'], [(r['id'], r['mask']) for r in it['rois']]) for it in items])
    write_manifest(man_san, [(os.path.abspath(f), []) for f in sanity])
    if a.jar and os.path.isfile(a.jar):
        man_eval, man_san = os.path.abspath(man_eval), os.path.abspath(man_san)
        settings = []
        if a.models:
            import export
            settings = [f'model.encoder={os.path.abspath(os.path.join(a.models, export.ENCODER_FILE))}',
                        f'model.roi-head={os.path.abspath(os.path.join(a.models, export.ROI_HEAD_FILE))}']
        for scorer in ('classical', 'learned'):
            sets = settings if scorer == 'learned' else []
            res, err = run_jar(a.jar, man_eval, scorer, sets, a.jar_cwd)
            res_s, err_s = run_jar(a.jar, man_san, scorer, sets, a.jar_cwd)
            if err or err_s:
                notes.append(f'Java {scorer} row missing: {err or err_s}')
                continue
            roi_j, img_j, prob_j = [], [], []
            for it in items:
                r = res.get(os.path.abspath(it['image']), {})
                img_j.append(float(r.get('score', float('nan'))))
                by_id = {q['id']: q for q in r.get('regions', [])}
                for q in it['rois']:
                    j = by_id.get(q['id'], {})
                    roi_j.append(float(j.get('score', float('nan'))))
                    prob_j.append([float(j.get('distortions', {}).get(t, 0.0)) for t in common.DISTORTIONS])
            has_types = any(any(p) for p in prob_j)
            f1_j = macro_f1(np.array(prob_j), roi_types)[0] if has_types else None
            san_j = {f: float(res_s.get(os.path.abspath(f), {}).get('score', float('nan'))) for f in sanity}
            add(f'Java {scorer} (iqmon.jar{", these ONNX files" if sets else ""})', roi_j, img_j, san_j, f1_j)
            if scorer == 'learned':
                gap = np.nanmax(np.abs(np.array(roi_j) - np.array(roi_p)))
                notes.append(f'Java learned (ONNX Runtime) vs PyTorch: largest ROI score difference {gap:.3g} '
                             f'over {len(roi_j)} ROIs')
    else:
        notes.append(f'Java classical and Java learned rows missing: no jar at {a.jar} '
                     f'(manifests written: {man_eval}, {man_san})')

    # the table
    n_photos = len({it['photo'] for it in items})
    print(f'\nHeld-out: {len(items)} images from {n_photos} photos never used in training, {len(roi_mos)} ROIs '
          f'({sum(k == "whole" for k in roi_kind)} whole-image); real-mos-sanity: {len(sanity)} images.')
    fmt = lambda v: '   -  ' if v is None or (isinstance(v, float) and math.isnan(v)) else f'{v:6.3f}'  # noqa: E731
    head = (f'| {"method":44s} | ROI SRCC | ROI PLCC | img SRCC | img PLCC | type F1 | mIoU  | degr IoU | '
            f'CSIQ SRCC | LIVEC SRCC | real mean |')
    print(head)
    print('|' + '|'.join('-' * (len(c)) for c in head.split('|')[1:-1]) + '|')
    for name, r in rows.items():
        miou = r['miou'] or (None, None)
        csiq, livec = r['sanity'].get('CSIQ', (None,))[0], r['sanity'].get('LIVEC', (None,))[0]
        r['sanity_mean'] = None if csiq is None or livec is None else (csiq + livec) / 2
        print(f'| {name:44s} |  {fmt(r["roi"][0])}  |  {fmt(r["roi"][1])}  |  {fmt(r["img"][0])}  |  {fmt(r["img"][1])}  | '
              f'{fmt(r["f1"])}  | {fmt(miou[0])} |  {fmt(miou[1])}  |   {fmt(csiq)}  |'
              f'   {fmt(livec)}   |  {fmt(r["sanity_mean"])}   |')
    for n in notes:
        print('note: ' + n)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(dict(rows=rows, per_type_learned=per_type, notes=notes, n_images=len(items), n_rois=len(roi_mos),
                       n_photos=n_photos, seconds=round(time.time() - t0, 1)), f, indent=1)
    print(f'(per-type figures and all values: {os.path.join(out_dir, "results.json")}; {time.time() - t0:.0f} s)')


if __name__ == '__main__':
    main()
