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
    target = mos / 25.0 + 1.0
    levels = torch.arange(1, 6, dtype=torch.float32)
    weights = torch.exp(-(levels[None] - target[:, None]) ** 2 / (2 * LEVEL_SIGMA ** 2))
    return weights / weights.sum(1, keepdim=True)


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


def to_tensor(array, dtype=torch.float32):
    return torch.from_numpy(np.ascontiguousarray(array)).to(dtype)


class Data:
    """A synthetic set: labels from the .npz, front-end statistics from the cache next to it."""

    def __init__(self, path, images=None):
        labels = np.load(path)
        self.stats = np.load(stats_path(path), mmap_mode='r')
        n_images = len(labels['dense_cls'])
        keep = np.arange(n_images) if images is None else np.sort(images)
        self.stats = np.ascontiguousarray(self.stats[keep])
        self.dense_cls = labels['dense_cls'][keep]
        self.dense_sev = labels['dense_sev'][keep].astype(np.float32)
        selected = np.isin(labels['roi_image'], keep)
        remap = np.full(n_images, -1)
        remap[keep] = np.arange(len(keep))
        self.roi_image = remap[labels['roi_image'][selected]]
        for key in ('roi_mask', 'roi_mos', 'roi_types', 'roi_importance', 'roi_whole'):
            setattr(self, key, labels[key][selected])
        self.roi_mask = self.roi_mask.astype(np.float32)
        order = np.argsort(self.roi_image, kind='stable')
        bounds = np.searchsorted(self.roi_image[order], np.arange(len(keep) + 1))
        self.rois_of = [order[bounds[image]:bounds[image + 1]] for image in range(len(keep))]

    def __len__(self):
        return len(self.stats)

    def batch(self, idx, flip=None):
        flip = np.zeros(len(idx), bool) if flip is None else flip
        stats = self.stats[idx].copy()
        stats[flip] = stats[flip][..., ::-1]
        cls = self.dense_cls[idx].copy()
        cls[flip] = cls[flip][..., ::-1]
        sev = self.dense_sev[idx].copy()
        sev[flip] = sev[flip][..., ::-1]
        rois = np.concatenate([self.rois_of[image] for image in idx])
        image_of = np.concatenate([np.full(len(self.rois_of[image]), position)
                                   for position, image in enumerate(idx)])
        masks = self.roi_mask[rois].copy()
        masks[flip[image_of]] = masks[flip[image_of]][..., ::-1]
        return dict(stats=to_tensor(stats), dense_cls=to_tensor(cls, torch.int64), dense_sev=to_tensor(sev)[:, None],
                    roi_masks=to_tensor(masks)[:, None], roi_index=to_tensor(image_of, torch.int64),
                    mos=to_tensor(self.roi_mos[rois]), types=to_tensor(self.roi_types[rois]),
                    importance=to_tensor(self.roi_importance[rois]), whole=self.roi_whole[rois])


def losses(out, batch, class_w, pos_w):
    logp = F.log_softmax(out['level_logits'], 1)
    l_level = -(soft_levels(batch['mos']) * logp).sum(1).mean()
    score = ((logp.exp() * torch.arange(1, 6, dtype=torch.float32)).sum(1) - 1) * 25
    l_score = (score - batch['mos']).abs().mean() / 25
    l_dist = F.binary_cross_entropy_with_logits(out['distortion_logits'], batch['types'], pos_weight=pos_w)
    l_imp = F.binary_cross_entropy_with_logits(out['importance_logits'][:, 0], batch['importance'].clamp(0, 1))
    l_cls = F.cross_entropy(out['degradation_logits'], batch['dense_cls'], weight=class_w)
    l_sev = (out['degradation_severity'] - batch['dense_sev']).abs().mean() * 4
    parts = dict(level=l_level, score=l_score, dist=l_dist, imp=0.3 * l_imp, cls=0.5 * l_cls, sev=l_sev)
    return sum(parts.values()), {name: float(value) for name, value in parts.items()}


