#!/usr/bin/env python3
"""Checks the PyTorch port of the backbone against the original TensorFlow.js model, and its ONNX export.

  check_backbone.py [--weights FILE] [--tol T] [--no-onnx]

Runs nsfwjs 4.4.0's MobileNetV2 as TensorFlow.js 4.22.0 loads it (check_backbone.js, Node, pure
JavaScript CPU backend) and backbone.py's port with the converted weights on the same inputs, and
compares the output of every block from the stem to block_10 (12 layers), for the port and for its
BatchNorm-folded inference copy (backbone.fuse_batchnorm). Inputs, all fixed:
generated patterns (smooth gradients, sinusoids, edges, a checkerboard, noise) at 224 x 224 and at
an odd, non-square 181 x 299 that exercises the stride-2 padding, and, where fetch_photos.py has
filled the cache, a real photograph at 224 x 224 and at 360 x 640. Prints the largest absolute
difference per layer and input and fails when any exceeds --tol.

Then exports the port to ONNX (opset 17, dynamic batch, height and width) next to the weights,
checks the file with onnx.checker, and, where Java and the ONNX Runtime Java jar from the Maven
repository are present, runs the file with ONNX Runtime (OrtRunBackbone.java) at two sizes and
batch 2, comparing with PyTorch under the same tolerance.

Needs: bash training/fetch_backbone.sh --tfjs; /usr/bin/python3 training/convert_backbone.py.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backbone  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_CACHE = os.environ.get('IQMON_CACHE', os.path.join(HERE, '.cache'))
CACHE = os.path.join(ROOT_CACHE, 'backbone')
ORT_VERSION = '1.26.0'


def pattern(h, w, seed):
    """A fixed RGB test image in [0, 1]: gradients, sinusoids, a sharp edge, a checkerboard, noise."""
    rng = np.random.default_rng(seed)
    y, x = np.meshgrid(np.linspace(0, 1, h), np.linspace(0, 1, w), indexing='ij')
    img = np.stack([
        0.5 + 0.4 * np.sin(2 * np.pi * (3 * x + 2 * y)),
        y,
        0.5 + 0.4 * np.cos(2 * np.pi * 11 * x * y),
    ], axis=-1)
    img[h // 3:h // 2, :, :] = ((np.indices((h // 2 - h // 3, w)).sum(0) // 4) % 2)[..., None]
    img[:, int(0.7 * w):, 0] = 0.9
    img += rng.normal(0, 0.05, img.shape)
    return np.clip(img, 0, 1).astype(np.float32)


def photo(path, h, w):
    import cv2
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise ValueError(f'cannot read {path}')
    ih, iw = bgr.shape[:2]
    scale = max(h / ih, w / iw)
    small = cv2.resize(bgr, (max(w, round(iw * scale)), max(h, round(ih * scale))), interpolation=cv2.INTER_AREA)
    top, left = (small.shape[0] - h) // 2, (small.shape[1] - w) // 2
    rgb = small[top:top + h, left:left + w, ::-1]
    return (rgb.astype(np.float32) / 255.0).copy()


def inputs():
    """(name, HWC float32 RGB in [0, 1]) for every fixed input."""
    out = [('pattern_224x224', pattern(224, 224, 0)), ('pattern_181x299', pattern(181, 299, 1))]
    photos = sorted(glob.glob(os.path.join(ROOT_CACHE, 'photos', '*.png')))
    if photos:
        out += [('photo_224x224', photo(photos[0], 224, 224)), ('photo_360x640', photo(photos[0], 360, 640))]
    else:
        print('check_backbone: no photos in the cache (fetch_photos.py): generated patterns only')
    return out


def layer_names():
    return list(backbone.MobileNetV2Block10().forward_all(torch.zeros(1, 3, 32, 32)).keys())


def run_tfjs(images, layers, work):
    node_modules = os.path.join(CACHE, 'node', 'node_modules')
    src = os.path.join(CACHE, 'nsfwjs-4.4.0')
    for path, how in ((node_modules, 'bash training/fetch_backbone.sh --tfjs'), (src, 'bash training/fetch_backbone.sh')):
        if not os.path.isdir(path):
            sys.exit(f'check_backbone: {path} missing; run {how}')
    request = {'layers': layers, 'inputs': []}
    for name, img in images:
        img[None].astype('<f4').tofile(os.path.join(work, f'{name}.in.f32'))
        request['inputs'].append({'name': name, 'height': img.shape[0], 'width': img.shape[1]})
    with open(os.path.join(work, 'request.json'), 'w', encoding='utf-8') as f:
        json.dump(request, f)
    node = shutil.which('node') or '/usr/bin/node'
    subprocess.run([node, os.path.join(HERE, 'check_backbone.js'), src, node_modules, work], check=True)
    with open(os.path.join(work, 'response.json'), encoding='utf-8') as f:
        response = json.load(f)
    print(f"check_backbone: TensorFlow.js {response['version']}, backend {response['backend']}")
    outs = {}
    for name, _ in images:
        for layer in layers:
            shape = response['outputs'][name][layer]
            outs[(name, layer)] = np.fromfile(os.path.join(work, f'{name}.{layer}.f32'), '<f4').reshape(shape)
    return outs


def compare_tfjs(model, images, tol):
    layers = layer_names()
    with tempfile.TemporaryDirectory(prefix='check_backbone.') as work:
        ref = run_tfjs(images, layers, work)
    worst, failures = 0.0, []
    fused = backbone.fuse_batchnorm(model)
    print(f"{'input':18} {'layer':26} {'shape (NHWC)':18} {'max|tfjs|':>10} {'max|diff|':>10}")
    for name, img in images:
        with torch.no_grad():
            x = torch.from_numpy(img).permute(2, 0, 1)[None]
            ours = model.forward_all(x)
            folded = fused.forward_all(x)
        diff = max(float(np.abs(folded[k].permute(0, 2, 3, 1).numpy() - ref[(name, k)]).max()) for k in layers)
        print(f'{name:18} {"(BatchNorm folded, all)":26} {"":18} {"":10} {diff:10.2e}')
        if not diff <= tol:
            failures.append(f'{name} with BatchNorm folded: max |diff| {diff:.3e} > {tol:.1e}')
        for layer in layers:
            theirs = ref[(name, layer)]
            mine = ours[layer].permute(0, 2, 3, 1).numpy()
            if mine.shape != theirs.shape:
                failures.append(f'{name} {layer}: shape {mine.shape} vs TensorFlow.js {theirs.shape}')
                continue
            diff = float(np.abs(mine - theirs).max())
            worst = max(worst, diff)
            print(f'{name:18} {layer:26} {str(list(theirs.shape)):18} {float(np.abs(theirs).max()):10.3f} {diff:10.2e}')
            if not diff <= tol:
                failures.append(f'{name} {layer}: max |diff| {diff:.3e} > {tol:.1e}')
    return worst, failures


@torch.no_grad()
def check_reestimate(weights, tol=1e-3):
    """After reestimate_batchnorm, every BatchNorm's running statistics must be those of its input."""
    model = backbone.load(weights)
    images = [torch.from_numpy(pattern(h, w, 20 + i)).permute(2, 0, 1)[None]
              for i, (h, w) in enumerate(((64, 96), (80, 80), (48, 112)))]
    before = [bn.running_mean.clone() for bn in backbone.batchnorm_layers(model)]
    backbone.reestimate_batchnorm(model, iter(images))
    layers = backbone.batchnorm_layers(model)
    seen = {bn: [] for bn in layers}
    handles = [bn.register_forward_pre_hook(lambda m, i: seen[m].append(i[0].double())) for bn in layers]
    for img in images:
        model(img)
    for h in handles:
        h.remove()
    worst_mean = worst_var = changed = 0.0
    for bn, old in zip(layers, before):
        x = torch.cat([t.permute(1, 0, 2, 3).reshape(bn.num_features, -1) for t in seen[bn]], dim=1)
        sd = bn.running_var.double().sqrt()
        worst_mean = max(worst_mean, float(((x.mean(1) - bn.running_mean.double()).abs() / sd).max()))
        worst_var = max(worst_var, float((x.var(1) / bn.running_var.double() - 1).abs().max()))
        changed = max(changed, float((bn.running_mean - old).abs().max()))
    print(f'check_backbone: reestimate_batchnorm on 3 patterns: |mean error| / sd at most {worst_mean:.1e}, '
          f'|variance ratio - 1| at most {worst_var:.1e} over {len(layers)} BatchNorm layers '
          f'(running means moved by up to {changed:.2f})')
    if not (worst_mean <= tol and worst_var <= tol and changed > 0):
        return [f'reestimate_batchnorm: statistics off by {worst_mean:.2e} (mean) / {worst_var:.2e} (variance)']
    return []


