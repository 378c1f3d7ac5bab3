"""Random regions of interest for synthesis: boxes, ellipses, polygons, smooth blobs and unions of
neighbouring superpixels, as image-sized boolean masks."""
import cv2
import numpy as np


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