def predict(net, data, batch_size=256):
    """Per ROI: score, type probabilities; per image: dense class map."""
    net.eval()
    scores, probs, dense = [], [], []
    with torch.no_grad():
        for start in range(0, len(data), batch_size):
            batch = data.batch(np.arange(start, min(start + batch_size, len(data))))
            out = net.from_stats(batch['stats'], batch['roi_masks'], batch['roi_index'])
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
    thresholds, f1s = [], []
    for kind in range(types.shape[1]):
        truth = types[:, kind] > 0
        scores = [f1_of(probs[:, kind] >= threshold, truth) for threshold in grid]
        best = int(np.argmax(scores))
        thresholds.append(float(grid[best]))
        f1s.append(float(scores[best]))
    return thresholds, f1s


def fold_thresholds(net, thresholds):
    """sigmoid(z - logit(t)) >= 0.5 exactly when sigmoid(z) >= t: shift each type's bias."""
    with torch.no_grad():
        shift = torch.tensor(thresholds, dtype=torch.float32)
        net.roi_head.distortion.bias -= torch.log(shift / (1 - shift))


def report(net, data, label):
    scores, probs, dense = predict(net, data)
    types = data.roi_types > 0
    srcc = sstats.spearmanr(scores, data.roi_mos)[0]
    whole = data.roi_whole
    srcc_img = sstats.spearmanr(scores[whole], data.roi_mos[whole])[0]
    f1s = [f1_of(probs[:, kind] >= 0.5, types[:, kind]) for kind in range(types.shape[1])]
    per_type = {name: round(float(sstats.spearmanr(scores[types[:, kind]], data.roi_mos[types[:, kind]])[0]), 3)
                for kind, name in enumerate(common.DISTORTIONS)}
    acc = float((dense == data.dense_cls).mean())
    res = dict(roi_srcc=round(float(srcc), 4), img_srcc=round(float(srcc_img), 4),
               type_f1=round(float(np.mean(f1s)), 4), f1=[round(float(f1), 3) for f1 in f1s],
               srcc_by_type=per_type, dense_acc=round(acc, 4),
               mae=round(float(np.abs(scores - data.roi_mos).mean()), 2))
    print(f'{label}: ' + json.dumps(res), flush=True)
    return res, probs


def parse_args():
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
    return ap.parse_args()


def load_sets(args, rng):
    """(training set, development set or None) as the options select them."""
    n_images = len(np.load(args.data)['dense_cls'])
    photo_of = np.arange(n_images) % int(np.load(args.data)['n_photos'])  # synth.py: image i is of photo i % n
    val = Data(args.val_data) if args.val_data else None
    if args.val_photos:
        held = rng.choice(photo_of.max() + 1, args.val_photos, replace=False)
        val = Data(args.data, np.nonzero(np.isin(photo_of, held))[0])
        data = Data(args.data, np.nonzero(~np.isin(photo_of, held))[0])
    else:
        data = Data(args.data, np.arange(args.limit) if args.limit else None)
    return data, val


def new_network(arch, data):
    """The untrained network, its input standardisation set from the training statistics."""
    net = model_lib.IqmonNet(**arch)
    flat = data.stats.transpose(1, 0, 2, 3).reshape(data.stats.shape[1], -1)
    net.encoder.net.set_statistics(flat.mean(1), flat.std(1) + 1e-3)
    return net


def loss_weights(data):
    """(dense class weights, per-type positive weights) from the label frequencies of the training set."""
    freq = np.bincount(data.dense_cls.ravel(), minlength=9).astype(np.float64) + 1
    class_w = torch.tensor((freq / freq.sum()) ** -0.5, dtype=torch.float32)
    class_w = class_w / class_w.mean()
    pos = data.roi_types.mean(0).astype(np.float64)
    pos_w = torch.tensor(np.sqrt((1 - pos) / np.maximum(pos, 1e-3)), dtype=torch.float32)
    return class_w, pos_w


class Batches:
    """Random batches: a fresh permutation of the images whenever the current one runs out."""

    def __init__(self, n_images, size, rng):
        self.n_images, self.size, self.rng = n_images, size, rng
        self.perm, self.at = rng.permutation(n_images), 0

    def next(self):
        if self.at + self.size > len(self.perm):
            self.perm, self.at = self.rng.permutation(self.n_images), 0
        idx = self.perm[self.at:self.at + self.size]
        self.at += self.size
        return idx


