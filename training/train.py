#!/usr/bin/env python3
"""Trains the iqmon ROI quality network on the cached synthetic set written by synth.py.

  train.py --data DIR/train.npz --out DIR [--calib DIR/calib.npz] [--epochs 60] [--batch 64]
           [--max-minutes 40] [--seed 0] [--val-photos 6]

Training never touches pixels: the encoder's front end is fixed (frontend.py), so synth.py cached its
output per image (DIR/train_stats.npy) and every step runs only the learned part (model.CellNet and
the ROI head) on those statistics. Horizontal flips are the one augmentation: the front end is
symmetric, so the statistics of a flipped image are the flipped statistics (checked by
check_frontend.py), and masks and dense labels are flipped with them.

Losses (summed):
  levels      cross-entropy against a soft target over the 5 levels, a Gaussian (sigma 0.5 level)
              around t = MOS/25 + 1, plus |score - MOS| / 25 where score = (E[level] - 1) * 25 is
              exactly the score the Java side computes
  distortions binary cross-entropy of the 8 per-ROI types, positives weighted by sqrt(neg / pos) of
              their type, so that rare types are not learned as "never"
  importance  binary cross-entropy against the ROI's share of the image's damage
  dense       class-weighted cross-entropy of the per-cell class (clean + 8 types) and the L1 error
              of the per-cell severity
Schedule: AdamW, linear warm-up over the first 3 % of the steps, then cosine decay to zero, a
function of the step number alone (never of the clock), so the same inputs and seed give the same
weights. --max-minutes is only a safety stop: a run that reaches it ends before its last steps, with
the learning rate not yet decayed, and train_info.json says so (stopped_early).

Calibration (with --calib: images synthesised from the TRAINING photos, never trained on): per
distortion type the threshold on distortion_probs that maximises F1 on those images is folded into
the head's bias, so that 0.5 on the exported probabilities is that threshold. Held-out photos are
never used for any choice.

--val-photos K (development only): leaves the training images of K training photos out of training
and reports metrics on them at the end: a check on unseen photos without touching the held-out set.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy import stats as sstats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import model as model_lib  # noqa: E402

LEVEL_SIGMA = 0.5
WARM_UP = 0.03   # share of the steps with a rising learning rate
ARCH = dict(width=48, width14=64, blocks28=1, blocks14=1)


def soft_levels(mos):
    t = mos / 25.0 + 1.0
    lv = torch.arange(1, 6, dtype=torch.float32)
    p = torch.exp(-(lv[None] - t[:, None]) ** 2 / (2 * LEVEL_SIGMA ** 2))
    return p / p.sum(1, keepdim=True)


def learning_rate(base_lr, step, steps):
    """The rate of step 1..steps: linear warm-up over the first 3 % of the steps, then cosine decay to
    zero. A function of the step alone, so that a run is the same however busy the machine is."""
    progress = (step - 1) / steps
    if progress < WARM_UP:
        return base_lr * progress / WARM_UP
    return base_lr * 0.5 * (1 + math.cos(math.pi * (progress - WARM_UP) / (1 - WARM_UP)))


def stats_path(data_path):
    return os.path.join(os.path.dirname(os.path.abspath(data_path)),
                        os.path.basename(data_path).replace('.npz', '_stats.npy'))


class Data:
    """A synthetic set: labels from the .npz, front-end statistics from the cache next to it."""

    def __init__(self, path, images=None):
        d = np.load(path)
        self.stats = np.load(stats_path(path), mmap_mode='r')
        n = len(d['dense_cls'])
        keep = np.arange(n) if images is None else np.sort(images)
        self.stats = np.ascontiguousarray(self.stats[keep])
        self.dense_cls, self.dense_sev = d['dense_cls'][keep], d['dense_sev'][keep].astype(np.float32)
        sel = np.isin(d['roi_image'], keep)
        remap = np.full(n, -1)
        remap[keep] = np.arange(len(keep))
        self.roi_image = remap[d['roi_image'][sel]]
        for k in ('roi_mask', 'roi_mos', 'roi_types', 'roi_importance', 'roi_whole'):
            setattr(self, k, d[k][sel])
        self.roi_mask = self.roi_mask.astype(np.float32)
        order = np.argsort(self.roi_image, kind='stable')
        bounds = np.searchsorted(self.roi_image[order], np.arange(len(keep) + 1))
        self.rois_of = [order[bounds[i]:bounds[i + 1]] for i in range(len(keep))]

    def __len__(self):
        return len(self.stats)

    def batch(self, idx, flip=None):
        flip = np.zeros(len(idx), bool) if flip is None else flip
        st = self.stats[idx].copy()
        st[flip] = st[flip][..., ::-1]
        cls = self.dense_cls[idx].copy()
        cls[flip] = cls[flip][..., ::-1]
        sev = self.dense_sev[idx].copy()
        sev[flip] = sev[flip][..., ::-1]
        r = np.concatenate([self.rois_of[i] for i in idx])
        img_of = np.concatenate([np.full(len(self.rois_of[i]), j) for j, i in enumerate(idx)])
        masks = self.roi_mask[r].copy()
        masks[flip[img_of]] = masks[flip[img_of]][..., ::-1]
        t = lambda a, dt=torch.float32: torch.from_numpy(np.ascontiguousarray(a)).to(dt)  # noqa: E731
        return dict(stats=t(st), dense_cls=t(cls, torch.int64), dense_sev=t(sev)[:, None],
                    roi_masks=t(masks)[:, None], roi_index=t(img_of, torch.int64), mos=t(self.roi_mos[r]),
                    types=t(self.roi_types[r]), importance=t(self.roi_importance[r]), whole=self.roi_whole[r])


def losses(out, b, class_w, pos_w):
    logp = F.log_softmax(out['level_logits'], 1)
    l_level = -(soft_levels(b['mos']) * logp).sum(1).mean()
    score = ((logp.exp() * torch.arange(1, 6, dtype=torch.float32)).sum(1) - 1) * 25
    l_score = (score - b['mos']).abs().mean() / 25
    l_dist = F.binary_cross_entropy_with_logits(out['distortion_logits'], b['types'], pos_weight=pos_w)
    l_imp = F.binary_cross_entropy_with_logits(out['importance_logits'][:, 0], b['importance'].clamp(0, 1))
    l_cls = F.cross_entropy(out['degradation_logits'], b['dense_cls'], weight=class_w)
    l_sev = (out['degradation_severity'] - b['dense_sev']).abs().mean() * 4
    parts = dict(level=l_level, score=l_score, dist=l_dist, imp=0.3 * l_imp, cls=0.5 * l_cls, sev=l_sev)
    return sum(parts.values()), {k: float(v) for k, v in parts.items()}


def predict(net, data, batch=256):
    """Per ROI: score, type probabilities; per image: dense class map."""
    net.eval()
    scores, probs, dense = [], [], []
    with torch.no_grad():
        for i in range(0, len(data), batch):
            b = data.batch(np.arange(i, min(i + batch, len(data))))
            out = net.from_stats(b['stats'], b['roi_masks'], b['roi_index'])
            scores.append(common.score_from_logits(out['level_logits'].numpy()))
            probs.append(out['distortion_probs'].numpy())
            dense.append(out['degradation_logits'].argmax(1).numpy())
    net.train()
    return np.concatenate(scores), np.concatenate(probs), np.concatenate(dense)


def f1_of(pred, truth):
    tp, fp, fn = (pred & truth).sum(), (pred & ~truth).sum(), (~pred & truth).sum()
    return 2 * tp / max(2 * tp + fp + fn, 1)


def calibrate(probs, types):
    """Per type, the threshold in (0.05, 0.95) that maximises F1 on these ROIs."""
    grid = np.linspace(0.05, 0.95, 91)
    thr, f1 = [], []
    for t in range(types.shape[1]):
        y = types[:, t] > 0
        scores = [f1_of(probs[:, t] >= g, y) for g in grid]
        k = int(np.argmax(scores))
        thr.append(float(grid[k]))
        f1.append(float(scores[k]))
    return thr, f1


def fold_thresholds(net, thresholds):
    """sigmoid(z - logit(t)) >= 0.5 exactly when sigmoid(z) >= t: shift each type's bias."""
    with torch.no_grad():
        t = torch.tensor(thresholds, dtype=torch.float32)
        net.roi_head.distortion.bias -= torch.log(t / (1 - t))


