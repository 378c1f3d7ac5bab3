#!/usr/bin/env python3
"""Converts Keras's ImageNet MobileNetV2 layers up to block_10, as bundled by nsfwjs 4.4.0, to PyTorch.

  convert_backbone.py [--src DIR] [--out FILE]

nsfwjs ships its MobileNetV2 (width 1.0, 224 input) as a TensorFlow.js layers model inside two
browserify bundles: `dist/models/mobilenet_v2/model.min.js` holds the model.json (Keras topology and
the weights manifest) as a JavaScript object literal, `group1-shard1of1.min.js` holds the weight
shard as one base64 string. The weights are uint8-quantised; each is dequantised as
min + scale * q (or, for a manifest that gives min/max, scale = (max - min) / 255).

Only the layers up to and including block_10 are kept: exactly those marked `trainable: false` in
model.json (Keras's ImageNet weights). The script fails if that is not so, if the topology differs
from what backbone.py implements (strides, padding, kernel shapes, epsilon, ReLU6, residual adds),
or if the shard's size disagrees with the manifest. block_11 onwards and the classifier head were
fitted to that package's own task and are never read.

Writes a state dict for backbone.MobileNetV2Block10 to --out, and beside it <out>.json with the
source files' sha256 and the Keras name of every tensor.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backbone  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(os.environ.get('IQMON_CACHE', os.path.join(HERE, '.cache')), 'backbone')
SRC = os.path.join(CACHE, 'nsfwjs-4.4.0')
OUT = os.path.join(CACHE, 'mobilenet_v2_block10.pt')
MODEL_JS = 'dist/models/mobilenet_v2/model.min.js'
SHARD_JS = 'dist/models/mobilenet_v2/group1-shard1of1.min.js'
LAST_LAYER = 'block_10_project_BN'

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)'
                    r'|(?P<ident>[A-Za-z_$][\w$]*|![01])|(?P<punct>[{}\[\]:,]))')


def parse_js_literal(text, start):
    """Parses the minified JavaScript object literal at text[start]: JSON plus bare keys, numbers like .5
    and the minifier's !0 / !1 for true / false."""
    pos = start

    def token():
        nonlocal pos
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f'cannot parse model.json literal at offset {pos}: {text[pos:pos + 40]!r}')
        pos = m.end()
        return m.lastgroup, m.group(m.lastgroup)

    def value(kind, tok):
        if kind == 'str':
            return json.loads(tok)
        if kind == 'num':
            return float(tok) if any(c in tok for c in '.eE') else int(tok)
        if kind == 'ident':
            consts = {'true': True, 'false': False, 'null': None, '!0': True, '!1': False}
            if tok not in consts:
                raise ValueError(f'unexpected identifier {tok!r} in model.json literal')
            return consts[tok]
        if tok == '{':
            obj = {}
            kind, tok = token()
            while tok != '}':
                key = json.loads(tok) if kind == 'str' else tok
                if token()[1] != ':':
                    raise ValueError(f'expected ":" after key {key!r}')
                obj[key] = value(*token())
                kind, tok = token()
                if tok == ',':
                    kind, tok = token()
            return obj
        if tok == '[':
            arr = []
            kind, tok = token()
            while tok != ']':
                arr.append(value(kind, tok))
                kind, tok = token()
                if tok == ',':
                    kind, tok = token()
            return arr
        raise ValueError(f'unexpected {tok!r} in model.json literal')

    return value(*token())


