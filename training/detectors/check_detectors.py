#!/usr/bin/env python3
"""Checks the converted detectors against the TensorFlow.js originals, on real photos.

  check_detectors.py [--models-dir models] [--tol 1e-3]

1. Agreement. Runs each original graph in TensorFlow.js 4.22.0 (check_detectors.js, Node, pure
   JavaScript CPU backend) at batch 1 and the ONNX file in ONNX Runtime 1.26.0 (OrtRunDetector.java,
   Java, CPU) at batch N, on the same inputs: the six darknet sample photos and scikit-image's
   astronaut, letterboxed to the model's size and normalised as its metadata says, and a generated
   pattern. Compares every output element; fails when a difference exceeds --tol times the larger of
   1 and the TensorFlow.js value (BlazeFace's raw logits reach the hundreds).
2. Contract. With ONNX Runtime, on the same photos and the boxes drawn by hand in
   src/test/resources/detect/hand-boxes.json, compares what the metadata says against the
   alternatives: NanoDet's input normalisation (BGR mean/std as upstream NanoDet against RGB / 255),
   its box decoding (softmax + integral over the 11 bins against the most likely bin; cell centres
   at +0.5 against +0), and BlazeFace's input range ([-1, 1] against [0, 1]). Prints, for each, the
   hand boxes found (IoU >= 0.5, confidence >= 0.3 for NanoDet, 0.5 for BlazeFace), their mean IoU
   and mean confidence, and fails when an alternative finds more of NanoDet's hand boxes than the
   file's contract, or as many with a higher mean IoU.

Needs: bash training/detectors/fetch_detectors.sh --tfjs; convert_detectors.py; java and the
onnxruntime 1.26.0 jar in ~/.m2 (a Maven build of iqmon fetches it).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import cv2
import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(os.environ.get('IQMON_CACHE', os.path.join(os.path.dirname(HERE), '.cache')), 'detectors')
ORIGINALS = os.path.join(CACHE, 'human-models-3.0.4', 'models')
PHOTOS = ['dog.jpg', 'person.jpg', 'kite.jpg', 'horses.jpg', 'giraffe.jpg', 'eagle.jpg']
ASTRONAUT = os.path.join(REPO, 'src', 'main', 'resources', 'samples', 'astronaut.png')
HAND_BOXES = os.path.join(REPO, 'src', 'test', 'resources', 'detect', 'hand-boxes.json')
ORT_VERSION = '1.26.0'
GRAPHS = {'nanodet-g-416': 'nanodet.json', 'blazeface-back-256': 'blazeface-back.json'}
TF_OUTPUTS = {'nanodet-g-416': ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5'],
              'blazeface-back-256': ['Identity', 'Identity_1', 'Identity_2', 'Identity_3']}


def metadata(path):
    return {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}


def onnx_outputs(path):
    return [o.name for o in onnx.load(path, load_external_data=False).graph.output]


def photo_paths():
    return [(name, os.path.join(CACHE, 'photos', name)) for name in PHOTOS] + [('astronaut.png', ASTRONAUT)]


def letterbox(path, size):
    """The photo scaled to fit size x size (area averaging), centred on black; RGB uint8; its placement."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        sys.exit(f'check_detectors: cannot read {path}: run fetch_detectors.sh first (pipeline.sh does)')
    h, w = bgr.shape[:2]
    scale = min(size / w, size / h)
    nw, nh = round(w * scale), round(h * scale)
    out = np.zeros((size, size, 3), np.uint8)
    x0, y0 = (size - nw) // 2, (size - nh) // 2
    out[y0:y0 + nh, x0:x0 + nw] = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_AREA)[..., ::-1]
    return out, (scale, x0, y0)


def normalise(rgb, channels, mean, std):
    """NCHW float32 [1, 3, S, S] from an RGB uint8 image: channels in `channels` order, (v - mean) / std."""
    img = rgb[..., ::-1] if channels == 'BGR' else rgb
    x = (img.astype(np.float32) - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None], dtype=np.float32)


def contract_normalisation(meta):
    nums = lambda k: [float(v) for v in meta[k].split(',')]  # noqa: E731
    return meta['iqmon.input.channels'], nums('iqmon.input.mean'), nums('iqmon.input.std')


