"""The iqmon ROI quality network: a small shared CNN encoder and a mask-based ROI head.

Encoder (runs once per image):  image [N,3,S,S] -> features [N,C,G,G],
                                 degradation_logits [N,9,D,D], degradation_severity [N,1,D,D]
ROI head (runs for all ROIs):    features, roi_masks [M,1,R,R], roi_image_index [M]
                                 -> level_logits [M,5], distortion_probs [M,8], importance [M,1]

The last 10 feature channels are the dense head's class probabilities and severity pooled to the
feature grid, so each ROI's local token carries the share of damaged area under its mask.
The ROI head follows SEAGULL's mask-based feature extractor: a global token pooled over the whole
feature map and a local token pooled under the ROI mask (weighted by the fraction of each cell inside
the ROI), concatenated with the ROI's area fraction and passed through an MLP.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import common


def conv_bn(cin, cout, stride=1, k=3):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class LocalStatistics(nn.Module):
    """Fixed (not learned) local image statistics that distortions change, computed in the graph and
    handed to the first convolution next to the image, so that a small network trained for minutes
    on a CPU sees grain, sharpness, exposure, contrast, colour and veiling from its first step
    instead of having to discover those filters:
      hp1, mscn1, log sigma1  fine-scale luma residual y - G(y), its normalised form (MSCN, as in
                              BRISQUE and NIQE) and its local standard deviation: noise, blocking
      log sigma2 - log sigma1 coarse- vs fine-scale detail energy: blur (fine detail gone) vs noise
      mu, contrast            local mean luma and local standard deviation (wide window): exposure, contrast
      rg, yb                  local means of opponent colour channels: colour cast, saturation
      dark, bright            local minimum / maximum over RGB and a window (the dark-channel
                              prior of haze; clipped highlights), 5 x 5 windows"""

    CHANNELS = 10

    def __init__(self):
        super().__init__()
        mean, std = torch.tensor(common.MEAN), torch.tensor(common.STD)
        self.register_buffer('scale', std.view(1, 3, 1, 1))
        self.register_buffer('shift', mean.view(1, 3, 1, 1))
        self.register_buffer('luma', torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1))

    @staticmethod
    def blur(x, times=1):
        """Local mean: repeated 5 x 5 box filters (close to a Gaussian after two passes)."""
        for _ in range(times):
            x = F.avg_pool2d(x, 5, 1, 2, count_include_pad=False)
        return x

    def forward(self, x):
        rgb = x * self.scale + self.shift                                 # back to 0..1
        y = (rgb * self.luma).sum(1, keepdim=True)
        y1 = self.blur(y)
        hp1 = y - y1
        s1 = torch.sqrt(self.blur(hp1 * hp1) + 1e-6)
        y2 = self.blur(y1)
        hp2 = y1 - y2
        s2 = torch.sqrt(self.blur(hp2 * hp2) + 1e-6)
        mu = self.blur(y2)
        contrast = torch.sqrt(self.blur((y - mu) ** 2) + 1e-6)
        r, g, b = rgb[:, 0:1], rgb[:, 1:2], rgb[:, 2:3]
        opp = self.blur(torch.cat([r - g, 0.5 * (r + g) - b], 1))
        dark = -F.max_pool2d(-rgb.min(1, keepdim=True)[0], 5, 1, 2)
        bright = F.max_pool2d(rgb.max(1, keepdim=True)[0], 5, 1, 2)
        l1, l2 = torch.log(s1 + 1e-3), torch.log(s2 + 1e-3)
        return torch.cat([x, hp1 * 20.0, hp1 / (s1 + 0.01), 0.3 * l1 + 1.5, l2 - l1,
                          (mu - 0.5) * 4, contrast * 6, opp * 4, (dark - 0.2) * 4, (bright - 0.8) * 4], 1)


class Encoder(nn.Module):
    """Fixed local statistics at S x S, then a 4 x 4 stride-4 "patchify" convolution (it sees every
    pixel once) and three small convolutional stages at S/4, S/8 and S/16. Nothing runs at full or
    half resolution except the fixed statistics: that is what lets it train on two CPU cores."""

    def __init__(self, width=(32, 64, 128), channels=common.FEATURE_CHANNELS):
        super().__init__()
        w1, w2, w3 = width
        self.stats = LocalStatistics()
        self.stem = nn.Sequential(nn.Conv2d(3 + LocalStatistics.CHANNELS, w1, 4, 4, bias=False),
                                  nn.BatchNorm2d(w1), nn.ReLU(inplace=True))             # S/4
        self.stage1 = conv_bn(w1, w1)                                                       # S/4
        self.stage2 = nn.Sequential(conv_bn(w1, w2, 2), conv_bn(w2, w2))                    # S/8
        self.stage3 = nn.Sequential(conv_bn(w2, w3, 2), conv_bn(w3, w3), conv_bn(w3, w3))   # S/16
        n_dense = 1 + len(common.DISTORTIONS) + 1
        self.project = conv_bn(w3 + w2, channels - n_dense, k=1)
        self.dense = nn.Sequential(conv_bn(channels - n_dense + w2 + w1, 64, k=1), conv_bn(64, 48),
                                   nn.Conv2d(48, n_dense, 1))

    def forward(self, image):
        x1 = self.stage1(self.stem(self.stats(image)))
        x2 = self.stage2(x1)
        x3 = self.stage3(x2)
        context = self.project(torch.cat([x3, F.avg_pool2d(x2, 2)], 1))
        up = F.interpolate(context, size=x2.shape[-2:], mode='bilinear', align_corners=False)
        d = self.dense(torch.cat([up, x2, F.avg_pool2d(x1, 2)], 1))
        logits = d[:, :1 + len(common.DISTORTIONS)]
        severity = torch.sigmoid(d[:, 1 + len(common.DISTORTIONS):])
        # the dense head's own reading of the damage (class probabilities and severity), pooled to
        # the feature grid, travels with the features: the ROI head pools it under each mask
        damage = F.avg_pool2d(torch.cat([torch.softmax(logits, 1), severity], 1), 2)
        return torch.cat([context, damage], 1), logits, severity


class RoiHead(nn.Module):
    def __init__(self, channels=common.FEATURE_CHANNELS, hidden=256):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * channels + 1, hidden), nn.ReLU(inplace=True),
                                 nn.Linear(hidden, hidden // 2), nn.ReLU(inplace=True))
        self.level = nn.Linear(hidden // 2, len(common.LEVELS))
        self.distortion = nn.Linear(hidden // 2, len(common.DISTORTIONS))
        self.importance = nn.Linear(hidden // 2, 1)

    def forward(self, features, roi_masks, roi_image_index):
        f = features.index_select(0, roi_image_index)                   # [M, C, G, G]
        area = roi_masks.sum(dim=(2, 3))                                # [M, 1], in cells
        local = (f * roi_masks).sum(dim=(2, 3)) / (area + 1e-3)         # mask-weighted mean
        glob = f.mean(dim=(2, 3))
        frac = area / float(common.ROI_GRID * common.ROI_GRID)   # R == G
        h = self.mlp(torch.cat([glob, local, frac], 1))
        return self.level(h), torch.sigmoid(self.distortion(h)), torch.sigmoid(self.importance(h))


class IqmonNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.roi_head = RoiHead()

    def forward(self, image, roi_masks, roi_image_index):
        features, logits, severity = self.encoder(image)
        level, dist, imp = self.roi_head(features, roi_masks, roi_image_index)
        return dict(features=features, degradation_logits=logits, degradation_severity=severity,
                    level_logits=level, distortion_probs=dist, importance=imp)
