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
def logistic4(value, b1, b2, b3, b4):
    with np.errstate(over='ignore'):
        return b2 + (b1 - b2) / (1 + np.exp(-(value - b3) / (abs(b4) + 1e-9)))


def plcc4(pred, mos):
    """Pearson correlation after fitting mos ~ logistic4(pred) (VQEG); signed by the fit's direction."""
    if len(pred) < 5:
        return float(stats.pearsonr(pred, mos)[0])
    standardised = (pred - pred.mean()) / (pred.std() + 1e-12)
    best = None
    for start in ([mos.max(), mos.min(), 0, 1], [mos.min(), mos.max(), 0, 1]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                params, _ = optimize.curve_fit(logistic4, standardised, mos, p0=start, maxfev=20000)
        except (RuntimeError, ValueError):
            continue
        fit = logistic4(standardised, *params)
        if np.std(fit) == 0:
            continue
        err = float(((fit - mos) ** 2).sum())
        if best is None or err < best[0]:
            best = (err, stats.pearsonr(fit, mos)[0] * (1 if params[0] >= params[1] else -1))
    return float(best[1]) if best else float(stats.pearsonr(pred, mos)[0])


def corr(pred, mos):
    pred, mos = np.asarray(pred, float), np.asarray(mos, float)
    ok = np.isfinite(pred)
    if ok.sum() < 3 or np.std(pred[ok]) == 0:
        return float('nan'), float('nan')
    return float(stats.spearmanr(pred[ok], mos[ok])[0]), plcc4(pred[ok], mos[ok])


def macro_f1(prob, truth, thr=0.5):
    f1s = []
    for kind in range(truth.shape[1]):
        said, true = prob[:, kind] >= thr, truth[:, kind] > 0
        tp, fp, fn = (said & true).sum(), (said & ~true).sum(), (~said & true).sum()
        f1s.append(float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else None)
    return float(np.mean([f1 for f1 in f1s if f1 is not None])), f1s


def ious(pred, truth, n_classes=9):
    per_class = []
    for cls in range(n_classes):
        inter, union = ((pred == cls) & (truth == cls)).sum(), ((pred == cls) | (truth == cls)).sum()
        if (truth == cls).any():
            per_class.append(inter / union)
    deg_inter = ((pred > 0) & (truth > 0)).sum()
    deg_union = ((pred > 0) | (truth > 0)).sum()
    return float(np.mean(per_class)), float(deg_inter / max(deg_union, 1))


# ---------------------------------------------------------------- data
def load_eval(eval_dir):
    with open(os.path.join(eval_dir, 'labels.jsonl')) as handle:
        items = [json.loads(line) for line in handle]
    base = os.path.abspath(eval_dir)
    for item in items:  # paths in labels.jsonl are relative to the eval folder
        item['image'] = os.path.join(base, item['image'])
        for roi in item['rois']:
            roi['mask'] = os.path.join(base, roi['mask'])
    dense = np.load(os.path.join(eval_dir, 'dense.npz'))
    return items, dense['dense_cls']


class HeldOut:
    """The held-out synthetic images and their ground truth, flattened over ROIs where needed."""

    def __init__(self, eval_dir):
        self.items, self.dense = load_eval(eval_dir)
        rois = [roi for item in self.items for roi in item['rois']]
        self.roi_mos = np.array([roi['mos'] for roi in rois])
        self.img_mos = np.array([[roi['mos'] for roi in item['rois'] if roi['source'] == 'whole'][0]
                                 for item in self.items])
        self.roi_types = np.array([[kind in roi['types'] for kind in common.DISTORTIONS] for roi in rois])
        self.roi_kind = [roi['source'] for roi in rois]


def read_mask(path):
    mask = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise IOError(f'cannot read mask {path}')
    return mask > 0


def sanity_files():
    with open(os.path.join(SANITY, 'labels.csv')) as handle:
        return [os.path.join(SANITY, row['file']) for row in csv.DictReader(handle)]


def sanity_srcc(pred_by_file):
    """SRCC per dataset of the real-mos-sanity set, by calling its own score_eval.py."""
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as pred_file:
        pred_file.write('file,prediction\n')
        for name, value in pred_by_file.items():
            pred_file.write(f'{name},{value:.6f}\n')
    out = subprocess.run([sys.executable, os.path.join(SANITY, 'score_eval.py'), '--pred', pred_file.name,
                          '--summary'], capture_output=True, text=True, check=True).stdout
    os.unlink(pred_file.name)
    res = {}
    for line in out.splitlines():
        match = re.match(r'(\S+) n=\d+ srcc=(\S+) plcc=(\S+)', line)
        if match:
            res[match.group(1)] = (float(match.group(2)), float(match.group(3)))
    return res


class Table:
    """The rows of the table, by method, and the notes printed under it."""

    def __init__(self, truth):
        self.truth, self.rows, self.notes = truth, {}, []

    def add(self, name, roi_pred, img_pred, san_pred, f1=None, miou=None):
        row = dict(roi=corr(roi_pred, self.truth.roi_mos), img=corr(img_pred, self.truth.img_mos), f1=f1, miou=miou)
        row['sanity'] = sanity_srcc(san_pred) if san_pred else {}
        self.rows[name] = row


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
        images = torch.from_numpy(np.stack([common.to_input(rgb) for rgb in rgb_list]))
        masks, index = [], []
        for image, image_masks in enumerate(masks_list):
            for mask in image_masks:
                masks.append(common.roi_mask_input(mask))
                index.append(image)
            masks.append(np.ones((common.ROI_GRID, common.ROI_GRID), np.float32))   # whole image
            index.append(image)
        with torch.no_grad():
            out = self.net(images, torch.from_numpy(np.stack(masks))[:, None], torch.tensor(index))
        scores = common.score_from_logits(out['level_logits'].numpy())
        probs = out['distortion_probs'].numpy()
        dense = out['degradation_logits'].argmax(1).numpy()
        res, at = [], 0
        for image, image_masks in enumerate(masks_list):
            n_rois = len(image_masks)
            res.append((float(scores[at + n_rois]), scores[at:at + n_rois].tolist(), probs[at:at + n_rois],
                        dense[image]))
            at += n_rois + 1
        return res


def learned_rows(table, checkpoint, sanity):
    """Adds the PyTorch row; returns its ROI scores and its figures per distortion type."""
    items, roi_types = table.truth.items, table.truth.roi_types
    net = Learned(checkpoint)
    roi_pred, img_pred, probs, dense_pred = [], [], [], []
    for start in range(0, len(items), 16):
        chunk = items[start:start + 16]
        res = net.run([common.read_rgb(item['image']) for item in chunk],
                      [[read_mask(roi['mask']) for roi in item['rois']] for item in chunk])
        for img_score, roi_scores, roi_probs, dense in res:
            img_pred.append(img_score)
            roi_pred += roi_scores
            probs.append(roi_probs)
            dense_pred.append(dense)
    probs = np.vstack(probs)
    f1, f1_per_type = macro_f1(probs, roi_types)
    miou, deg_iou = ious(np.stack(dense_pred), table.truth.dense)
    san = {path: net.run([common.read_rgb(path)], [[]])[0][0] for path in sanity}
    table.add('learned (PyTorch)', roi_pred, img_pred, san, f1, (miou, deg_iou))
    per_type = {}
    for kind, name in enumerate(common.DISTORTIONS):
        sel = roi_types[:, kind]
        if sel.sum() >= 3:
            per_type[name] = dict(n=int(sel.sum()), srcc=corr(np.array(roi_pred)[sel], table.truth.roi_mos[sel])[0],
                                  f1=f1_per_type[kind])
    return roi_pred, per_type


# ---------------------------------------------------------------- baselines
def laplacian(rgb, mask=None):
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float64)
    lap = cv2.Laplacian(luma, cv2.CV_64F, ksize=1)
    variance = lap[mask].var() if mask is not None else lap.var()
    return math.log10(variance + 1e-6)


