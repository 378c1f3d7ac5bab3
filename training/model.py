"""The iqmon ROI quality network (3.x): a pretrained backbone at the image's native resolution,
per-cell feature moments, a mask-based ROI head (SEAGULL) and a dense damage head.

Encoder (runs once per image, any size):
    image [N,3,H,W] (RGB / 255) -> cells [N,2C,H/16,W/16], degradation_logits [N,9,H/16,W/16],
                                   degradation_severity [N,1,H/16,W/16]
ROI head (runs for all ROIs of a batch):
    local [M,2C], global [M,2C], area [M,1] -> level_logits [M,5], distortion_probs [M,8], importance [M,1]

The backbone is Keras's ImageNet MobileNetV2 up to block_10 (backbone.py). The stem and blocks 0-5
keep their ImageNet weights (training caches block_5's output once per image); blocks 6-10 are
fine-tuned. At every 16 x 16 cell the encoder gives the first and second moments of the tapped
block outputs: block_5 (stride 8) averaged over the cell's 2 x 2 positions, blocks 6-10 (stride 16)
as they are. A region's mean and spread of every channel follow from the mask-weighted mean of
those moments, which Java computes (the ROI's local token; the whole image's is the global token).

The dense head reads each cell's standardised moments with the image's global token and gives the
9 class logits (0 = clean, then the distortions in order) and the visible damage (sigmoid) per cell.
The ROI head turns moments into means and standard deviations, standardises them, and maps local,
global and area through an MLP to the 5 Q-Align level logits, the distortion probabilities and the
importance.
"""
import torch
from torch import nn
import torch.nn.functional as F

import backbone
import common

FIRST_TRAINED = 6                    # blocks before this keep their ImageNet weights
TAPS = (5, 6, 7, 8, 9, 10)           # blocks whose outputs the moments describe
CHANNELS = sum(backbone.BLOCKS[t][1] for t in TAPS)     # C: 384
N_TYPES = len(common.DISTORTIONS)


def moments(taps):
    """Per-cell first and second moments [N, 2C, H/16, W/16] of the tapped outputs (stride 8 or 16)."""
    first, second = [], []
    size = taps[-1].shape[-2:]
    for x in taps:
        if x.shape[-2:] != size:   # stride 8: the cell's 2 x 2 positions (floor, like the backbone)
            x = x[..., :2 * size[0], :2 * size[1]]
            first.append(F.avg_pool2d(x, 2))
            second.append(F.avg_pool2d(x * x, 2))
        else:
            first.append(x)
            second.append(x * x)
    return torch.cat(first + second, 1)


def spread(m):
    """Pooled moments [.., 2C] -> means and standard deviations [.., 2C]."""
    mean, sq = m[..., :CHANNELS], m[..., CHANNELS:]
    return torch.cat([mean, (sq - mean * mean).clamp_min(0).add(1e-6).sqrt()], -1)


class Frozen(nn.Module):
    """Stem and blocks 0-5 with their ImageNet weights: image -> block_5 output (stride 8)."""

    def __init__(self, bb):
        super().__init__()
        self.stem = bb.stem
        self.blocks = nn.ModuleList(bb.blocks[:FIRST_TRAINED])

    def forward(self, x):
        x = self.stem(x)
        for b in self.blocks:
            x = b(x)
        return x


class Trunk(nn.Module):
    """Blocks 6-10 (fine-tuned) on block_5's output -> per-cell moments [N, 2C, h, w]."""

    def __init__(self, bb):
        super().__init__()
        self.blocks = nn.ModuleList(bb.blocks[FIRST_TRAINED:11])

    def forward(self, b5):
        taps, x = [b5], b5
        for b in self.blocks:
            x = b(x)
            taps.append(x)
        return moments(taps)


class DenseHead(nn.Module):
    """Per cell: its standardised means and block_5's spread within it, and the image's global token
    (as a bias, computed once per image) -> 9 class logits and the visible damage."""

    CELL_INPUTS = CHANNELS + backbone.BLOCKS[TAPS[0]][1]    # every tap's mean + block_5's spread

    def __init__(self, width=64):
        super().__init__()
        self.cell = nn.Conv2d(self.CELL_INPUTS, width, 1)
        self.context = nn.Linear(2 * CHANNELS, width)
        self.out = nn.Sequential(nn.ReLU(), nn.Conv2d(width, width, 1), nn.ReLU(), nn.Conv2d(width, N_TYPES + 2, 1))

    def forward(self, z_cells, z_global):
        x = self.cell(z_cells[:, :self.CELL_INPUTS]) + self.context(z_global)[..., None, None]
        y = self.out(x)
        return y[:, :N_TYPES + 1], torch.sigmoid(y[:, N_TYPES + 1:])


class RoiHead(nn.Module):
    """local, global, area -> level logits [M,5], distortion logits [M,8], importance logit [M,1]."""

    def __init__(self, hidden=256, dropout=0.2):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(4 * CHANNELS + 1, hidden), nn.ReLU(), nn.Dropout(dropout),
                                 nn.Linear(hidden, hidden // 2), nn.ReLU())
        self.levels = nn.Linear(hidden // 2, 5)
        self.types = nn.Linear(hidden // 2, N_TYPES)
        self.importance = nn.Linear(hidden // 2, 1)

    def forward(self, z_local, z_global, area):
        h = self.mlp(torch.cat([z_local, z_global, area], -1))
        return self.levels(h), self.types(h), self.importance(h)


class IqmonNet(nn.Module):
    def __init__(self, weights=None):
        super().__init__()
        bb = backbone.load(weights) if weights else backbone.MobileNetV2Block10().eval()
        self.frozen = Frozen(bb)
        for p in self.frozen.parameters():
            p.requires_grad = False
        self.trunk = Trunk(bb)
        self.register_buffer('mu', torch.zeros(2 * CHANNELS))     # standardisation of spread()
        self.register_buffer('sigma', torch.ones(2 * CHANNELS))
        self.dense = DenseHead()
        self.roi = RoiHead()

    def standardise(self, pooled):
        return (spread(pooled) - self.mu) / self.sigma

    def encode(self, b5):
        """block_5 outputs [N,32,h8,w8] -> cells [N,2C,h,w], class logits, severity."""
        cells = self.trunk(b5)
        z_global = self.standardise(cells.mean((2, 3)))
        z_cells = self.standardise(cells.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        logits, severity = self.dense(z_cells, z_global)
        return cells, logits, severity

    def score_rois(self, pooled_local, pooled_global, area):
        return self.roi(self.standardise(pooled_local), self.standardise(pooled_global), area)


def pool(cells, masks):
    """Mask-weighted means of one image's cells [2C,h,w] under masks [M,h,w] -> [M, 2C]."""
    w = masks.flatten(1)
    return (w @ cells.flatten(1).T) / w.sum(1, keepdim=True).clamp_min(1e-6)


def set_batchnorm_eval(net):
    """BatchNorm keeps its ImageNet statistics while blocks 6-10 are fine-tuned (batches are small)."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()
