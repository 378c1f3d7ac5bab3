#!/usr/bin/env python3
"""Trains the quality network on real human scores and synthetic distortions at once.

  train.py --features FEATURES.pkl --out DIR [--seed 0] [--fold K --folds 5] [--epochs 12] ...

Two kinds of evidence that do not share one scale, learned as rankings within each source (UNIQUE,
Zhang et al., IEEE TIP 2021): for two images of one batch and one source, the target is the
probability that the first is better (Thurstone: Phi((mos_a - mos_b) / sqrt(sd_a^2 + sd_b^2)), the
raters' standard deviations for the LIVE Challenge photos, a fixed SYNTH_SD for pseudo-MOS), the
prediction Phi((score_a - score_b) / sqrt(2)) on standardised scores, and the loss the fidelity
loss. Beside it: the Q-Align level distribution (cross-entropy against a Gaussian around each
source's MOS mapped to levels 1..5), and on the synthetic images only the distortion types (BCE),
the importance (BCE) and the dense damage head (class cross-entropy and severity L1).

Each step takes LIVE_BATCH photos (random crops of the cached block_5 output, or of its mirror
image's) and SYNTH_BATCH synthetic images with all their ROIs. Only blocks 6-10 and the heads learn;
BatchNorm keeps its statistics. The learning rate follows a one-cycle schedule of the step number
alone, so a run is reproducible.

--fold K of --folds F holds out fold K of the LIVE Challenge photos and the synthetic images of fold
K's training photographs; the held-out predictions go to DIR/heldout.json (cv.py gathers them).
Without --fold everything trains and DIR/checkpoint.pt is the model to export.
"""
import argparse
import json
import os
import pickle
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy.stats import pearsonr, spearmanr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import model as model_lib  # noqa: E402

LIVE_BATCH = 16
SYNTH_BATCH = 6
SYNTH_SD = 6.0         # pseudo-MOS points: the spread assumed for the synthetic ranking target
LEVEL_SD = 0.5         # width of the soft level target, in levels
MIN_CROP = 48          # smallest LIVE Challenge crop side, in block_5 positions (stride 8): 384 px


def arguments(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--features', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--weights', default=os.path.join(common.CACHE, 'backbone', 'mobilenet_v2_block10.pt'))
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--fold', type=int, default=None)
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--epochs', type=int, default=12)
    ap.add_argument('--lr', type=float, default=3e-4, help='blocks 6-10')
    ap.add_argument('--head-lr', type=float, default=2e-3)
    ap.add_argument('--synth-weight', type=float, default=0.3,
                    help='weight of the synthetic losses beside the LIVE Challenge ranking (chosen on fold 0: 1.0 costs LIVE Challenge SRCC)')
    ap.add_argument('--no-synth', action='store_true')
    ap.add_argument('--aux-detach', action='store_true',
                    help='the distortion, importance and dense losses do not move blocks 6-10')
    ap.add_argument('--threads', type=int, default=2)
    return ap.parse_args(argv)


# ---------------------------------------------------------------- data
def split(data, fold, folds, seed):
    """Indices of the LIVE Challenge photos and synthetic images to train on and to hold out."""
    live_n, synth = len(data['livec']['mos']), data['synth']
    order = np.random.default_rng(1000 + seed).permutation(live_n)
    photos = sorted({s['photo'] for s in synth})
    photo_fold = {p: i % folds for i, p in enumerate(np.random.default_rng(2000 + seed).permutation(photos))}
    if fold is None:
        return order, np.array([], int), np.arange(len(synth)), np.array([], int)
    live_test = order[fold::folds]
    synth_test = np.array([i for i, s in enumerate(synth) if photo_fold[s['photo']] == fold], int)
    return (np.setdiff1d(order, live_test), live_test,
            np.setdiff1d(np.arange(len(synth)), synth_test), synth_test)


