#!/usr/bin/env python3
"""Cross-validation: the way every training choice is made and every LIVE Challenge figure reported.

  cv.py --features FEATURES.pkl --out DIR [--seeds 0,1,2] [--folds 5] [train.py options...]

For each seed, the LIVE Challenge photos are split into --folds folds (a permutation of that seed)
and the training photographs of the synthetic images into as many groups; each fold is trained on
the rest (train.py's run) and predicted. Reported per seed: the SRCC and PLCC of all held-out
predictions pooled, the mean per-fold SRCC, the synthetic held-out ROI SRCC and type macro-F1; then
the mean and standard deviation over seeds. DIR/cv.json keeps every number and prediction.
"""
import argparse
import json
import os
import pickle
import sys
import time

import numpy as np
import torch
from scipy.stats import pearsonr, spearmanr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train  # noqa: E402


def one_seed(data, seed, folds, rest):
    mos = data['livec']['mos']
    pred = np.full(len(mos), np.nan)
    runs = []
    for fold in range(folds):
        a = train.arguments(['--features', '-', '--out', '-', '--seed', str(seed), '--fold', str(fold),
                             '--folds', str(folds)] + rest)
        _, info = train.run(a, data)
        pred[info['live_index']] = info['live_pred']
        runs.append({k: v for k, v in info.items() if k not in ('live_index', 'live_pred')})
    return dict(seed=seed, live_srcc=float(spearmanr(pred, mos)[0]), live_plcc=float(pearsonr(pred, mos)[0]),
                live_fold_srcc=float(np.mean([r['live_srcc'] for r in runs])),
                synth_srcc=float(np.mean([r['synth_srcc'] for r in runs])),
                synth_type_f1=float(np.mean([r['synth_type_f1'] for r in runs])),
                minutes=float(sum(r['minutes'] for r in runs)), predictions=pred.tolist(), folds=runs)


def summary(results):
    keys = ('live_srcc', 'live_plcc', 'live_fold_srcc', 'synth_srcc', 'synth_type_f1')
    return {k: dict(mean=float(np.mean([r[k] for r in results])), sd=float(np.std([r[k] for r in results])))
            for k in keys}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--features', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--threads', type=int, default=2)
    a, rest = ap.parse_known_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    with open(a.features, 'rb') as f:
        data = pickle.load(f)
    t0, results = time.time(), []
    for seed in map(int, a.seeds.split(',')):
        results.append(one_seed(data, seed, a.folds, rest))
        r = results[-1]
        print(f'cv: seed {seed}: LIVE Challenge SRCC {r["live_srcc"]:.3f} PLCC {r["live_plcc"]:.3f} (per fold '
              f'{r["live_fold_srcc"]:.3f}); synthetic ROI SRCC {r["synth_srcc"]:.3f} type F1 '
              f'{r["synth_type_f1"]:.3f} ({r["minutes"]:.1f} min)', flush=True)
    s = summary(results)
    print('cv: ' + '; '.join(f'{k} {v["mean"]:.3f} ± {v["sd"]:.3f}' for k, v in s.items())
          + f' over {len(results)} seeds x {a.folds} folds ({(time.time() - t0) / 60:.1f} min); options {rest}',
          flush=True)
    with open(os.path.join(a.out, 'cv.json'), 'w') as f:
        json.dump(dict(options=rest, folds=a.folds, summary=s, seeds=results), f, indent=1)


if __name__ == '__main__':
    main()
