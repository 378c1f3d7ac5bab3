"""PyTorch port of Keras's ImageNet MobileNetV2 (width 1.0), from the stem up to and including block_10.

The weights come from `convert_backbone.py` (Keras's ImageNet layers that nsfwjs 4.4.0 bundles, all
marked `trainable: false` there); block_11 onwards was fitted to that package's own task and is not
part of this network. The port reproduces the Keras graph exactly, checked against TensorFlow.js by
`check_backbone.py`:

- input: NCHW float32, RGB in [0, 1] (pixel / 255), any height and width, any batch size. The stored
  BatchNorm statistics fit that range, not [-1, 1].
- stride-2 convolutions follow Keras's ZeroPadding2D(((0, 1), (0, 1))) then a 'valid' 3x3 convolution:
  one row of zeros at the bottom and one column at the right. Each stride-2 step maps a side of n
  pixels to floor(n / 2). Stride-1 3x3 depthwise convolutions pad one pixel on every side ('same').
- BatchNorm with Keras's epsilon 1e-3, ReLU6 after the expansion and depthwise convolutions, a linear
  projection, and a residual add where the block keeps its shape.

`forward` returns three feature maps (FEATURES): the outputs of block_2 (24 channels, stride 4),
block_5 (32 channels, stride 8) and block_10 (96 channels, stride 16). For an H x W input their sides
are H // 4, H // 8 and H // 16 (likewise W). `forward_all` returns every block's output by its Keras
layer name, for the check.

`reestimate_batchnorm` replaces the stored BatchNorm statistics with ones measured on given images,
so that no statistic in a shipped model comes from that package's data.
"""
import argparse
import collections
import copy
import os
import time
import warnings

import torch
from torch import nn
import torch.nn.functional as F

# Keras's inverted-residual settings for width 1.0, blocks 0 to 10: (expansion, output channels, stride).
BLOCKS = [
    (1, 16, 1),  # expanded_conv (block 0)
    (6, 24, 2),  # block_1
    (6, 24, 1),  # block_2
    (6, 32, 2),  # block_3
    (6, 32, 1),  # block_4
    (6, 32, 1),  # block_5
    (6, 64, 2),  # block_6
    (6, 64, 1),  # block_7
    (6, 64, 1),  # block_8
    (6, 64, 1),  # block_9
    (6, 96, 1),  # block_10
]
STEM_CHANNELS = 32
BN_EPS = 1e-3
# (name, index of the block whose output it is, channels, stride)
FEATURES = [('block_2', 2, 24, 4), ('block_5', 5, 32, 8), ('block_10', 10, 96, 16)]


def block_prefix(i):
    return 'expanded_conv' if i == 0 else f'block_{i}'


def block_output_layer(i, in_ch):
    """The Keras layer whose output is block i's output."""
    _, out_ch, stride = BLOCKS[i]
    residual = stride == 1 and in_ch == out_ch
    return f'{block_prefix(i)}_add' if residual else f'{block_prefix(i)}_project_BN'