def read_model_json(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    start = text.find('{modelTopology:')
    if start < 0:
        raise ValueError(f'{path}: no model.json object literal (modelTopology) found')
    model = parse_js_literal(text, start)
    if 'weightsManifest' not in model:
        raise ValueError(f'{path}: model.json has no weightsManifest')
    return model


def read_shard(path):
    with open(path, encoding='ascii') as f:
        text = f.read()
    strings = re.findall(r'"([A-Za-z0-9+/]{1000,}={0,2})"', text)
    if len(strings) != 1:
        raise ValueError(f'{path}: expected one base64 weight string, found {len(strings)}')
    return base64.b64decode(strings[0], validate=True)


def dequantise(manifest, data):
    """All weights of the manifest's single group as float32 arrays, keyed by their Keras name."""
    if len(manifest) != 1:
        raise ValueError(f'expected one weight group, found {len(manifest)}')
    weights, offset = {}, 0
    for spec in manifest[0]['weights']:
        n = int(np.prod(spec['shape']))
        q = spec.get('quantization')
        if spec['dtype'] != 'float32':
            raise ValueError(f"{spec['name']}: unsupported dtype {spec['dtype']}")
        if q is None:
            arr = np.frombuffer(data, '<f4', n, offset).astype(np.float32)
            offset += 4 * n
        else:
            if q['dtype'] != 'uint8':
                raise ValueError(f"{spec['name']}: unsupported quantisation {q['dtype']}")
            scale = q['scale'] if 'scale' in q else (q['max'] - q['min']) / 255.0
            raw = np.frombuffer(data, np.uint8, n, offset)
            arr = (raw.astype(np.float64) * scale + q['min']).astype(np.float32)
            offset += n
        weights[spec['name']] = arr.reshape(spec['shape'])
    if offset != len(data):
        raise ValueError(f'weight shard has {len(data)} bytes, the manifest describes {offset}')
    return weights


def kept_layers(topology):
    """The Keras layers up to LAST_LAYER, checked to be all frozen (Keras's ImageNet weights)."""
    layers = topology['model_config']['config']['layers']
    names = [layer['name'] for layer in layers]
    if LAST_LAYER not in names:
        raise ValueError(f'{LAST_LAYER} not in the topology')
    kept = layers[:names.index(LAST_LAYER) + 1]
    thawed = [layer['name'] for layer in kept[1:] if layer['config'].get('trainable') is not False]
    if thawed:
        raise ValueError(f'layers up to {LAST_LAYER} should all be trainable: false, these are not: {thawed}')
    after = layers[names.index(LAST_LAYER) + 1]
    if after['config'].get('trainable') is not True:
        raise ValueError(f"{after['name']} was expected to be the first trainable layer")
    return {layer['name']: layer for layer in kept}


def _expect(cond, what):
    if not cond:
        raise ValueError(f'topology differs from backbone.py: {what}')


def check_conv(layers, name, kernel, stride, depthwise=False):
    layer = layers[name]
    cfg = layer['config']
    _expect(layer['class_name'] == ('DepthwiseConv2D' if depthwise else 'Conv2D'), f'{name} class')
    _expect(cfg['kernel_size'] == [kernel, kernel] and cfg['strides'] == [stride, stride], f'{name} kernel/stride')
    _expect(cfg['use_bias'] is False and cfg['activation'] == 'linear', f'{name} bias/activation')
    _expect(cfg['dilation_rate'] == [1, 1], f'{name} dilation')
    if depthwise:
        _expect(cfg['depth_multiplier'] == 1, f'{name} depth multiplier')
    if kernel == 3 and stride == 2:
        _expect(cfg['padding'] == 'valid', f'{name} padding')
        pad = layers[layer['inbound_nodes'][0][0][0]]
        _expect(pad['class_name'] == 'ZeroPadding2D' and pad['config']['padding'] == [[0, 1], [0, 1]],
                f'{name} is preceded by ZeroPadding2D(((0, 1), (0, 1)))')
    elif kernel == 3:
        _expect(cfg['padding'] == 'same', f'{name} padding')


def check_bn(layers, name, relu):
    cfg = layers[name]['config']
    _expect(layers[name]['class_name'] == 'BatchNormalization', f'{name} class')
    _expect(abs(cfg['epsilon'] - backbone.BN_EPS) < 1e-12 and cfg['center'] and cfg['scale'], f'{name} config')
    relus = [layer for layer in layers.values() if layer['inbound_nodes'] and layer['inbound_nodes'][0][0][0] == name
             and layer['class_name'] == 'ReLU']
    _expect(len(relus) == (1 if relu else 0), f'{name} followed by ReLU: {relu}')
    if relu:
        rcfg = relus[0]['config']
        _expect(rcfg['max_value'] == 6 and rcfg.get('negative_slope', 0) == 0 and rcfg.get('threshold', 0) == 0,
                f'{relus[0]["name"]} is ReLU6')


def mapping(layers):
    """(torch parameter prefix, Keras layer name, kind) for every conv and BatchNorm of the port."""
    out = [('stem.conv', 'Conv1', 'conv'), ('stem.bn', 'bn_Conv1', 'bn')]
    check_conv(layers, 'Conv1', 3, 2)
    check_bn(layers, 'bn_Conv1', True)
    in_ch = backbone.STEM_CHANNELS
    for i, (expansion, out_ch, stride) in enumerate(backbone.BLOCKS):
        p, t = backbone.block_prefix(i), f'blocks.{i}'
        if expansion != 1:
            check_conv(layers, f'{p}_expand', 1, 1)
            check_bn(layers, f'{p}_expand_BN', True)
            out += [(f'{t}.expand.conv', f'{p}_expand', 'conv'), (f'{t}.expand.bn', f'{p}_expand_BN', 'bn')]
        else:
            _expect(f'{p}_expand' not in layers, f'{p} has no expansion')
        check_conv(layers, f'{p}_depthwise', 3, stride, depthwise=True)
        check_bn(layers, f'{p}_depthwise_BN', True)
        check_conv(layers, f'{p}_project', 1, 1)
        check_bn(layers, f'{p}_project_BN', False)
        out += [(f'{t}.depthwise.conv', f'{p}_depthwise', 'dwconv'), (f'{t}.depthwise.bn', f'{p}_depthwise_BN', 'bn'),
                (f'{t}.project.conv', f'{p}_project', 'conv'), (f'{t}.project.bn', f'{p}_project_BN', 'bn')]
        residual = stride == 1 and in_ch == out_ch
        _expect((f'{p}_add' in layers) == residual, f'{p} residual add: {residual}')
        if residual:
            srcs = sorted(n[0] for n in layers[f'{p}_add']['inbound_nodes'][0])
            _expect(srcs == sorted([backbone.block_output_layer(i - 1, _in_channels(i - 1)), f'{p}_project_BN']),
                    f'{p}_add inputs {srcs}')
        in_ch = out_ch
    return out


def _in_channels(i):
    """Input channels of block i."""
    return backbone.STEM_CHANNELS if i == 0 else backbone.BLOCKS[i - 1][1]


def build_state_dict(weights, table):
    sd, names = {}, {}
    for prefix, keras, kind in table:
        if kind == 'conv':
            k = weights[f'{keras}/kernel']  # [kh, kw, in, out]
            sd[f'{prefix}.weight'] = torch.from_numpy(np.ascontiguousarray(k.transpose(3, 2, 0, 1)))
            names[f'{prefix}.weight'] = f'{keras}/kernel'
        elif kind == 'dwconv':
            k = weights[f'{keras}/depthwise_kernel']  # [kh, kw, in, 1]
            sd[f'{prefix}.weight'] = torch.from_numpy(np.ascontiguousarray(k.transpose(2, 3, 0, 1)))
            names[f'{prefix}.weight'] = f'{keras}/depthwise_kernel'
        else:
            for ours, theirs in (('weight', 'gamma'), ('bias', 'beta'), ('running_mean', 'moving_mean'),
                                 ('running_var', 'moving_variance')):
                sd[f'{prefix}.{ours}'] = torch.from_numpy(weights[f'{keras}/{theirs}'].copy())
                names[f'{prefix}.{ours}'] = f'{keras}/{theirs}'
            sd[f'{prefix}.num_batches_tracked'] = torch.tensor(0, dtype=torch.long)
    return sd, names


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--src', default=SRC, help='unpacked nsfwjs 4.4.0 (fetch_backbone.sh)')
    ap.add_argument('--out', default=OUT)
    a = ap.parse_args()
    model_js, shard_js = os.path.join(a.src, MODEL_JS), os.path.join(a.src, SHARD_JS)
    for path in (model_js, shard_js):
        if not os.path.isfile(path):
            sys.exit(f'convert_backbone: {path} missing; run bash training/fetch_backbone.sh first')
    model = read_model_json(model_js)
    weights = dequantise(model['weightsManifest'], read_shard(shard_js))
    layers = kept_layers(model['modelTopology'])
    sd, names = build_state_dict(weights, mapping(layers))
    port = backbone.MobileNetV2Block10()
    port.load_state_dict(sd)  # strict: every tensor of the port, nothing else
    used = set(names.values())
    for name in used:
        if name.split('/')[0] not in layers:
            raise ValueError(f'{name} is outside the kept layers')
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(port.state_dict(), a.out)
    n_params = sum(p.numel() for p in port.parameters())
    n_buffers = sum(b.numel() for n, b in port.named_buffers() if not n.endswith('num_batches_tracked'))
    meta = {
        'source': 'npm nsfwjs@4.4.0 (MIT), Keras MobileNetV2 width 1.0 ImageNet weights (Apache-2.0)',
        'model_js': {'path': MODEL_JS, 'sha256': sha256(model_js)},
        'shard_js': {'path': SHARD_JS, 'sha256': sha256(shard_js)},
        'kept_layers': f'input_1 .. {LAST_LAYER} ({len(layers)} layers, all trainable: false)',
        'features': [{'name': n, 'channels': c, 'stride': s} for n, _, c, s in backbone.FEATURES],
        'parameters': n_params,
        'batchnorm_statistics': n_buffers,
        'tensors': names,
    }
    with open(a.out + '.json', 'w', encoding='utf-8') as f:
        json.dump(meta, f, indent=1)
    print(f'convert_backbone: {len(names)} tensors from {len(layers)} layers (up to {LAST_LAYER}); '
          f'{n_params} parameters + {n_buffers} BatchNorm statistics; '
          f'{len(weights) - len(names)} tensors of block_11 onwards and the head not used')
    print(f'convert_backbone: wrote {a.out} ({os.path.getsize(a.out)} bytes) and {a.out}.json')


if __name__ == '__main__':
    main()