def live_crops(live, idx, rng):
    """A batch of random crops (same size) of cached block_5 outputs, half of them mirrored."""
    side = min(min(live['acts'][i].shape[1:]) for i in idx)
    c = int(rng.integers(MIN_CROP, side + 1)) // 2 * 2
    out = []
    for i in idx:
        a = live['mirrored'][i] if rng.random() < 0.5 else live['acts'][i]
        h, w = a.shape[1:]
        y, x = int(rng.integers(0, h - c + 1)) // 2 * 2, int(rng.integers(0, w - c + 1)) // 2 * 2
        out.append(torch.from_numpy(a[:, y:y + c, x:x + c].astype(np.float32)))
    return torch.stack(out)


def level_target(level):
    """Soft Q-Align target: a Gaussian over levels 1..5 around each level value (shape [B] -> [B, 5])."""
    grid = torch.arange(1, 6, dtype=torch.float32)
    t = torch.exp(-0.5 * ((grid[None] - level[:, None]) / LEVEL_SD) ** 2)
    return t / t.sum(1, keepdim=True)


def expected_level(logits):
    return (F.softmax(logits, -1) * torch.arange(1, 6, dtype=torch.float32)).sum(-1)


# ---------------------------------------------------------------- losses
def fidelity(pred, mos, sd):
    """UNIQUE's fidelity loss over every ordered pair of a batch."""
    normal = torch.distributions.Normal(0.0, 1.0)
    p_hat = normal.cdf((pred[:, None] - pred[None, :]) / np.sqrt(2.0))
    p = normal.cdf((mos[:, None] - mos[None, :]) / torch.sqrt(sd[:, None] ** 2 + sd[None, :] ** 2 + 1e-6))
    eps = 1e-8
    loss = 1 - torch.sqrt(p * p_hat + eps) - torch.sqrt((1 - p) * (1 - p_hat) + eps)
    off = ~torch.eye(len(pred), dtype=torch.bool)
    return loss[off].mean()


def standardised(score):
    return (score - score.mean()) / (score.std() + 1e-3)


def live_loss(net, live, idx, rng, scale):
    x = live_crops(live, idx, rng)
    cells, _, _ = net.encode(x)
    pooled = cells.mean((2, 3))
    logits, _, _ = net.score_rois(pooled, pooled, torch.ones(len(idx), 1))
    level = expected_level(logits)
    mos = torch.from_numpy(live['mos'][idx])
    sd = torch.from_numpy(live['mos_std'][idx])
    target = 1 + 4 * (mos - scale[0]) / (scale[1] - scale[0])
    ce = -(level_target(target) * F.log_softmax(logits, -1)).sum(-1).mean()
    return fidelity(standardised(level), mos, sd) + 0.5 * ce


