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
MODEL_VERSION = '3.0.0'

CELL = 16                 # the encoder's cell: stride of the backbone's last block, in pixels

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


def cell_fractions(mask):
    """Image-sized mask (non-zero = inside) -> float32 [H // CELL, W // CELL]: the fraction of each
    whole cell inside the mask (pixels past the last whole cell are not seen by the model)."""
    m = (np.asarray(mask) > 0).astype(np.float32)
    gh, gw = m.shape[0] // CELL, m.shape[1] // CELL
    return m[:gh * CELL, :gw * CELL].reshape(gh, CELL, gw, CELL).mean((1, 3))


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
        'iqmon.input': 'RGB, pixel / 255, float32 NCHW, the image at its own size',
        'iqmon.cell': str(CELL),
        'iqmon.distortions': ','.join(DISTORTIONS),
        'iqmon.levels': ','.join(LEVELS),
        'iqmon.pooling': 'local = mean of the cells weighted by the fraction of each whole cell inside the ROI; '
                         'global = mean of all cells; area = the ROI\'s share of the whole cells',
        'iqmon.score': 'softmax(level_logits); E = sum p_i * i (i = 1..5); score = (E - 1) * 25',
    }


def load_json(path):
    with open(path) as f:
        return json.load(f)