def pattern(size, seed):
    """A generated RGB uint8 image: sinusoids, a gradient, a checkerboard band, noise."""
    rng = np.random.default_rng(seed)
    y, x = np.meshgrid(np.linspace(0, 1, size), np.linspace(0, 1, size), indexing='ij')
    img = np.stack([0.5 + 0.4 * np.sin(9 * x + 4 * y), y, 0.5 + 0.4 * np.cos(17 * x * y)], axis=-1)
    img[size // 3:size // 2] = ((np.indices((size // 2 - size // 3, size)).sum(0) // 8) % 2)[..., None]
    img += rng.normal(0, 0.05, img.shape)
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8)


# -- running the two runtimes ---------------------------------------------------------------------
def run_tfjs(name, inputs, work):
    """{input name: {TF output: array}} from TensorFlow.js; inputs: {name: NCHW array, batch 1}."""
    node, node_modules = shutil.which('node'), os.path.join(CACHE, 'node', 'node_modules')
    if not node or not os.path.isdir(node_modules):
        sys.exit('check_detectors: needs node and TensorFlow.js: bash training/detectors/fetch_detectors.sh --tfjs')
    nhwc = name == 'blazeface-back-256'
    request = {'outputs': TF_OUTPUTS[name], 'inputs': []}
    for key, x in inputs.items():
        graph_input = x.transpose(0, 2, 3, 1) if nhwc else x
        np.ascontiguousarray(graph_input, np.float32).tofile(os.path.join(work, f'{key}.in.f32'))
        request['inputs'].append({'name': key, 'shape': list(graph_input.shape)})
    with open(os.path.join(work, 'request.json'), 'w') as f:
        json.dump(request, f)
    subprocess.run([node, os.path.join(HERE, 'check_detectors.js'), node_modules,
                    os.path.join(ORIGINALS, GRAPHS[name]), work], check=True, stderr=subprocess.DEVNULL)
    with open(os.path.join(work, 'response.json')) as f:
        shapes = json.load(f)['outputs']
    return {key: {o: np.fromfile(os.path.join(work, f'{key}.{o}.f32'), np.float32).reshape(shapes[key][o])
                  for o in TF_OUTPUTS[name]} for key in inputs}


def ort_jar():
    jar = os.path.expanduser(f'~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/{ORT_VERSION}/'
                             f'onnxruntime-{ORT_VERSION}.jar')
    if not shutil.which('java') or not os.path.isfile(jar):
        sys.exit(f'check_detectors: needs java and {jar} (a Maven build of iqmon fetches it)')
    return jar


def run_ort(model, batch, work):
    """{ONNX output: array [N, ...]} from ONNX Runtime for an NCHW batch."""
    out = tempfile.mkdtemp(dir=work)
    path = os.path.join(out, 'input.f32')
    np.ascontiguousarray(batch, np.float32).tofile(path)
    subprocess.run(['java', '-cp', ort_jar(), os.path.join(HERE, 'OrtRunDetector.java'), model, path, out,
                    *[str(d) for d in batch.shape]], check=True)
    names = onnx_outputs(model)
    return {o: np.fromfile(os.path.join(out, f'{o}.f32'), np.float32).reshape(len(batch), -1, _width(o, model))
            for o in names}


def _width(output, model):
    dims = [o for o in onnx.load(model, load_external_data=False).graph.output if o.name == output][0]
    return dims.type.tensor_type.shape.dim[2].dim_value