def ort_jar():
    repo = os.path.expanduser('~/.m2/repository/com/microsoft/onnxruntime/onnxruntime')
    jar = os.path.join(repo, ORT_VERSION, f'onnxruntime-{ORT_VERSION}.jar')
    return jar if os.path.isfile(jar) else None


def check_onnx(model, path, tol):
    import onnx
    names = backbone.export_onnx(model, path)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    dims = [d.dim_param or d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim]
    if dims != ['batch', 3, 'height', 'width']:
        return [f'ONNX input dims {dims}, expected batch, 3, height, width']
    print(f'check_backbone: ONNX {path} ({os.path.getsize(path)} bytes), opset '
          f'{proto.opset_import[0].version}, input {dims}, outputs {names}: onnx.checker ok')
    java, jar = shutil.which('java'), ort_jar()
    if not java or not jar:
        print('check_backbone: ONNX Runtime not run (needs java and onnxruntime '
              f'{ORT_VERSION} in ~/.m2; mvn -o verify fetches it)')
        return []
    failures = []
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory(prefix='check_backbone.ort.') as work:
        for b, h, w in ((1, 224, 224), (2, 181, 299)):
            x = np.stack([pattern(h, w, 10 + i) for i in range(b)]).transpose(0, 3, 1, 2)
            x = np.ascontiguousarray(x + rng.normal(0, 0.01, x.shape).astype(np.float32)).clip(0, 1)
            x.astype('<f4').tofile(os.path.join(work, 'in.f32'))
            subprocess.run([java, '-cp', jar, os.path.join(HERE, 'OrtRunBackbone.java'), path,
                            os.path.join(work, 'in.f32'), str(b), str(h), str(w), work], check=True)
            with torch.no_grad():
                ref = model(torch.from_numpy(x))
            for name, r in zip(names, ref):
                got = np.fromfile(os.path.join(work, f'{name}.f32'), '<f4')
                if got.size != r.numel():
                    failures.append(f'ONNX Runtime {name} at {b}x{h}x{w}: {got.size} values, expected {r.numel()}')
                    continue
                diff = float(np.abs(got - r.numpy().ravel()).max())
                print(f'check_backbone: ONNX Runtime {ORT_VERSION} vs PyTorch, input {b}x3x{h}x{w}, {name} '
                      f'{list(r.shape)}: max |diff| {diff:.2e}')
                if not diff <= tol:
                    failures.append(f'ONNX Runtime {name} at {b}x{h}x{w}: max |diff| {diff:.3e} > {tol:.1e}')
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--weights', default=os.path.join(CACHE, 'mobilenet_v2_block10.pt'))
    ap.add_argument('--tol', type=float, default=1e-3, help='largest absolute difference allowed per layer')
    ap.add_argument('--no-onnx', action='store_true', help='skip the ONNX export and its checks')
    a = ap.parse_args()
    if not os.path.isfile(a.weights):
        sys.exit(f'check_backbone: {a.weights} missing; run training/convert_backbone.py')
    torch.set_num_threads(2)
    model = backbone.load(a.weights)
    worst, failures = compare_tfjs(model, inputs(), a.tol)
    print(f'check_backbone: PyTorch port vs TensorFlow.js: largest absolute difference {worst:.2e} (tolerance {a.tol:.0e})')
    failures += check_reestimate(a.weights)
    if not a.no_onnx:
        failures += check_onnx(model, os.path.splitext(a.weights)[0] + '.onnx', a.tol)
    if failures:
        print('check_backbone: FAILED\n  ' + '\n  '.join(failures))
        sys.exit(1)
    print('check_backbone: ok')


if __name__ == '__main__':
    main()