def synth_image_terms(net, s, aux_detach=False):
    """One synthetic image: its ROI outputs and dense outputs with their labels."""
    b5 = torch.from_numpy(s['act'].astype(np.float32))[None]
    cells, dense_logits, severity = net.encode(b5)
    if aux_detach:
        with torch.no_grad():
            frozen_cells = net.trunk(b5)
        z_global = net.standardise(frozen_cells.mean((2, 3)))
        z_cells = net.standardise(frozen_cells.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        dense_logits, severity = net.dense(z_cells, z_global)
    h, w = cells.shape[-2:]
    masks = torch.from_numpy(np.stack([r['cells'][:h, :w] for r in s['rois']]).astype(np.float32))
    local = model_lib.pool(cells[0], masks)
    whole = cells[0].mean((1, 2)).expand(len(local), -1)
    area = masks.flatten(1).mean(1, keepdim=True)
    levels, types, importance = net.score_rois(local, whole, area)
    if aux_detach:
        _, types, importance = net.score_rois(local.detach(), whole.detach(), area)
    cls = torch.from_numpy(s['dense_cls'][:h, :w].astype(np.int64))[None]
    sev = torch.from_numpy(s['dense_sev'][:h, :w].astype(np.float32))[None]
    return levels, types, importance, dense_logits, severity, cls, sev


def synth_loss(net, synth, idx, class_weights, aux_detach=False):
    parts = [synth_image_terms(net, synth[i], aux_detach) for i in idx]
    rois = [r for i in idx for r in synth[i]['rois']]
    levels = torch.cat([p[0] for p in parts])
    types = torch.cat([p[1] for p in parts])
    importance = torch.cat([p[2] for p in parts])[:, 0]
    mos = torch.tensor([r['mos'] for r in rois], dtype=torch.float32)
    type_target = torch.tensor(np.stack([r['types'] for r in rois]), dtype=torch.float32)
    imp_target = torch.tensor([r['importance'] for r in rois], dtype=torch.float32).clamp(0, 1)
    level = expected_level(levels)
    rank = fidelity(standardised(level), mos, torch.full_like(mos, SYNTH_SD))
    ce = -(level_target(1 + mos / 25) * F.log_softmax(levels, -1)).sum(-1).mean()
    bce = F.binary_cross_entropy_with_logits(types, type_target)
    imp = F.binary_cross_entropy_with_logits(importance, imp_target)
    dense_ce = sum(F.cross_entropy(p[3], p[5], weight=class_weights) for p in parts) / len(parts)
    sev_l1 = sum((p[4][:, 0] - p[6]).abs().mean() for p in parts) / len(parts)
    return rank + 0.5 * ce + bce + 0.3 * imp + 0.5 * dense_ce + 4 * sev_l1


# ---------------------------------------------------------------- training
@torch.no_grad()
def init_standardisation(net, data, live_idx, synth_idx):
    """mu and sigma of the pooled spreads, over the training images as the untrained trunk sees them."""
    live = data['livec']
    pooled = [net.trunk(torch.from_numpy(live['acts'][i].astype(np.float32))[None]).mean((2, 3))[0]
              for i in live_idx[:200]]
    pooled += [net.trunk(torch.from_numpy(data['synth'][i]['act'].astype(np.float32))[None]).mean((2, 3))[0]
               for i in synth_idx[:100]]
    z = model_lib.spread(torch.stack(pooled))
    net.mu.copy_(z.mean(0))
    net.sigma.copy_(z.std(0) + 1e-3)


def dense_class_weights(synth, idx):
    counts = np.bincount(np.concatenate([synth[i]['dense_cls'].ravel() for i in idx]),
                         minlength=len(common.DISTORTIONS) + 1).astype(np.float64) + 1
    return torch.tensor(np.sqrt(counts.sum() / counts / len(counts)), dtype=torch.float32)


def train(net, data, live_idx, synth_idx, a, log):
    rng = np.random.default_rng(a.seed)
    live, synth = data['livec'], data['synth']
    use_synth = not a.no_synth and len(synth_idx) > 0
    scale = (float(live['mos'].min()), float(live['mos'].max()))
    class_weights = dense_class_weights(synth, synth_idx) if use_synth else None
    trunk_params = [p for p in net.trunk.parameters()]
    head_params = [p for n, p in net.named_parameters() if not n.startswith(('trunk.', 'frozen.'))]
    opt = torch.optim.AdamW([{'params': trunk_params, 'lr': a.lr}, {'params': head_params, 'lr': a.head_lr}],
                            weight_decay=1e-4)
    per_epoch = max(1, len(live_idx) // LIVE_BATCH)
    steps = a.epochs * per_epoch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[a.lr, a.head_lr], total_steps=steps, pct_start=0.1)
    t0, history = time.time(), []
    for epoch in range(a.epochs):
        net.train()
        model_lib.set_batchnorm_eval(net)
        order = rng.permutation(live_idx)
        sums = np.zeros(2)
        for b in range(per_epoch):
            loss_live = live_loss(net, live, order[b * LIVE_BATCH:(b + 1) * LIVE_BATCH], rng, scale)
            loss = loss_live
            loss_synth = torch.zeros(())
            if use_synth:
                loss_synth = synth_loss(net, synth, rng.choice(synth_idx, SYNTH_BATCH, replace=False), class_weights,
                                        a.aux_detach)
                loss = loss + a.synth_weight * loss_synth
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            sums += [loss_live.item(), loss_synth.item()]
        history.append(dict(epoch=epoch + 1, live=sums[0] / per_epoch, synth=sums[1] / per_epoch,
                            seconds=round(time.time() - t0, 1)))
        log(f'epoch {epoch + 1}/{a.epochs}: live {sums[0] / per_epoch:.4f} synth {sums[1] / per_epoch:.4f} '
            f'({time.time() - t0:.0f} s)')
    return history


# ---------------------------------------------------------------- held-out predictions
@torch.no_grad()
def predict_live(net, live, idx):
    net.eval()
    out = []
    for i in idx:
        cells, _, _ = net.encode(torch.from_numpy(live['acts'][i].astype(np.float32))[None])
        pooled = cells.mean((2, 3))
        logits, _, _ = net.score_rois(pooled, pooled, torch.ones(1, 1))
        out.append(float(common.score_from_logits(logits.numpy())[0]))
    return np.array(out)


@torch.no_grad()
def predict_synth(net, synth, idx):
    net.eval()
    scores, mos, types, truth = [], [], [], []
    for i in idx:
        levels, t, _, _, _, _, _ = synth_image_terms(net, synth[i])
        scores += list(common.score_from_logits(levels.numpy()))
        types.append(torch.sigmoid(t).numpy())
        for r in synth[i]['rois']:
            mos.append(r['mos'])
            truth.append(r['types'])
    return np.array(scores), np.array(mos), np.concatenate(types), np.stack(truth)


def macro_f1(probs, truth):
    f1 = []
    for t in range(truth.shape[1]):
        p, y = probs[:, t] >= 0.5, truth[:, t] > 0
        tp = (p & y).sum()
        f1.append(2 * tp / max(1, p.sum() + y.sum()))
    return float(np.mean(f1))


def heldout_report(net, data, live_test, synth_test):
    live_pred = predict_live(net, data['livec'], live_test)
    live_mos = data['livec']['mos'][live_test]
    s_pred, s_mos, s_types, s_truth = predict_synth(net, data['synth'], synth_test)
    return dict(
        live_index=live_test.tolist(), live_pred=live_pred.tolist(),
        live_srcc=float(spearmanr(live_pred, live_mos)[0]), live_plcc=float(pearsonr(live_pred, live_mos)[0]),
        synth_srcc=float(spearmanr(s_pred, s_mos)[0]) if len(s_mos) > 2 else None,
        synth_type_f1=macro_f1(s_types, s_truth) if len(s_mos) else None, synth_rois=int(len(s_mos)))


def run(a, data):
    """One training run on the data (features.py's); returns the network and its info (with the held-out
    report when a fold is held out)."""
    torch.manual_seed(a.seed)
    live_train, live_test, synth_train, synth_test = split(data, a.fold, a.folds, a.seed)
    net = model_lib.IqmonNet(a.weights)
    init_standardisation(net, data, live_train, synth_train)
    log = lambda msg: print(f'train[fold {a.fold} seed {a.seed}]: {msg}', flush=True)  # noqa: E731
    t0 = time.time()
    history = train(net, data, live_train, synth_train, a, log)
    info = dict(seed=a.seed, fold=a.fold, folds=a.folds, epochs=a.epochs, lr=a.lr, head_lr=a.head_lr,
                synth_weight=0.0 if a.no_synth else a.synth_weight, minutes=round((time.time() - t0) / 60, 2),
                live_photos=int(len(live_train)), synth_images=int(len(synth_train)), log=history)
    if a.fold is not None:
        report = heldout_report(net, data, live_test, synth_test)
        info.update(report)
        log(f'held out: LIVE Challenge SRCC {report["live_srcc"]:.3f} PLCC {report["live_plcc"]:.3f}; '
            f'synthetic ROI SRCC {report["synth_srcc"] or float("nan"):.3f} type F1 '
            f'{report["synth_type_f1"] or float("nan"):.3f} ({report["synth_rois"]} ROIs)')
    return net, info


def main():
    a = arguments()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    with open(a.features, 'rb') as f:
        data = pickle.load(f)
    net, info = run(a, data)
    if a.fold is None:
        torch.save(dict(model=net.state_dict(), info=info), os.path.join(a.out, 'checkpoint.pt'))
    with open(os.path.join(a.out, 'heldout.json' if a.fold is not None else 'train_info.json'), 'w') as f:
        json.dump(info, f, indent=1)


if __name__ == '__main__':
    main()