def bbox_crop(rgb, mask):
    ys, xs = np.nonzero(mask)
    height, width = mask.shape
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1

    def grow(lo, hi, size):
        if hi - lo >= MIN_CROP or size <= MIN_CROP:
            return max(0, lo), min(size, hi)
        centre = (lo + hi) // 2
        lo = max(0, min(centre - MIN_CROP // 2, size - MIN_CROP))
        return lo, lo + MIN_CROP
    y0, y1 = grow(y0, y1, height)
    x0, x1 = grow(x0, x1, width)
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
        saved = np.load(cache)
        return dict(mu=saved['mu'], cov=saved['cov'], patches=int(saved['patches']))
    imgs = []
    for photo in common.load_json(photos_json):
        if photo['split'] != 'train':
            continue
        img = common.read_rgb(photo['file'])
        for short in (300, 448):
            scale = short / min(img.shape[:2])
            imgs.append(common.resize(img, round(img.shape[1] * scale), round(img.shape[0] * scale)))
    model = niqe.fit_pristine(imgs)
    np.savez(cache, **model)
    return model


def baseline_rows(table, sanity, args, out_dir):
    """Adds variance of Laplacian and, unless --no-baselines, BRISQUE and NIQE."""
    items = table.truth.items
    imgs = [common.read_rgb(item['image']) for item in items]
    masks = [[read_mask(roi['mask']) for roi in item['rois']] for item in items]
    san_imgs = {path: common.read_rgb(path) for path in sanity}

    def add(name, score, score_roi):
        table.add(name, [score_roi(img, mask) for img, img_masks in zip(imgs, masks) for mask in img_masks],
                  [score(img) for img in imgs], {path: score(img) for path, img in san_imgs.items()})

    add('variance of Laplacian', laplacian, laplacian)
    if args.no_baselines:
        table.notes.append('BRISQUE and NIQE rows skipped (--no-baselines)')
        return
    brisque = Brisque()
    if brisque.ok:
        add('BRISQUE (OpenCV, LIVE model)', brisque, lambda img, mask: brisque(bbox_crop(img, mask)))
    else:
        table.notes.append(f'BRISQUE row missing: cv2.quality or the model files in {BRISQUE_DIR} not found')
    pristine = fit_niqe(args.photos, os.path.join(out_dir, 'niqe_pristine.npz'))

    def niqe_score(img):
        return -niqe.score(pristine, img)
    add(f'NIQE (pristine MVG from {pristine["patches"]} train patches)', niqe_score,
        lambda img, mask: niqe_score(bbox_crop(img, mask)))


# ---------------------------------------------------------------- Java CLI
def write_manifest(path, entries):
    with open(path, 'w') as handle:
        for image, rois in entries:
            handle.write(json.dumps(dict(image=image, rois=[dict(id=rid, mask=mask) for rid, mask in rois])) + '\n')


def run_jar(jar, manifest, scorer, settings=(), cwd=None):
    cmd = ['java', '-jar', jar, 'score', '--manifest', manifest, '--scorer', scorer]
    cmd += [arg for setting in settings for arg in ('--set', setting)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if proc.returncode != 0:
        return None, f'{" ".join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}'
    out = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith('{'):
            record = json.loads(line)
            out[os.path.abspath(record['image'])] = record
    return out, None


def java_predictions(items, res):
    """(ROI scores, image scores, ROI type probabilities) of the jar's output, NaN where it has none."""
    roi_pred, img_pred, probs = [], [], []
    for item in items:
        record = res.get(os.path.abspath(item['image']), {})
        img_pred.append(float(record.get('score', float('nan'))))
        by_id = {region['id']: region for region in record.get('regions', [])}
        for roi in item['rois']:
            region = by_id.get(roi['id'], {})
            roi_pred.append(float(region.get('score', float('nan'))))
            probs.append([float(region.get('distortions', {}).get(kind, 0.0)) for kind in common.DISTORTIONS])
    return roi_pred, img_pred, probs


def java_rows(table, sanity, args, out_dir, learned_roi_pred):
    """Adds the Java CLI's classical and learned rows when the jar is there; writes its manifests."""
    items = table.truth.items
    man_eval = os.path.join(out_dir, 'manifest-heldout.jsonl')
    man_san = os.path.join(out_dir, 'manifest-sanity.jsonl')
    write_manifest(man_eval, [(item['image'], [(roi['id'], roi['mask']) for roi in item['rois']]) for item in items])
    write_manifest(man_san, [(os.path.abspath(path), []) for path in sanity])
    if not (args.jar and os.path.isfile(args.jar)):
        table.notes.append(f'Java classical and Java learned rows missing: no jar at {args.jar} '
                           f'(manifests written: {man_eval}, {man_san})')
        return
    man_eval, man_san = os.path.abspath(man_eval), os.path.abspath(man_san)
    settings = []
    if args.models:
        import export
        settings = [f'model.encoder={os.path.abspath(os.path.join(args.models, export.ENCODER_FILE))}',
                    f'model.roi-head={os.path.abspath(os.path.join(args.models, export.ROI_HEAD_FILE))}']
    for scorer in ('classical', 'learned'):
        sets = settings if scorer == 'learned' else []
        res, err = run_jar(args.jar, man_eval, scorer, sets, args.jar_cwd)
        res_san, err_san = run_jar(args.jar, man_san, scorer, sets, args.jar_cwd)
        if err or err_san:
            table.notes.append(f'Java {scorer} row missing: {err or err_san}')
            continue
        roi_pred, img_pred, probs = java_predictions(items, res)
        has_types = any(any(roi_probs) for roi_probs in probs)
        f1 = macro_f1(np.array(probs), table.truth.roi_types)[0] if has_types else None
        san_pred = {path: float(res_san.get(os.path.abspath(path), {}).get('score', float('nan'))) for path in sanity}
        table.add(f'Java {scorer} (iqmon.jar{", these ONNX files" if sets else ""})', roi_pred, img_pred, san_pred, f1)
        if scorer == 'learned':
            gap = np.nanmax(np.abs(np.array(roi_pred) - np.array(learned_roi_pred)))
            table.notes.append(f'Java learned (ONNX Runtime) vs PyTorch: largest ROI score difference {gap:.3g} '
                               f'over {len(roi_pred)} ROIs')


# ---------------------------------------------------------------- the table
def fmt(value):
    return '   -  ' if value is None or (isinstance(value, float) and math.isnan(value)) else f'{value:6.3f}'


def print_table(table, n_photos, n_sanity):
    truth = table.truth
    print(f'\nHeld-out: {len(truth.items)} images from {n_photos} photos never used in training, '
          f'{len(truth.roi_mos)} ROIs ({sum(kind == "whole" for kind in truth.roi_kind)} whole-image); '
          f'real-mos-sanity: {n_sanity} images.')
    head = (f'| {"method":44s} | ROI SRCC | ROI PLCC | img SRCC | img PLCC | type F1 | mIoU  | degr IoU | '
            f'CSIQ SRCC | LIVEC SRCC | real mean |')
    print(head)
    print('|' + '|'.join('-' * (len(column)) for column in head.split('|')[1:-1]) + '|')
    for name, row in table.rows.items():
        miou = row['miou'] or (None, None)
        csiq, livec = row['sanity'].get('CSIQ', (None,))[0], row['sanity'].get('LIVEC', (None,))[0]
        row['sanity_mean'] = None if csiq is None or livec is None else (csiq + livec) / 2
        print(f'| {name:44s} |  {fmt(row["roi"][0])}  |  {fmt(row["roi"][1])}  |  {fmt(row["img"][0])}  |  '
              f'{fmt(row["img"][1])}  | {fmt(row["f1"])}  | {fmt(miou[0])} |  {fmt(miou[1])}  |   {fmt(csiq)}  |'
              f'   {fmt(livec)}   |  {fmt(row["sanity_mean"])}   |')
    for note in table.notes:
        print('note: ' + note)


# ---------------------------------------------------------------- main
def parse_args():
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
    return ap.parse_args()


def main():
    args = parse_args()
    out_dir = args.out or os.path.dirname(os.path.abspath(args.eval_dir))
    os.makedirs(out_dir, exist_ok=True)
    started = time.time()
    table = Table(HeldOut(args.eval_dir))
    sanity = sanity_files()
    learned_roi_pred, per_type = learned_rows(table, args.checkpoint, sanity)
    baseline_rows(table, sanity, args, out_dir)
    java_rows(table, sanity, args, out_dir, learned_roi_pred)
    items = table.truth.items
    n_photos = len({item['photo'] for item in items})
    print_table(table, n_photos, len(sanity))
    with open(os.path.join(out_dir, 'results.json'), 'w') as handle:
        json.dump(dict(rows=table.rows, per_type_learned=per_type, notes=table.notes, n_images=len(items),
                       n_rois=len(table.truth.roi_mos), n_photos=n_photos, seconds=round(time.time() - started, 1)),
                  handle, indent=1)
    print(f'(per-type figures and all values: {os.path.join(out_dir, "results.json")}; {time.time() - started:.0f} s)')


if __name__ == '__main__':
    main()