def train(net, data, val, args, rng, steps, weights):
    """Runs the schedule; returns (last step, stopped early by the time budget, minutes, loss log)."""
    class_w, pos_w = weights
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.wd)
    batches = Batches(len(data), args.batch, rng)
    started, log, running = time.time(), [], {}
    stopped, step = False, 0
    net.train()
    for step in range(1, steps + 1):
        if (time.time() - started) / 60 >= args.max_minutes:
            stopped = True
            step -= 1
            print(f'train: time budget of {args.max_minutes} min reached at step {step} of {steps}; the schedule '
                  'did not finish (learning rate not decayed to zero)', flush=True)
            break
        lr = learning_rate(args.lr, step, steps)
        for group in opt.param_groups:
            group['lr'] = lr
        idx = batches.next()
        batch = data.batch(idx, rng.random(len(idx)) < 0.5)
        out = net.from_stats(batch['stats'], batch['roi_masks'], batch['roi_index'])
        loss, parts = losses(out, batch, class_w, pos_w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        for name, value in parts.items():
            running[name] = running.get(name, 0) + value
        if step % 100 == 0 or step == steps:
            n_steps = 100 if step % 100 == 0 else step % 100
            entry = dict(step=step, minutes=round((time.time() - started) / 60, 2), lr=round(lr, 6),
                         **{name: round(total / n_steps, 4) for name, total in running.items()})
            log.append(entry)
            print('train: ' + ' '.join(f'{key}={value}' for key, value in entry.items()), flush=True)
            running = {}
        if val is not None and args.val_every and step % args.val_every == 0:
            report(net, val, f'left-out training photos at step {step}')
    return step, stopped, (time.time() - started) / 60, log


def calibrate_types(net, calib_path, info):
    """Folds the per-type thresholds that maximise F1 on the calibration images into the head."""
    calib = Data(calib_path)
    _, probs = report(net, calib, 'calibration images (thresholds 0.5)')
    thresholds, _ = calibrate(probs, calib.roi_types > 0)
    fold_thresholds(net, thresholds)
    info['thresholds'] = dict(zip(common.DISTORTIONS, thresholds))
    info['calib'] = report(net, calib, 'calibration images (calibrated)')[0]


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    load_started = time.time()
    data, val = load_sets(args, rng)
    arch = json.loads(args.arch)
    net = new_network(arch, data)
    steps = int(math.ceil(args.epochs * len(data) / args.batch))
    print(f'train: {len(data)} images, {len(data.roi_mos)} ROIs, {steps} steps of {args.batch} ({args.epochs} epochs), '
          f'{sum(param.numel() for param in net.parameters())} parameters, arch {arch} '
          f'(loaded in {time.time() - load_started:.0f} s)', flush=True)
    class_w, pos_w = loss_weights(data)
    step, stopped, minutes, log = train(net, data, val, args, rng, steps, (class_w, pos_w))
    info = dict(steps=step, planned_steps=steps, epochs=round(step * args.batch / len(data), 2), batch=args.batch,
                lr=args.lr, seed=args.seed, minutes=round(minutes, 2), stopped_early=stopped, images=len(data),
                rois=int(len(data.roi_mos)), threads=args.threads, arch=arch, pos_weight=pos_w.tolist(),
                loadavg_end=os.getloadavg(), log=log)
    info['train_fit'] = report(net, data, 'train fit (thresholds 0.5)')[0]
    if args.calib:
        calibrate_types(net, args.calib, info)
    if val is not None:
        info['val_photos'] = report(net, val, 'left-out training photos')[0]
    torch.save(dict(model=net.state_dict(), arch=arch, info=info), os.path.join(args.out, 'checkpoint.pt'))
    with open(os.path.join(args.out, 'train_info.json'), 'w') as handle:
        json.dump(info, handle, indent=1)
    print(f'train: done, {step} steps in {minutes:.1f} min -> {os.path.join(args.out, "checkpoint.pt")}', flush=True)


if __name__ == '__main__':
    main()