class ConvBN(nn.Module):
    """Convolution without bias, BatchNorm, optional ReLU6; Keras padding.

    Stride 2: ZeroPadding2D(((0, 1), (0, 1))) then 'valid', as the Keras graph has it; a 3x3
    stride-1 convolution pads 1 all round inside the convolution ('same').
    """

    def __init__(self, in_ch, out_ch, kernel, stride=1, groups=1, relu=True):
        super().__init__()
        self.pad = (0, 1, 0, 1) if stride == 2 else None  # (left, right, top, bottom)
        padding = 1 if kernel == 3 and stride == 1 else 0
        self.conv = nn.Conv2d(in_ch, out_ch, kernel, stride, padding, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(out_ch, eps=BN_EPS)
        self.relu = relu

    def pre_bn(self, x):
        return self.conv(F.pad(x, self.pad) if self.pad is not None else x)

    def forward(self, x):
        x = self.bn(self.pre_bn(x))
        return F.hardtanh(x, 0.0, 6.0, inplace=True) if self.relu else x


class InvertedResidual(nn.Module):
    def __init__(self, in_ch, expansion, out_ch, stride):
        super().__init__()
        hidden = in_ch * expansion
        self.expand = ConvBN(in_ch, hidden, 1) if expansion != 1 else None
        self.depthwise = ConvBN(hidden, hidden, 3, stride, groups=hidden)
        self.project = ConvBN(hidden, out_ch, 1, relu=False)
        self.residual = stride == 1 and in_ch == out_ch

    def forward(self, x):
        y = self.expand(x) if self.expand is not None else x
        y = self.project(self.depthwise(y))
        return x + y if self.residual else y


class MobileNetV2Block10(nn.Module):
    """Keras MobileNetV2 (width 1.0) from the stem to block_10; returns the FEATURES maps."""

    def __init__(self):
        super().__init__()
        self.stem = ConvBN(3, STEM_CHANNELS, 3, stride=2)
        blocks, in_ch = [], STEM_CHANNELS
        for expansion, out_ch, stride in BLOCKS:
            blocks.append(InvertedResidual(in_ch, expansion, out_ch, stride))
            in_ch = out_ch
        self.blocks = nn.ModuleList(blocks)
        self.feature_blocks = [index for _, index, _, _ in FEATURES]

    def forward(self, x):
        feats = []
        x = self.stem(x)
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i in self.feature_blocks:
                feats.append(x)
            if i == self.feature_blocks[-1]:
                break
        return feats

    def forward_all(self, x):
        """Every block's output keyed by its Keras layer name (stem: 'Conv1_relu')."""
        out = collections.OrderedDict()
        x = self.stem(x)
        out['Conv1_relu'] = x
        in_ch = STEM_CHANNELS
        for i, block in enumerate(self.blocks):
            x = block(x)
            out[block_output_layer(i, in_ch)] = x
            in_ch = BLOCKS[i][1]
        return out


def load(path, map_location='cpu'):
    """The port with the weights that convert_backbone.py wrote, in eval mode."""
    model = MobileNetV2Block10()
    model.load_state_dict(torch.load(path, map_location=map_location))
    return model.eval()


@torch.no_grad()
def fuse_batchnorm(model):
    """A copy for inference with every BatchNorm folded into its convolution (which gains a bias).

    Same outputs up to float rounding and faster on a CPU; not for reestimate_batchnorm or training.
    """
    fused = copy.deepcopy(model).eval()
    for m in fused.modules():
        if isinstance(m, ConvBN) and isinstance(m.bn, nn.BatchNorm2d):
            bn, conv = m.bn, m.conv
            scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            new = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                            groups=conv.groups, bias=True)
            new.weight.copy_(conv.weight * scale.reshape(-1, 1, 1, 1))
            new.bias.copy_(bn.bias - bn.running_mean * scale)
            m.conv, m.bn = new, nn.Identity()
    return fused


def batchnorm_layers(model):
    """The BatchNorm layers in the order the forward pass reaches them."""
    return [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]


@torch.no_grad()
def reestimate_batchnorm(model, images, log=None):
    """Sets every BatchNorm's running mean and variance to the statistics of its input over `images`.

    `images` is a list of NCHW float tensors, RGB in [0, 1], of any size (each its own batch, or
    batches of equal size). Layers are calibrated in forward order, each with every earlier layer
    already using its new statistics, and the statistics are exact over all pixels of all images
    (not averages of per-batch statistics), so the result does not depend on how images are batched.
    Weights, gamma and beta are left as they are. Returns the model in eval mode.

    Cost: about two forward passes. Memory: every image's activation at one block boundary at a
    time, at most 32 bytes per input pixel (the stem's 32 float32 channels at half resolution),
    about 0.55 GB for 10 photos of 1600 x 1067; pass crops to use less.
    """
    images = list(images)
    model.eval()
    acts, done = images, 0
    total = len(batchnorm_layers(model))
    for unit in [model.stem, *model.blocks]:
        parts = [unit] if isinstance(unit, ConvBN) else [p for p in (unit.expand, unit.depthwise, unit.project)
                                                         if p is not None]
        for k, part in enumerate(parts):
            sums = torch.zeros(part.bn.num_features, dtype=torch.float64)
            sq = torch.zeros_like(sums)
            count = 0
            for x in acts:
                for earlier in parts[:k]:
                    x = earlier(x)
                z = part.pre_bn(x).double()
                sums += z.sum(dim=(0, 2, 3))
                sq += (z * z).sum(dim=(0, 2, 3))
                count += z.shape[0] * z.shape[2] * z.shape[3]
            if count < 2:
                raise ValueError('reestimate_batchnorm needs at least two pixels at every layer')
            mean = sums / count
            var = (sq / count - mean * mean).clamp_min(0) * (count / (count - 1))
            part.bn.running_mean.copy_(mean.float())
            part.bn.running_var.copy_(var.float())
            part.bn.num_batches_tracked.zero_()
            done += 1
            if log is not None:
                log(f'batchnorm {done}/{total}: {part.bn.num_features} channels over {count} positions')
        acts = [unit(x) for x in acts]
    return model