# -- 1. agreement ---------------------------------------------------------------------------------
def agreement(name, model, work, tol):
    meta = metadata(model)
    size = int(meta['iqmon.input.size'])
    inputs = {n.split('.')[0]: normalise(letterbox(p, size)[0], *contract_normalisation(meta))
              for n, p in photo_paths()}
    inputs['pattern'] = normalise(pattern(size, 0), *contract_normalisation(meta))
    tf = run_tfjs(name, inputs, work)
    ort = run_ort(model, np.concatenate(list(inputs.values())), work)
    worst = worst_scaled = 0.0
    for tf_name, onnx_name in zip(TF_OUTPUTS[name], onnx_outputs(model)):
        pairs = [(ort[onnx_name][i], tf[key][tf_name][0]) for i, key in enumerate(inputs)]
        diff = max(float(np.abs(a - b).max()) for a, b in pairs)
        scaled = max(float((np.abs(a - b) / np.maximum(1.0, np.abs(b))).max()) for a, b in pairs)
        scale = max(float(np.abs(b).max()) for _, b in pairs)
        print(f'check_detectors: {name} {onnx_name:9s} (TF.js {tf_name:10s}) largest |ONNX Runtime - TF.js| '
              f'{diff:.2e}, relative to max(1, |TF.js|) {scaled:.2e}, values up to {scale:.1f}')
        worst, worst_scaled = max(worst, diff), max(worst_scaled, scaled)
    print(f'check_detectors: {name}: largest difference {worst:.2e}, relative {worst_scaled:.2e} (tolerance {tol:g}), '
          f'{len(inputs)} inputs, ONNX Runtime at batch {len(inputs)}, TensorFlow.js at batch 1')
    return worst_scaled


# -- 2. contract ----------------------------------------------------------------------------------
def iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def nms(dets, threshold):
    """dets: (label, score, box); greedy per label, highest score first."""
    kept = []
    for d in sorted(dets, key=lambda d: -d[1]):
        if all(k[0] != d[0] or iou(k[2], d[2]) < threshold for k in kept):
            kept.append(d)
    return kept


def decode_gfl(out, i, meta, integral=True, offset=0.5, min_score=0.3):
    labels, size = meta['iqmon.labels'].split(','), int(meta['iqmon.input.size'])
    bins = int(meta['iqmon.gfl.reg-max']) + 1
    dets = []
    for stride in (int(s) for s in meta['iqmon.gfl.strides'].split(',')):
        scores, dist = out[f'scores_{stride}'][i], out[f'boxes_{stride}'][i].reshape(-1, 4, bins)
        if integral:
            e = np.exp(dist - dist.max(-1, keepdims=True))
            sides = (e / e.sum(-1, keepdims=True) * np.arange(bins)).sum(-1) * stride
        else:
            sides = dist.argmax(-1) * stride
        cells = size // stride
        for k in np.where(scores.max(1) >= min_score)[0]:
            cy, cx = ((v + offset) * stride for v in divmod(int(k), cells))
            c = int(scores[k].argmax())
            dets.append((labels[c], float(scores[k, c]),
                         [cx - sides[k, 0], cy - sides[k, 1], cx + sides[k, 2], cy + sides[k, 3]]))
    return nms(dets, 0.6)


