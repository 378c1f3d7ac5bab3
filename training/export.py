#!/usr/bin/env python3
"""Exports a checkpoint to the two ONNX files of the contract (encoder and ROI head).

  export.py --checkpoint CKPT.pt --out-dir models/   (or --untrained for the ImageNet backbone
                                                      with randomly initialised heads)

Opset 17. The encoder takes images of any size (dynamic N, H, W) with every BatchNorm folded into
its convolution; the ROI head takes any number of ROIs (dynamic M). The contract's values go into
the ONNX metadata_props (common.contract()).
"""
import argparse
import os
import sys
import warnings

import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backbone  # noqa: E402
import common  # noqa: E402
import model as model_lib  # noqa: E402

OPSET = 17
ENCODER_FILE = 'iqmon-encoder.onnx'
ROI_HEAD_FILE = 'iqmon-roi-head.onnx'


class Encoder(nn.Module):
    """image [N,3,H,W] in [0, 1] -> cells, degradation_logits, degradation_severity."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        return self.net.encode(self.net.frozen(image))


class RoiHead(nn.Module):
    """local, global, area -> level_logits, distortion_probs, importance (probabilities)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, local, whole, area):
        levels, types, importance = self.net.score_rois(local, whole, area)
        return levels, torch.sigmoid(types), torch.sigmoid(importance)


def load(checkpoint, weights):
    """A checkpoint (train.py's, or models/iqmon-weights.pt) -> the network in eval mode; None: the
    ImageNet backbone with untrained heads."""
    net = model_lib.IqmonNet(weights)
    if checkpoint:
        net.load_state_dict(torch.load(checkpoint, map_location='cpu')['model'])
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


def fix_cells_channels(path, channels):
    """Writes the static channel count of `cells` into the graph's output (the tracer leaves it symbolic)."""
    m = onnx.load(path)
    for out in m.graph.output:
        if out.name == 'cells':
            out.type.tensor_type.shape.dim[1].dim_value = channels
    onnx.save(m, path)


def export(net, out_dir, extra=None):
    os.makedirs(out_dir, exist_ok=True)
    extra = dict(extra or {})
    fused = backbone.fuse_batchnorm(net).eval()
    enc_path = os.path.join(out_dir, ENCODER_FILE)
    head_path = os.path.join(out_dir, ROI_HEAD_FILE)
    grid = {0: 'N', 2: 'h', 3: 'w'}
    two_c = 2 * model_lib.CHANNELS
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns about its own shape inference of F.pad's constant pads
        warnings.simplefilter('ignore', UserWarning)
        torch.onnx.export(Encoder(fused), (torch.rand(2, 3, 96, 128),), enc_path, opset_version=OPSET,
                          input_names=['image'],
                          output_names=['cells', 'degradation_logits', 'degradation_severity'],
                          dynamic_axes={'image': {0: 'N', 2: 'H', 3: 'W'}, 'cells': grid,
                                        'degradation_logits': grid, 'degradation_severity': grid},
                          do_constant_folding=True)
        torch.onnx.export(RoiHead(fused), (torch.rand(3, two_c), torch.rand(3, two_c), torch.ones(3, 1)),
                          head_path, opset_version=OPSET,
                          input_names=['local', 'global', 'area'],
                          output_names=['level_logits', 'distortion_probs', 'importance'],
                          dynamic_axes={name: {0: 'M'} for name in ('local', 'global', 'area', 'level_logits',
                                                                    'distortion_probs', 'importance')},
                          do_constant_folding=True)
    fix_cells_channels(enc_path, two_c)
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
    ap.add_argument('--weights', default=os.path.join(common.CACHE, 'backbone', 'mobilenet_v2_block10.pt'))
    ap.add_argument('--out-dir', default=os.path.join(common.REPO, 'models'))
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    if not a.checkpoint and not a.untrained:
        ap.error('give --checkpoint or --untrained')
    torch.manual_seed(a.seed)
    net = load(None if a.untrained else a.checkpoint, a.weights)
    extra = {'iqmon.weights': 'untrained (ImageNet backbone, random heads)' if a.untrained else 'trained'}
    export(net, a.out_dir, extra)


if __name__ == '__main__':
    main()
