#!/usr/bin/env python3
"""Trains the iqmon ROI quality network on the cached synthetic set written by synth.py.

  train.py --data DIR/train.npz --out DIR [--steps 3000] [--batch 32] [--seed 0] [--max-minutes 55]

Losses (summed):
  levels      cross-entropy against a soft target over the 5 levels, a Gaussian (sigma 0.5 level)
              around t = MOS/25 + 1, plus |score - MOS| / 25 where score = (E[level] - 1) * 25 is
              exactly the score the Java side computes
  distortions binary cross-entropy of the 8 per-ROI type probabilities (multi-label)
  importance  binary cross-entropy against the ROI's share of the image's damage
  dense       class-weighted cross-entropy of the per-cell class (clean + 8 types) and the L1 error
              of the per-cell severity
Augmentation: horizontal flips only (anything photometric would be a distortion itself).
Schedule: AdamW, linear warm-up over the first 5 %, then cosine decay to zero, driven by progress =
max(step / steps, elapsed / max-minutes). On an idle machine the step count ends training (and the
run is reproducible); on a busy shared machine the time budget does, with the learning rate still
annealed to zero, and train_info.json says how many steps were done.
Threads: 2 (the machine's cores).
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import model as model_lib  # noqa: E402

LEVEL_SIGMA = 0.5


def soft_levels(mos):
    t = mos / 25.0 + 1.0
    lv = torch.arange(1, 6, dtype=torch.float32)
    p = torch.exp(-(lv[None] - t[:, None]) ** 2 / (2 * LEVEL_SIGMA ** 2))
    return p / p.sum(1, keepdim=True)


def bce(p, y):
    return F.binary_cross_entropy(p.clamp(1e-6, 1 - 1e-6), y)


class Batches:
    def __init__(self, data, batch, rng):
        self.d = data
        self.batch, self.rng = batch, rng
        n = len(data['images'])
        order = np.argsort(data['roi_image'], kind='stable')
        bounds = np.searchsorted(data['roi_image'][order], np.arange(n + 1))
        self.rois_of = [order[bounds[i]:bounds[i + 1]] for i in range(n)]
        self.perm, self.pos = rng.permutation(n), 0

    def next(self):
        if self.pos + self.batch > len(self.perm):
            self.perm, self.pos = self.rng.permutation(len(self.perm)), 0
        idx = self.perm[self.pos:self.pos + self.batch]
        self.pos += self.batch
        d = self.d
        flip = self.rng.random(len(idx)) < 0.5
        imgs = d['images'][idx].copy()
        imgs[flip] = imgs[flip][:, :, ::-1]
        cls = d['dense_cls'][idx].copy()
        cls[flip] = cls[flip][:, :, ::-1]
        sev = d['dense_sev'][idx].astype(np.float32)
        sev[flip] = sev[flip][:, :, ::-1]
        r = np.concatenate([self.rois_of[i] for i in idx])
        img_of = np.concatenate([np.full(len(self.rois_of[i]), j) for j, i in enumerate(idx)])
        masks = d['roi_mask'][r].astype(np.float32)
        masks[flip[img_of]] = masks[flip[img_of]][:, :, ::-1]
        t = lambda a, dt=torch.float32: torch.from_numpy(np.ascontiguousarray(a)).to(dt)  # noqa: E731
        return dict(image=t(common.normalise_s(imgs)), dense_cls=t(cls, torch.int64), dense_sev=t(sev)[:, None],
                    roi_masks=t(masks)[:, None], roi_index=t(img_of, torch.int64), mos=t(d['roi_mos'][r]),
                    types=t(d['roi_types'][r]), importance=t(d['roi_importance'][r]))


def losses(out, b, class_w):
    logits = out['level_logits']
    logp = F.log_softmax(logits, 1)
    l_level = -(soft_levels(b['mos']) * logp).sum(1).mean()
    score = ((logp.exp() * torch.arange(1, 6, dtype=torch.float32)).sum(1) - 1) * 25
    l_score = (score - b['mos']).abs().mean() / 25
    l_dist = bce(out['distortion_probs'], b['types'])
    l_imp = bce(out['importance'][:, 0], b['importance'].clamp(0, 1))
    l_cls = F.cross_entropy(out['degradation_logits'], b['dense_cls'], weight=class_w)
    l_sev = (out['degradation_severity'] - b['dense_sev']).abs().mean() * 4
    parts = dict(level=l_level, score=l_score, dist=l_dist, imp=0.3 * l_imp, cls=0.5 * l_cls, sev=l_sev)
    return sum(parts.values()), {k: float(v) for k, v in parts.items()}, score


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--max-minutes', type=float, default=55)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    data = dict(np.load(a.data))
    freq = np.bincount(data['dense_cls'].ravel(), minlength=9).astype(np.float64) + 1
    class_w = torch.tensor((freq / freq.sum()) ** -0.5, dtype=torch.float32)
    class_w = class_w / class_w.mean()
    net = model_lib.IqmonNet()
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    batches = Batches(data, a.batch, rng)
    print(f'train: {len(data["images"])} images, {len(data["roi_mos"])} ROIs, {a.steps} steps of '
          f'{a.batch}, {sum(p.numel() for p in net.parameters())} parameters', flush=True)
    t0, log, run = time.time(), [], {}
    step, stopped = 0, False
    net.train()
    progress = 0.0
    for step in range(1, a.steps + 1):
        progress = max((step - 1) / a.steps, (time.time() - t0) / 60 / a.max_minutes)
        if progress >= 1:
            stopped = True
            print(f'train: time budget of {a.max_minutes} min reached at step {step - 1} of {a.steps}', flush=True)
            step -= 1
            break
        lr = a.lr * (progress / 0.05 if progress < 0.05 else 0.5 * (1 + math.cos(math.pi * (progress - 0.05) / 0.95)))
        for g in opt.param_groups:
            g['lr'] = lr
        b = batches.next()
        out = net(b['image'], b['roi_masks'], b['roi_index'])
        loss, parts, _ = losses(out, b, class_w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        for k, v in parts.items():
            run[k] = run.get(k, 0) + v
        if step % 50 == 0 or step == a.steps:
            n = 50 if step % 50 == 0 else step % 50
            entry = dict(step=step, minutes=round((time.time() - t0) / 60, 2), lr=round(lr, 6), **{k: round(v / n, 4) for k, v in run.items()})
            log.append(entry)
            print('train: ' + ' '.join(f'{k}={v}' for k, v in entry.items()), flush=True)
            run = {}
    minutes = (time.time() - t0) / 60
    info = dict(steps=step, planned_steps=a.steps, batch=a.batch, lr=a.lr, seed=a.seed, minutes=round(minutes, 2),
                stopped_early=stopped, images=int(len(data['images'])), rois=int(len(data['roi_mos'])),
                threads=a.threads, log=log)
    torch.save(dict(model=net.state_dict(), info=info), os.path.join(a.out, 'checkpoint.pt'))
    with open(os.path.join(a.out, 'train_info.json'), 'w') as f:
        json.dump(info, f, indent=1)
    print(f'train: done, {step} steps in {minutes:.1f} min -> {os.path.join(a.out, "checkpoint.pt")}', flush=True)


if __name__ == '__main__':
    main()