def export_onnx(model, path, opset=17):
    """ONNX export, dynamic batch, height and width; outputs named after FEATURES."""
    model.eval()
    names = [f'feat_{name}' for name, _, _, _ in FEATURES]
    axes = {'image': {0: 'batch', 2: 'height', 3: 'width'}}
    for name in names:
        axes[name] = {0: 'batch', 2: f'{name}_h', 3: f'{name}_w'}
    with warnings.catch_warnings():
        # torch 1.13 warns about its own shape inference of F.pad's constant pads; the export is
        # checked against ONNX Runtime by check_backbone.py
        warnings.simplefilter('ignore', UserWarning)
        torch.onnx.export(model, torch.rand(1, 3, 224, 224), path, opset_version=opset,
                          input_names=['image'], output_names=names, dynamic_axes=axes,
                          do_constant_folding=True)
    return names


@torch.no_grad()
def bench(model, height, width, repeats):
    """Median wall-clock and process CPU seconds of one forward pass on 1 x 3 x height x width.

    On a shared machine the wall-clock time includes waiting for a core; the CPU time does not.
    """
    x = torch.rand(1, 3, height, width)
    model(x)
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        model(x)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return sorted(wall)[len(wall) // 2], sorted(cpu)[len(cpu) // 2]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cache = os.path.join(os.environ.get('IQMON_CACHE', os.path.join(here, '.cache')), 'backbone')
    ap = argparse.ArgumentParser(description='Sizes and CPU timing of the backbone.')
    ap.add_argument('--weights', default=os.path.join(cache, 'mobilenet_v2_block10.pt'))
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--ort', action='store_true',
                    help='also time the ONNX export with ONNX Runtime Java (2 threads; needs java and the jar in ~/.m2)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load(a.weights)
    params = sum(p.numel() for p in model.parameters())
    stats = sum(b.numel() for n, b in model.named_buffers() if not n.endswith('num_batches_tracked'))
    print(f'parameters {params} ({params * 4} bytes fp32); BatchNorm statistics {stats} ({stats * 4} bytes fp32)')
    for h, w in ((224, 224), (1080, 1920)):
        shapes = [list(f.shape) for f in model(torch.zeros(1, 3, h, w))]
        print(f'{h}x{w}: features {shapes}')
        for label, m in (('as converted', model), ('BatchNorm folded', fuse_batchnorm(model))):
            wall, cpu = bench(m, h, w, a.repeats)
            print(f'  {label}: forward {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU (median of '
                  f'{a.repeats}, {a.threads} threads, load average {os.getloadavg()[0]:.1f})')
        if a.ort:
            print(f'  ONNX Runtime Java: {ort_time(model, h, w, a.repeats):.1f} ms wall (median of {a.repeats}, '
                  f'2 threads, load average {os.getloadavg()[0]:.1f})')


def ort_time(model, height, width, repeats):
    """Median wall-clock ms of ONNX Runtime Java (OrtRunBackbone.java) on the exported model."""
    import re
    import shutil
    import subprocess
    import tempfile
    here = os.path.dirname(os.path.abspath(__file__))
    jar = os.path.expanduser('~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.26.0/onnxruntime-1.26.0.jar')
    if not shutil.which('java') or not os.path.isfile(jar):
        raise SystemExit(f'--ort needs java and {jar}')
    with tempfile.TemporaryDirectory(prefix='backbone.ort.') as work:
        path = os.path.join(work, 'backbone.onnx')
        export_onnx(model, path)
        torch.rand(1, 3, height, width).numpy().astype('<f4').tofile(os.path.join(work, 'in.f32'))
        out = subprocess.run(['java', '-cp', jar, os.path.join(here, 'OrtRunBackbone.java'), path,
                              os.path.join(work, 'in.f32'), '1', str(height), str(width), work, str(repeats)],
                             check=True, capture_output=True, text=True).stdout
    return float(re.search(r'ort_median_ms ([0-9.]+)', out).group(1))


if __name__ == '__main__':
    main()