def ssd_anchors(meta):
    strides = [int(s) for s in meta['iqmon.ssd.strides'].split(',')]
    per_layer, offset = int(meta['iqmon.ssd.anchors-per-layer']), float(meta['iqmon.ssd.anchor-offset'])
    size, anchors, layer = int(meta['iqmon.input.size']), [], 0
    while layer < len(strides):
        stride, count = strides[layer], 0
        while layer < len(strides) and strides[layer] == stride:
            count, layer = count + per_layer, layer + 1
        cells = -(-size // stride)
        anchors += [((x + offset) / cells, (y + offset) / cells)
                    for y in range(cells) for x in range(cells) for _ in range(count)]
    return np.asarray(anchors)


def decode_ssd(out, i, meta, min_score=0.5):
    size, scale = int(meta['iqmon.input.size']), float(meta['iqmon.ssd.box-scale'])
    groups = sorted({int(s) for s in meta['iqmon.ssd.strides'].split(',')})
    raw = np.concatenate([out[f'scores_{s}'][i].reshape(-1) for s in groups])
    boxes = np.concatenate([out[f'boxes_{s}'][i] for s in groups])
    clip = float(meta['iqmon.ssd.score-clip'])
    scores = 1 / (1 + np.exp(-np.clip(raw, -clip, clip).astype(np.float64)))
    anchors, dets = ssd_anchors(meta), []
    for k in np.where(scores >= min_score)[0]:
        cx, cy = boxes[k, 0] / scale + anchors[k, 0], boxes[k, 1] / scale + anchors[k, 1]
        w, h = boxes[k, 2] / scale, boxes[k, 3] / scale
        dets.append(('face', float(scores[k]), [(cx - w / 2) * size, (cy - h / 2) * size,
                                                 (cx + w / 2) * size, (cy + h / 2) * size]))
    return nms(dets, 0.3)


def score_against_hand(dets_by_photo, hand, labels):
    """(found, total, mean IoU, mean confidence) of the hand boxes with a label in `labels`."""
    found, total, ious, confs = 0, 0, [], []
    for photo, dets in dets_by_photo.items():
        used = set()
        for truth in hand[photo]:
            if truth['label'] not in labels or truth.get('ignore'):
                continue
            total += 1
            best = max([(iou(d[2], truth['box']), j) for j, d in enumerate(dets)
                        if d[0] == truth['label'] and j not in used] + [(0.0, -1)])
            if best[0] >= 0.5:
                found, _ = found + 1, used.add(best[1])
                ious.append(best[0])
                confs.append(dets[best[1]][1])
    return found, total, float(np.mean(ious)) if ious else 0.0, float(np.mean(confs)) if confs else 0.0


def in_photo(dets, placement):
    scale, x0, y0 = placement
    return [(l, s, [(b[0] - x0) / scale, (b[1] - y0) / scale, (b[2] - x0) / scale, (b[3] - y0) / scale])
            for l, s, b in dets]


def contract(model, work, variants, decode, labels):
    """Prints each variant's results against the hand boxes; returns {variant: result}."""
    meta = metadata(model)
    with open(HAND_BOXES) as f:
        hand = json.load(f)['photos']
    size, results = int(meta['iqmon.input.size']), {}
    photos = [(n, p) for n, p in photo_paths() if any(b['label'] in labels for b in hand[n])]
    for title, (norm, decode_args) in variants.items():
        placed = [letterbox(p, size) for _, p in photos]
        out = run_ort(model, np.concatenate([normalise(img, *norm) for img, _ in placed]), work)
        dets = {n: in_photo(decode(out, i, meta, **decode_args), placed[i][1]) for i, (n, _) in enumerate(photos)}
        results[title] = score_against_hand(dets, hand, labels)
        found, total, mean_iou, conf = results[title]
        print(f'check_detectors: {meta["iqmon.detector.name"]} {title:42s} hand boxes found {found}/{total}, '
              f'mean IoU {mean_iou:.3f}, mean confidence {conf:.3f}')
    return results


def check_contract(models, work):
    nano = models['nanodet-g-416']
    meta = metadata(nano)
    chosen = contract_normalisation(meta)
    rgb01 = ('RGB', [0.0, 0.0, 0.0], [255.0, 255.0, 255.0])
    coco = set(meta['iqmon.labels'].split(','))
    nano_results = contract(nano, work, {
        'as the file says (BGR mean/std), integral, +0.5': (chosen, {}),
        'RGB / 255, integral, +0.5': (rgb01, {}),
        'as the file says, most likely bin, +0.5': (chosen, {'integral': False}),
        'as the file says, integral, centres at +0': (chosen, {'offset': 0.0}),
    }, decode_gfl, coco)
    face = models['blazeface-back-256']
    contract(face, work, {
        'as the file says ([-1, 1])': (contract_normalisation(metadata(face)), {}),
        '[0, 1]': (rgb01, {}),
    }, decode_ssd, {'face'})
    mine = nano_results['as the file says (BGR mean/std), integral, +0.5']
    return [t for t, r in nano_results.items() if r[0] > mine[0] or (r[0] == mine[0] and r[2] > mine[2])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--models-dir', default=os.path.join(REPO, 'models'))
    ap.add_argument('--tol', type=float, default=1e-3)
    args = ap.parse_args()
    models = {n: os.path.join(args.models_dir, f'detector-{n}.onnx') for n in GRAPHS}
    with tempfile.TemporaryDirectory(prefix='check-detectors-') as work:
        worst = max(agreement(n, m, work, args.tol) for n, m in models.items())
        failures = check_contract(models, work)
    if worst > args.tol:
        sys.exit(f'check_detectors: FAILED: ONNX Runtime and TensorFlow.js differ by {worst:.2e} > {args.tol:g}')
    if failures:
        sys.exit(f'check_detectors: FAILED: NanoDet does better with {failures} than with its file\'s contract')
    print(f'check_detectors: ok: largest difference {worst:.2e} <= {args.tol:g}; the files\' contracts hold')


if __name__ == '__main__':
    main()
