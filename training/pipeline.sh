#!/usr/bin/env bash
# The whole training pipeline: setup -> fetch -> synthesize (+ cache the fixed front end) -> train
# -> export -> check the front end against the cache -> evaluate (-> parity) (-> detectors: convert
# the pretrained detectors to ONNX and check them against TensorFlow.js; full run only).
#
#   training/pipeline.sh [--smoke] [--out DIR] [--jar PATH] [--jar-cwd DIR]
#
# Full run (no --smoke): trains the shipped model and writes models/iqmon-*.onnx, models/iqmon-weights.pt
# and src/test/resources/model-parity/; its work files go to --out (default training/out/full).
# --smoke: the same steps, tiny (a few dozen images, a few training steps), in a minute or two; it
# writes only under --out (default: $IQMON_SMOKE_OUT, else a new temporary folder) and never touches
# the committed model, the licence table or the parity fixture.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY=/usr/bin/python3
SMOKE=0
OUT=""
JAR="$REPO/target/iqmon.jar"
JAR_CWD="$REPO"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --out) OUT="$2"; shift ;;
    --jar) JAR="$2"; shift ;;
    --jar-cwd) JAR_CWD="$2"; shift ;;
    *) echo "usage: $0 [--smoke] [--out DIR] [--jar PATH] [--jar-cwd DIR]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$SMOKE" = 1 ]; then
  OUT="${OUT:-${IQMON_SMOKE_OUT:-$(mktemp -d -t iqmon-smoke.XXXXXX)}}"
  MODELS="$OUT/models"; TABLE="$OUT/PHOTOS.md"; PARITY="$OUT/model-parity"
  SYNTH=(--train 48 --calib 16 --eval 12); TRAIN=(--epochs 2 --batch 8 --max-minutes 1)
  EVAL=(--no-baselines)
else
  OUT="${OUT:-$HERE/out/full}"
  MODELS="$REPO/models"; TABLE="$HERE/PHOTOS.md"; PARITY="$REPO/src/test/resources/model-parity"
  SYNTH=(--train 12000 --calib 1000 --eval 400); TRAIN=(--epochs 25 --batch 64 --lr 3e-3 --max-minutes 40)
  EVAL=()
fi
mkdir -p "$OUT/eval"
step() { echo "== $1 ($(date +%T))"; }
start=$(date +%s)

step setup;      bash "$HERE/setup.sh"
step fetch;      $PY "$HERE/fetch_photos.py" --table "$TABLE"
step synthesize; $PY "$HERE/synth.py" --out "$OUT/data" --seed 7 --workers 2 "${SYNTH[@]}"
step train;      $PY "$HERE/train.py" --data "$OUT/data/train.npz" --calib "$OUT/data/calib.npz" --out "$OUT/train" \
                   --seed 0 "${TRAIN[@]}"
step export;     $PY "$HERE/export.py" --checkpoint "$OUT/train/checkpoint.pt" --out-dir "$MODELS"
step check;      $PY "$HERE/check_frontend.py" --data "$OUT/data/train.npz" --checkpoint "$OUT/train/checkpoint.pt"
step evaluate;   $PY "$HERE/evaluate.py" --eval-dir "$OUT/data/eval" --checkpoint "$OUT/train/checkpoint.pt" \
                   --out "$OUT/eval" --jar "$JAR" --jar-cwd "$JAR_CWD" --models "$MODELS" "${EVAL[@]}" \
                   | tee "$OUT/eval/table.txt"
step parity;     $PY "$HERE/parity.py" --checkpoint "$OUT/train/checkpoint.pt" --out "$PARITY"
if [ "$SMOKE" = 0 ]; then
  step detectors; bash "$HERE/detectors/pipeline.sh" --out-dir "$MODELS"
fi
if [ "$SMOKE" = 0 ]; then
  $PY -c "import torch,sys; c=torch.load(sys.argv[1]); torch.save(dict(model=c['model'], arch=c['arch'], info={k: v for k, v in c['info'].items() if k != 'log'}), sys.argv[2])" \
    "$OUT/train/checkpoint.pt" "$MODELS/iqmon-weights.pt"
fi
echo "== done in $(( $(date +%s) - start )) s; outputs in $OUT$([ "$SMOKE" = 1 ] && echo ' (smoke: nothing committed was touched)')"
