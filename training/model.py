"""The iqmon ROI quality network: a fixed local-statistics front end, a light learned encoder, and a
mask-based ROI head.

Encoder (runs once per image):  image [N,3,S,S] -> features [N,C,G,G],
                                 degradation_logits [N,9,D,D], degradation_severity [N,1,D,D]
ROI head (runs for all ROIs):    features, roi_masks [M,1,R,R], roi_image_index [M]
                                 -> level_logits [M,5], distortion_probs [M,8], importance [M,1]

The encoder is FrontEnd (frontend.py: fixed statistics per 8 x 8 cell, no weights) followed by
CellNet, the only learned part of it. Training runs CellNet on the front end's output cached per
image (synth.py), so a training step never touches a pixel; the exported encoder runs both.

CellNet at the D x D cell grid (D = S/8): standardisation of the statistics, a per-cell MLP (1 x 1
convolutions), an image-wide context vector added back to every cell (exposure, contrast and
colour are judged against the rest of the image), two 3 x 3 residual blocks, the dense head
(9 class logits + severity per cell); then 2 x 2 pooling to the G x G feature grid and two 3 x 3
blocks there. The last 11 feature channels are the dense head's reading pooled to G x G: class
probabilities (9), severity and squared severity, so that the ROI head's mask-weighted means give
each ROI its damaged share by type and the mean and spread of its damage.

The ROI head follows SEAGULL's mask-based feature extractor: a global token (mean of the features
over the grid) and a local token (mean under the ROI mask, each cell weighted by the fraction of it
inside the ROI), with the ROI's area fraction, through an MLP to the three heads.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import common
import frontend

N_DENSE = 1 + len(common.DISTORTIONS) + 1        # class logits + severity
N_DAMAGE = 1 + len(common.DISTORTIONS) + 2       # pooled class probabilities, severity, severity^2


def conv_bn(cin, cout, k=3):
    return nn.Sequential(nn.Conv2d(cin, cout, k, 1, k // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class Residual(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(ch, ch, 3, 1, 1, bias=False), nn.BatchNorm2d(ch), nn.ReLU(inplace=True),
                                  nn.Conv2d(ch, ch, 3, 1, 1, bias=False), nn.BatchNorm2d(ch))

    def forward(self, x):
        return F.relu(x + self.body(x))


class CellNet(nn.Module):
    """The learned part of the encoder: statistics [N,F,D,D] -> (features, logits, severity)."""

    def __init__(self, width=48, width14=64, blocks28=1, blocks14=1, context=True):
        super().__init__()
        f = frontend.CHANNELS
        self.register_buffer('stat_mean', torch.zeros(1, f, 1, 1))
        self.register_buffer('stat_std', torch.ones(1, f, 1, 1))
        self.cells = nn.Sequential(conv_bn(f, 2 * width, 1), conv_bn(2 * width, width, 1))
        self.context = nn.Sequential(nn.Linear(2 * width, width), nn.ReLU(inplace=True),
                                     nn.Linear(width, width)) if context else None
        self.grid28 = nn.Sequential(*[Residual(width) for _ in range(blocks28)])
        self.dense = nn.Sequential(conv_bn(width, width, 1), nn.Conv2d(width, N_DENSE, 1))
        self.grid14 = nn.Sequential(conv_bn(width + N_DAMAGE, width14), *[Residual(width14) for _ in range(blocks14)])
        self.channels = width14 + N_DAMAGE

    def set_statistics(self, mean, std):
        self.stat_mean.copy_(torch.as_tensor(mean, dtype=torch.float32).view_as(self.stat_mean))
        self.stat_std.copy_(torch.as_tensor(std, dtype=torch.float32).view_as(self.stat_std))

    def forward(self, stats):
        x = self.cells((stats - self.stat_mean) / self.stat_std)
        if self.context is not None:
            x = x + self.context(torch.cat([x.mean((2, 3)), x.amax((2, 3))], 1))[:, :, None, None]
        x = self.grid28(x)
        d = self.dense(x)
        logits = d[:, :N_DENSE - 1]
        severity = torch.sigmoid(d[:, N_DENSE - 1:])
        damage = F.avg_pool2d(torch.cat([torch.softmax(logits, 1), severity, severity * severity], 1), 2)
        y = self.grid14(torch.cat([F.avg_pool2d(x, 2), damage], 1))
        return torch.cat([y, damage], 1), logits, severity


class Encoder(nn.Module):
    """image -> FrontEnd (fixed) -> CellNet (learned): the exported encoder."""

    def __init__(self, **arch):
        super().__init__()
        self.stats = frontend.FrontEnd()
        self.net = CellNet(**arch)

    def forward(self, image):
        return self.net(self.stats(image))


class RoiHead(nn.Module):
    def __init__(self, channels, hidden=256):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * channels + 1, hidden), nn.ReLU(inplace=True),
                                 nn.Linear(hidden, hidden // 2), nn.ReLU(inplace=True))
        self.level = nn.Linear(hidden // 2, len(common.LEVELS))
        self.distortion = nn.Linear(hidden // 2, len(common.DISTORTIONS))
        self.importance = nn.Linear(hidden // 2, 1)

    def forward(self, features, roi_masks, roi_image_index):
        level, dist, imp = self.logits(features, roi_masks, roi_image_index)
        return level, torch.sigmoid(dist), torch.sigmoid(imp)

    def logits(self, features, roi_masks, roi_image_index):
        h = self.hidden(features, roi_masks, roi_image_index)
        return self.level(h), self.distortion(h), self.importance(h)

    def hidden(self, features, roi_masks, roi_image_index):
        f = features.index_select(0, roi_image_index)                   # [M, C, G, G]
        area = roi_masks.sum(dim=(2, 3))                                # [M, 1], in cells
        local = (f * roi_masks).sum(dim=(2, 3)) / (area + 1e-3)         # mask-weighted mean
        glob = f.mean(dim=(2, 3))
        frac = area / float(common.ROI_GRID * common.ROI_GRID)          # R == G
        return self.mlp(torch.cat([glob, local, frac], 1))


class IqmonNet(nn.Module):
    def __init__(self, **arch):
        """arch: CellNet's widths and depths (width, width14, blocks28, blocks14); checkpoints keep them."""
        super().__init__()
        self.arch = dict(arch)
        self.encoder = Encoder(**arch)
        self.roi_head = RoiHead(self.encoder.net.channels)

    def forward(self, image, roi_masks, roi_image_index):
        return self.from_stats(self.encoder.stats(image), roi_masks, roi_image_index)

    def from_stats(self, stats, roi_masks, roi_image_index):
        """The network from the front end's output on; distortion and importance as logits too."""
        features, logits, severity = self.encoder.net(stats)
        level, dist, imp = self.roi_head.logits(features, roi_masks, roi_image_index)
        return dict(features=features, degradation_logits=logits, degradation_severity=severity,
                    level_logits=level, distortion_logits=dist, importance_logits=imp,
                    distortion_probs=torch.sigmoid(dist), importance=torch.sigmoid(imp))
