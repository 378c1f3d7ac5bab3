"""The iqmon ROI quality network: a small shared CNN encoder and a mask-based ROI head.

Encoder (runs once per image):  image [N,3,S,S] -> features [N,C,G,G],
                                 degradation_logits [N,9,D,D], degradation_severity [N,1,D,D]
ROI head (runs for all ROIs):    features, roi_masks [M,1,R,R], roi_image_index [M]
                                 -> level_logits [M,5], distortion_probs [M,8], importance [M,1]

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


class Encoder(nn.Module):
    def __init__(self, width=(24, 32, 64, 128), channels=common.FEATURE_CHANNELS):
        super().__init__()
        w0, w1, w2, w3 = width
        self.stem = nn.Sequential(conv_bn(3, w0, 2), conv_bn(w0, w0))              # S/2
        self.stage1 = nn.Sequential(conv_bn(w0, w1, 2), conv_bn(w1, w1))           # S/4
        self.stage2 = nn.Sequential(conv_bn(w1, w2, 2), conv_bn(w2, w2), conv_bn(w2, w2))  # S/8
        self.stage3 = nn.Sequential(conv_bn(w2, w3, 2), conv_bn(w3, w3), conv_bn(w3, w3))  # S/16
        self.project = conv_bn(w3 + w2, channels, k=1)
        self.dense = nn.Sequential(conv_bn(channels + w2 + w1, 64), conv_bn(64, 64),
                                   nn.Conv2d(64, 1 + len(common.DISTORTIONS) + 1, 1))

    def forward(self, image):
        x1 = self.stage1(self.stem(image))
        x2 = self.stage2(x1)
        x3 = self.stage3(x2)
        features = self.project(torch.cat([x3, F.avg_pool2d(x2, 2)], 1))
        up = F.interpolate(features, size=x2.shape[-2:], mode='bilinear', align_corners=False)
        d = self.dense(torch.cat([up, x2, F.avg_pool2d(x1, 2)], 1))
        logits = d[:, :1 + len(common.DISTORTIONS)]
        severity = torch.sigmoid(d[:, 1 + len(common.DISTORTIONS):])
        return features, logits, severity


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