def report(net, data, label):
    scores, probs, dense = predict(net, data)
    types = data.roi_types > 0
    srcc = sstats.spearmanr(scores, data.roi_mos)[0]
    w = data.roi_whole
    srcc_img = sstats.spearmanr(scores[w], data.roi_mos[w])[0]
    f1s = [f1_of(probs[:, t] >= 0.5, types[:, t]) for t in range(types.shape[1])]
    per = {n: round(float(sstats.spearmanr(scores[types[:, t]], data.roi_mos[types[:, t]])[0]), 3)
           for t, n in enumerate(common.DISTORTIONS)}
    acc = float((dense == data.dense_cls).mean())
    res = dict(roi_srcc=round(float(srcc), 4), img_srcc=round(float(srcc_img), 4),
               type_f1=round(float(np.mean(f1s)), 4), f1=[round(float(f), 3) for f in f1s],
               srcc_by_type=per, dense_acc=round(acc, 4),
               mae=round(float(np.abs(scores - data.roi_mos).mean()), 2))
    print(f'{label}: ' + json.dumps(res), flush=True)
    return res, probs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--calib', help='synthetic images of the training photos for the type thresholds')
    ap.add_argument('--out', required=True)
    ap.add_argument('--epochs', type=float, default=60)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--wd', type=float, default=1e-4)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--max-minutes', type=float, default=40)
    ap.add_argument('--val-photos', type=int, default=0, help='development: leave K training photos out')
    ap.add_argument('--val-data', help='development: another synthetic set to report on (e.g. of other photos)')
    ap.add_argument('--limit', type=int, default=0, help='development: train on the first N images only')
    ap.add_argument('--val-every', type=int, default=0, help='development: report on them every N steps')
    ap.add_argument('--arch', default=json.dumps(ARCH), help='CellNet widths and depths (JSON)')
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    t_load = time.time()
    n_all = len(np.load(a.data)['dense_cls'])
    photo_of = np.arange(n_all) % int(np.load(a.data)['n_photos'])  # synth.py: image i is of photo i % n
    val = Data(a.val_data) if a.val_data else None
    if a.val_photos:
        held = rng.choice(photo_of.max() + 1, a.val_photos, replace=False)
        val = Data(a.data, np.nonzero(np.isin(photo_of, held))[0])
        data = Data(a.data, np.nonzero(~np.isin(photo_of, held))[0])
    else:
        data = Data(a.data, np.arange(a.limit) if a.limit else None)
    arch = json.loads(a.arch)
    net = model_lib.IqmonNet(**arch)
    flat = data.stats.transpose(1, 0, 2, 3).reshape(data.stats.shape[1], -1)
    net.encoder.net.set_statistics(flat.mean(1), flat.std(1) + 1e-3)
    del flat
    freq = np.bincount(data.dense_cls.ravel(), minlength=9).astype(np.float64) + 1
    class_w = torch.tensor((freq / freq.sum()) ** -0.5, dtype=torch.float32)
    class_w = class_w / class_w.mean()
    pos = data.roi_types.mean(0).astype(np.float64)
    pos_w = torch.tensor(np.sqrt((1 - pos) / np.maximum(pos, 1e-3)), dtype=torch.float32)
    steps = int(math.ceil(a.epochs * len(data) / a.batch))
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=a.wd)
    print(f'train: {len(data)} images, {len(data.roi_mos)} ROIs, {steps} steps of {a.batch} ({a.epochs} epochs), '
          f'{sum(p.numel() for p in net.parameters())} parameters, arch {arch} (loaded in {time.time() - t_load:.0f} s)',
          flush=True)
    t0, log, run = time.time(), [], {}
    stopped, step, perm, pos_in = False, 0, rng.permutation(len(data)), 0
    net.train()
    for step in range(1, steps + 1):
        if (time.time() - t0) / 60 >= a.max_minutes:
            stopped = True
            step -= 1
            print(f'train: time budget of {a.max_minutes} min reached at step {step} of {steps}; the schedule '
                  'did not finish (learning rate not decayed to zero)', flush=True)
            break
        lr = learning_rate(a.lr, step, steps)
        for g in opt.param_groups:
            g['lr'] = lr
        if pos_in + a.batch > len(perm):
            perm, pos_in = rng.permutation(len(data)), 0
        idx = perm[pos_in:pos_in + a.batch]
        pos_in += a.batch
        b = data.batch(idx, rng.random(len(idx)) < 0.5)
        out = net.from_stats(b['stats'], b['roi_masks'], b['roi_index'])
        loss, parts = losses(out, b, class_w, pos_w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        for k, v in parts.items():
            run[k] = run.get(k, 0) + v
        if step % 100 == 0 or step == steps:
            n = 100 if step % 100 == 0 else step % 100
            entry = dict(step=step, minutes=round((time.time() - t0) / 60, 2), lr=round(lr, 6),
                         **{k: round(v / n, 4) for k, v in run.items()})
            log.append(entry)
            print('train: ' + ' '.join(f'{k}={v}' for k, v in entry.items()), flush=True)
            run = {}
        if val is not None and a.val_every and step % a.val_every == 0:
            report(net, val, f'left-out training photos at step {step}')
    minutes = (time.time() - t0) / 60
    info = dict(steps=step, planned_steps=steps, epochs=round(step * a.batch / len(data), 2), batch=a.batch,
                lr=a.lr, seed=a.seed, minutes=round(minutes, 2), stopped_early=stopped, images=len(data),
                rois=int(len(data.roi_mos)), threads=a.threads, arch=arch, pos_weight=pos_w.tolist(),
                loadavg_end=os.getloadavg(), log=log)
    info['train_fit'] = report(net, data, 'train fit (thresholds 0.5)')[0]
    if a.calib:
        calib = Data(a.calib)
        _, probs = report(net, calib, 'calibration images (thresholds 0.5)')
        thr, f1 = calibrate(probs, calib.roi_types > 0)
        fold_thresholds(net, thr)
        info['thresholds'] = dict(zip(common.DISTORTIONS, thr))
        info['calib'] = report(net, calib, 'calibration images (calibrated)')[0]
    if val is not None:
        info['val_photos'] = report(net, val, 'left-out training photos')[0]
    torch.save(dict(model=net.state_dict(), arch=arch, info=info), os.path.join(a.out, 'checkpoint.pt'))
    with open(os.path.join(a.out, 'train_info.json'), 'w') as f:
        json.dump(info, f, indent=1)
    print(f'train: done, {step} steps in {minutes:.1f} min -> {os.path.join(a.out, "checkpoint.pt")}', flush=True)


if __name__ == '__main__':
    main()
