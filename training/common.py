"""Constants and preprocessing shared by every training step: the ONNX contract lives here.

Anything that Java must reproduce (input size, normalisation, resize rule, mask pooling, class
order, score mapping) is defined once in this module and copied into the ONNX metadata and the
model card by export.py.
"""
import json
import os

import cv2
import numpy as np

MODEL_ID = 'iqmon-roi-quality'
MODEL_VERSION = '2.0.0'

INPUT_SIZE = 224          # S: the encoder input is [N, 3, S, S]
FEATURE_GRID = 14         # G: features are [N, C, G, G]
ROI_GRID = 14             # R: roi_masks are [M, 1, R, R]
DENSE_GRID = 28           # D: degradation maps are [N, *, D, D]

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)

# Class 0 of the dense head is "clean"; 1..8 follow this order (also the order of distortion_probs).
DISTORTIONS = ('blur', 'noise', 'compression', 'exposure', 'contrast', 'colorfulness', 'haze',
               'occlusion')
LEVELS = ('bad', 'poor', 'fair', 'good', 'excellent')

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CACHE = os.environ.get('IQMON_CACHE', os.path.join(HERE, '.cache'))


def resize(img, width, height, interpolation=None):
    """The contract's resize: INTER_AREA when shrinking, INTER_LINEAR when enlarging (per image)."""
    h, w = img.shape[:2]
    if interpolation is None:
        interpolation = cv2.INTER_AREA if (width <= w and height <= h) else cv2.INTER_LINEAR
    return cv2.resize(img, (width, height), interpolation=interpolation)


def to_input(rgb_u8):
    """RGB uint8 image of any size -> float32 [3, S, S] normalised tensor (numpy)."""
    x = resize(rgb_u8, INPUT_SIZE, INPUT_SIZE).astype(np.float32) / 255.0
    x = (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1))


def normalise_s(rgb_u8_s):
    """RGB uint8 [.., S, S, 3] already at S -> float32 [.., 3, S, S]."""
    x = rgb_u8_s.astype(np.float32) / 255.0
    x = (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return np.ascontiguousarray(np.moveaxis(x, -1, -3))


def roi_mask_input(mask):
    """Image-sized mask (non-zero = inside) -> float32 [R, R] cell fractions (INTER_AREA)."""
    m = (np.asarray(mask) > 0).astype(np.float32)
    return cv2.resize(m, (ROI_GRID, ROI_GRID), interpolation=cv2.INTER_AREA)


def score_from_logits(logits):
    """Java's mapping: softmax -> expected level E in 1..5 -> (E - 1) * 25 in 0..100."""
    z = np.asarray(logits, np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=-1, keepdims=True)
    return ((p * np.arange(1, 6)).sum(axis=-1) - 1.0) * 25.0


def read_rgb(path):
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise IOError(f'cannot read image {path}')
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def write_rgb(path, rgb):
    if not cv2.imwrite(path, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        raise IOError(f'cannot write {path}')


def contract():
    """The values that the model card and the ONNX metadata carry."""
    return {
        'iqmon.model_id': MODEL_ID,
        'iqmon.model_version': MODEL_VERSION,
        'iqmon.input_size': str(INPUT_SIZE),
        'iqmon.mean': ','.join(str(v) for v in MEAN),
        'iqmon.std': ','.join(str(v) for v in STD),
        'iqmon.distortions': ','.join(DISTORTIONS),
        'iqmon.levels': ','.join(LEVELS),
        'iqmon.feature_grid': str(FEATURE_GRID),
        'iqmon.roi_grid': str(ROI_GRID),
        'iqmon.dense_grid': str(DENSE_GRID),
        'iqmon.resize': 'squash to SxS; INTER_AREA when shrinking, INTER_LINEAR when enlarging',
        'iqmon.score': 'softmax(level_logits); E = sum p_i * i (i = 1..5); score = (E - 1) * 25',
    }


def load_json(path):
    with open(path) as f:
        return json.load(f)
