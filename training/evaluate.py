#!/usr/bin/env python3
"""Evaluates the trained model beside the classical scorer, another release and simple baselines, on
the same images; prints ONE table.

  evaluate.py --eval-dir DIR/eval --graded DIR/graded --checkpoint CKPT.pt [--out DIR]
              [--jar target/iqmon.jar] [--models DIR] [--compare-jar OLD.jar --compare-name NAME]
              [--cv cv.json] [--no-baselines]

Rows: the learned model (PyTorch, at native resolution as the ONNX contract has it); with a jar, the
Java CLI's learned scorer (on the ONNX files in --models) and its classical scorer
(`java -jar JAR score --manifest FILE --scorer ...`); with --compare-jar, that jar's learned scorer
(e.g. the previous release, with its own model files); variance of the Laplacian, BRISQUE and NIQE.
Columns:
  held-out synthetic ROIs (photos never trained on): ROI SRCC and PLCC against the pseudo-MOS,
      whole-image SRCC, distortion-type macro-F1 (threshold 0.5), dense mIoU over the 9 classes and
      the IoU of damaged-vs-clean cells
  graded series (graded.py: held-out photos blurred, noised and JPEG-compressed at 5 strengths, all
      pooled): SRCC against MS-SSIM and against -GMSD
  real-mos-sanity: SRCC on its CSIQ images (its 11 LIVE Challenge photos are part of livec-train, so
      their figure is printed in results.json but is not a held-out measure)
PLCC is computed after the 4-parameter logistic fit. --cv adds cv.py's LIVE Challenge figures.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baselines  # noqa: E402
import common  # noqa: E402
import metrics  # noqa: E402

SANITY = os.environ.get('IQMON_SANITY', os.path.join(common.REPO, '..', 'shared', 'data', 'real-mos-sanity'))


# ---------------------------------------------------------------- data
def read_mask(path):
    mask = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise IOError(f'cannot read mask {path}')
    return mask > 0


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


class Truth:
    """The images of every set and their ground truth."""

    def __init__(self, eval_dir, graded_dir):
        self.items = read_jsonl(os.path.join(eval_dir, 'labels.jsonl'))
        for item in self.items:
            item['image'] = os.path.abspath(os.path.join(eval_dir, item['image']))
            for roi in item['rois']:
                roi['mask'] = os.path.abspath(os.path.join(eval_dir, roi['mask']))
        dense = np.load(os.path.join(eval_dir, 'dense.npz'))
        self.dense = [dense[f'cls_{i}'] for i in range(len(self.items))]
        rois = [roi for item in self.items for roi in item['rois']]
        self.roi_mos = np.array([roi['mos'] for roi in rois])
        self.img_mos = np.array([next(r['mos'] for r in item['rois'] if r['source'] == 'whole') for item in self.items])
        self.roi_types = np.array([[kind in roi['types'] for kind in common.DISTORTIONS] for roi in rois])
        self.graded = read_jsonl(os.path.join(graded_dir, 'labels.jsonl'))
        for g in self.graded:
            g['image'] = os.path.abspath(os.path.join(graded_dir, g['image']))
        with open(os.path.join(SANITY, 'labels.csv')) as f:
            self.sanity = [os.path.abspath(os.path.join(SANITY, row['file'])) for row in csv.DictReader(f)]

    def whole_index(self, item):
        return next(i for i, r in enumerate(item['rois']) if r['source'] == 'whole')


def sanity_srcc(pred_by_file):
    """SRCC per data set of the real-mos-sanity images, by that set's own score_eval.py."""
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as f:
        f.write('file,prediction\n')
        for name, value in pred_by_file.items():
            f.write(f'{name},{value:.6f}\n')
    out = subprocess.run([sys.executable, os.path.join(SANITY, 'score_eval.py'), '--pred', f.name, '--summary'],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    return {m.group(1): float(m.group(2)) for m in re.finditer(r'(\S+) n=\d+ srcc=(\S+) plcc=\S+', out)}


# ---------------------------------------------------------------- one row
class Row:
    def __init__(self, name, truth, roi_pred, img_pred, graded_pred, sanity_pred, probs=None, dense=None):
        self.name = name
        self.roi = metrics.corr(roi_pred, truth.roi_mos)
        self.img = metrics.corr(img_pred, truth.img_mos)[0]
        self.f1 = metrics.macro_f1(np.asarray(probs), truth.roi_types)[0] if probs is not None else None
        self.dense = metrics.ious(np.concatenate([d.ravel() for d in dense]),
                                  np.concatenate([d.ravel() for d in truth.dense])) if dense else (None, None)
        graded_pred = np.asarray(graded_pred, float)
        self.graded = {fr: metrics.corr(graded_pred, np.array([g[fr] for g in truth.graded]))[0]
                       for fr in ('ms_ssim', 'neg_gmsd')}
        self.graded_per_type = {kind: metrics.corr(graded_pred[sel], np.array([g['ms_ssim'] for g in truth.graded])[sel])[0]
                                for kind in ('blur', 'noise', 'compression')
                                for sel in [np.array([g['type'] == kind for g in truth.graded])]}
        self.sanity = sanity_srcc(sanity_pred)

    def as_dict(self):
        return dict(roi_srcc=self.roi[0], roi_plcc=self.roi[1], img_srcc=self.img, type_f1=self.f1,
                    miou=self.dense[0], degraded_iou=self.dense[1], graded_ms_ssim=self.graded['ms_ssim'],
                    graded_gmsd=self.graded['neg_gmsd'], graded_per_type=self.graded_per_type, sanity=self.sanity)


# ---------------------------------------------------------------- the learned model in PyTorch
class Learned:
    def __init__(self, checkpoint):
        import torch
        import export
        import model as model_lib
        torch.set_num_threads(2)
        self.torch, self.model_lib = torch, model_lib
        net = export.load(checkpoint, os.path.join(common.CACHE, 'backbone', 'mobilenet_v2_block10.pt'))
        self.encoder, self.head = export.Encoder(net), export.RoiHead(net)

    def __call__(self, rgb, masks):
        """ROI scores, type probabilities and the dense class map of one image; masks [] = whole image."""
        torch = self.torch
        with torch.no_grad():
            x = torch.from_numpy(rgb.astype(np.float32) / 255).permute(2, 0, 1)[None]
            cells, logits, _ = self.encoder(x)
            fractions = [common.cell_fractions(m) for m in masks] or [np.ones(cells.shape[-2:], np.float32)]
            frac = torch.from_numpy(np.stack(fractions))
            local = self.model_lib.pool(cells[0], frac)
            whole = cells[0].mean((1, 2)).expand(len(local), -1)
            levels, probs, _ = self.head(local, whole, frac.flatten(1).mean(1, keepdim=True))
        return common.score_from_logits(levels.numpy()), probs.numpy(), logits[0].argmax(0).numpy()


def learned_row(truth, checkpoint):
    run = Learned(checkpoint)
    roi_pred, img_pred, probs, dense = [], [], [], []
    for item in truth.items:
        scores, p, cls = run(common.read_rgb(item['image']), [read_mask(r['mask']) for r in item['rois']])
        roi_pred += list(scores)
        img_pred.append(scores[truth.whole_index(item)])
        probs.append(p)
        dense.append(cls)
    graded = [run(common.read_rgb(g['image']), [])[0][0] for g in truth.graded]
    sanity = {path: run(common.read_rgb(path), [])[0][0] for path in truth.sanity}
    return Row('learned (PyTorch)', truth, roi_pred, img_pred, graded, sanity, np.vstack(probs), dense), roi_pred


# ---------------------------------------------------------------- baselines
def baseline_rows(truth, photos, out_dir, everything):
    imgs = [common.read_rgb(item['image']) for item in truth.items]
    masks = [[read_mask(r['mask']) for r in item['rois']] for item in truth.items]
    graded = [common.read_rgb(g['image']) for g in truth.graded]
    sanity = {path: common.read_rgb(path) for path in truth.sanity}

    def row(name, score, score_roi):
        return Row(name, truth, [score_roi(img, m) for img, ms in zip(imgs, masks) for m in ms],
                   [score(img) for img in imgs], [score(img) for img in graded],
                   {path: score(img) for path, img in sanity.items()})

    rows = [row('variance of Laplacian', baselines.laplacian, baselines.laplacian)]
    if not everything:
        return rows
    brisque = baselines.Brisque()
    if brisque.ok:
        rows.append(row('BRISQUE (OpenCV, LIVE model)', brisque,
                        lambda img, m: brisque(baselines.bbox_crop(img, m))))
    pristine = baselines.fit_niqe(photos, os.path.join(out_dir, 'niqe_pristine.npz'))
    niqe_score = lambda img: -baselines.niqe.score(pristine, img)  # noqa: E731
    rows.append(row(f'NIQE (pristine model of {pristine["patches"]} train patches)', niqe_score,
                    lambda img, m: niqe_score(baselines.bbox_crop(img, m))))
    return rows


# ---------------------------------------------------------------- the Java CLI
def write_manifest(path, truth):
    with open(path, 'w') as f:
        for item in truth.items:
            f.write(json.dumps(dict(image=item['image'], rois=[dict(id=r['id'], mask=r['mask'])
                                                             for r in item['rois']])) + '\n')
        for image in [g['image'] for g in truth.graded] + truth.sanity:
            f.write(json.dumps(dict(image=image, rois=[])) + '\n')


def run_jar(jar, manifest, scorer, settings=(), cwd=None):
    cmd = ['java', '-jar', jar, 'score', '--manifest', manifest, '--scorer', scorer]
    cmd += [arg for setting in settings for arg in ('--set', setting)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if proc.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}')
    return {os.path.abspath(r['image']): r for r in map(json.loads, filter(lambda line: line.startswith('{'),
                                                                            proc.stdout.splitlines()))}


def jar_row(name, truth, res, with_types):
    roi_pred, img_pred, probs = [], [], []
    for item in truth.items:
        record = res[item['image']]
        img_pred.append(float(record['score']))
        by_id = {region['id']: region for region in record['regions']}
        for roi in item['rois']:
            region = by_id[roi['id']]
            roi_pred.append(float(region['score']))
            probs.append([float(region.get('distortions', {}).get(k, 0.0)) for k in common.DISTORTIONS])
    graded = [float(res[g['image']]['score']) for g in truth.graded]
    sanity = {path: float(res[path]['score']) for path in truth.sanity}
    return Row(name, truth, roi_pred, img_pred, graded, sanity, np.array(probs) if with_types else None), roi_pred


def java_rows(truth, a, out_dir, learned_roi_pred, notes):
    manifest = os.path.abspath(os.path.join(out_dir, 'manifest.jsonl'))
    write_manifest(manifest, truth)
    rows = []
    if not (a.jar and os.path.isfile(a.jar)):
        notes.append(f'Java rows missing: no jar at {a.jar} (manifest written: {manifest})')
        return rows
    settings = []
    if a.models:
        import export
        settings = [f'model.encoder={os.path.abspath(os.path.join(a.models, export.ENCODER_FILE))}',
                    f'model.roi-head={os.path.abspath(os.path.join(a.models, export.ROI_HEAD_FILE))}']
    row, java_roi = jar_row('Java learned (iqmon.jar, these ONNX files)', truth,
                            run_jar(a.jar, manifest, 'learned', settings, a.jar_cwd), True)
    rows.append(row)
    gap = np.max(np.abs(np.array(java_roi) - np.array(learned_roi_pred)))
    notes.append(f'Java learned (ONNX Runtime) vs PyTorch: largest ROI score difference {gap:.3g} over '
                 f'{len(java_roi)} ROIs')
    rows.append(jar_row('Java classical (iqmon.jar)', truth, run_jar(a.jar, manifest, 'classical', (), a.jar_cwd),
                        True)[0])
    if a.compare_jar:
        rows.append(jar_row(f'{a.compare_name} learned ({os.path.basename(a.compare_jar)})', truth,
                            run_jar(a.compare_jar, manifest, 'learned', (), a.compare_cwd), True)[0])
    return rows


# ---------------------------------------------------------------- the table
def fmt(value):
    return '  -   ' if value is None or value != value else f'{value:6.3f}'


def print_table(truth, rows, notes):
    print(f'\nHeld-out synthetic: {len(truth.items)} images from {len({i["photo"] for i in truth.items})} photos '
          f'never trained on, {len(truth.roi_mos)} ROIs; graded series: {len(truth.graded)} images; '
          f'real-mos-sanity: {len(truth.sanity)} images.')
    head = (f'| {"method":42s} | ROI SRCC | ROI PLCC | img SRCC | type F1 | mIoU   | degr IoU | graded MS-SSIM | '
            f'graded GMSD | CSIQ SRCC |')
    print(head)
    print('|' + '|'.join('-' * len(c) for c in head.split('|')[1:-1]) + '|')
    for r in rows:
        print(f'| {r.name:42s} |  {fmt(r.roi[0])}  |  {fmt(r.roi[1])}  |  {fmt(r.img)}  | {fmt(r.f1)}  | '
              f'{fmt(r.dense[0])} |  {fmt(r.dense[1])}  |     {fmt(r.graded["ms_ssim"])}     |   '
              f'{fmt(r.graded["neg_gmsd"])}    |   {fmt(r.sanity.get("CSIQ"))}  |')
    for note in notes:
        print('note: ' + note)


def cv_note(path):
    with open(path) as f:
        cv = json.load(f)
    s = cv['summary']
    return (f'LIVE Challenge {cv["folds"]}-fold cross-validation over {len(cv["seeds"])} seeds (cv.py): SRCC '
            f'{s["live_srcc"]["mean"]:.3f} ± {s["live_srcc"]["sd"]:.3f}, PLCC {s["live_plcc"]["mean"]:.3f} ± '
            f'{s["live_plcc"]["sd"]:.3f}')


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--eval-dir', required=True)
    ap.add_argument('--graded', required=True)
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--photos', default=os.path.join(common.CACHE, 'photos', 'photos.json'))
    ap.add_argument('--jar', default=os.path.join(common.REPO, 'target', 'iqmon.jar'))
    ap.add_argument('--jar-cwd', help='working folder for the jar (default: this one)')
    ap.add_argument('--models', help='folder with the iqmon-*.onnx files for the Java learned row')
    ap.add_argument('--compare-jar', help='another iqmon jar whose learned scorer gets a row (its own model files)')
    ap.add_argument('--compare-name', default='other release')
    ap.add_argument('--compare-cwd')
    ap.add_argument('--cv', help="cv.py's cv.json, for the LIVE Challenge figures")
    ap.add_argument('--out', help='folder for results.json, the manifest and the NIQE model (default: --eval-dir/..)')
    ap.add_argument('--no-baselines', action='store_true', help='only the Laplacian baseline (smoke runs)')
    return ap.parse_args()


def main():
    a = parse_args()
    out_dir = a.out or os.path.dirname(os.path.abspath(a.eval_dir))
    os.makedirs(out_dir, exist_ok=True)
    started, notes = time.time(), []
    truth = Truth(a.eval_dir, a.graded)
    learned, learned_roi = learned_row(truth, a.checkpoint)
    rows = [learned] + java_rows(truth, a, out_dir, learned_roi, notes)
    rows += baseline_rows(truth, a.photos, out_dir, not a.no_baselines)
    if a.cv:
        notes.append(cv_note(a.cv))
    print_table(truth, rows, notes)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(dict(rows={r.name: r.as_dict() for r in rows}, notes=notes, seconds=round(time.time() - started)),
                  f, indent=1)
    print(f'(all values: {os.path.join(out_dir, "results.json")}; {time.time() - started:.0f} s)')


if __name__ == '__main__':
    main()
