#!/usr/bin/env python3
"""Exports a checkpoint to the two ONNX files of the contract (encoder and ROI head).

  export.py --checkpoint CKPT.pt --out-dir models/   (or --untrained for a randomly initialised net)

Opset 17, dynamic batch dimensions (N images, M ROIs), static S/G/R/D, and the contract's values as
ONNX metadata_props (see common.contract()).
"""
import argparse
import os
import sys

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import model as model_lib  # noqa: E402

OPSET = 17
ENCODER_FILE = 'iqmon-encoder.onnx'
ROI_HEAD_FILE = 'iqmon-roi-head.onnx'


def load(checkpoint):
    """A checkpoint (train.py's, or models/iqmon-weights.pt) -> the network in eval mode; None: untrained."""
    if not checkpoint:
        return model_lib.IqmonNet().eval()
    state = torch.load(checkpoint, map_location='cpu')
    net = model_lib.IqmonNet(**state.get('arch', {}))
    net.load_state_dict(state['model'])
    return net.eval()


def add_metadata(path, extra):
    m = onnx.load(path)
    props = dict(common.contract(), **extra)
    del m.metadata_props[:]
    for k, v in props.items():
        e = m.metadata_props.add()
        e.key, e.value = k, str(v)
    m.producer_name = 'iqmon-training'
    m.doc_string = extra.get('iqmon.part', '')
    onnx.checker.check_model(m)
    onnx.save(m, path)


def export(net, out_dir, extra=None):
    os.makedirs(out_dir, exist_ok=True)
    extra = dict(extra or {})
    s, g, r = common.INPUT_SIZE, common.FEATURE_GRID, common.ROI_GRID
    image = torch.zeros(2, 3, s, s)
    enc_path = os.path.join(out_dir, ENCODER_FILE)
    head_path = os.path.join(out_dir, ROI_HEAD_FILE)
    with torch.no_grad():
        torch.onnx.export(net.encoder, (image,), enc_path, opset_version=OPSET,
                          input_names=['image'],
                          output_names=['features', 'degradation_logits', 'degradation_severity'],
                          dynamic_axes={'image': {0: 'N'}, 'features': {0: 'N'},
                                        'degradation_logits': {0: 'N'},
                                        'degradation_severity': {0: 'N'}})
        features = torch.zeros(2, net.encoder.net.channels, g, g)
        masks = torch.zeros(3, 1, r, r)
        index = torch.tensor([0, 0, 1], dtype=torch.int64)
        torch.onnx.export(net.roi_head, (features, masks, index), head_path, opset_version=OPSET,
                          input_names=['features', 'roi_masks', 'roi_image_index'],
                          output_names=['level_logits', 'distortion_probs', 'importance'],
                          dynamic_axes={'features': {0: 'N'}, 'roi_masks': {0: 'M'},
                                        'roi_image_index': {0: 'M'}, 'level_logits': {0: 'M'},
                                        'distortion_probs': {0: 'M'}, 'importance': {0: 'M'}})
    add_metadata(enc_path, dict(extra, **{'iqmon.part': 'encoder'}))
    add_metadata(head_path, dict(extra, **{'iqmon.part': 'roi-head'}))
    for p in (enc_path, head_path):
        m = onnx.load(p)
        sig = [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim])
               for i in list(m.graph.input) + list(m.graph.output)]
        print(f'export: {p} {os.path.getsize(p) / 1e6:.2f} MB {sig}')
    return enc_path, head_path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--checkpoint')
    ap.add_argument('--untrained', action='store_true')
    ap.add_argument('--out-dir', default=os.path.join(common.REPO, 'models'))
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    if not a.checkpoint and not a.untrained:
        ap.error('give --checkpoint or --untrained')
    torch.manual_seed(a.seed)
    net = load(None if a.untrained else a.checkpoint)
    extra = {'iqmon.weights': 'untrained (random initialisation)' if a.untrained else 'trained'}
    export(net, a.out_dir, extra)


if __name__ == '__main__':
    main()
