#!/usr/bin/env bash
# The whole training pipeline: setup -> fetch photos and backbone -> synthesize + graded series
# -> cache the frozen features -> [cross-validate] -> train -> export -> evaluate -> parity
# (-> detectors: convert the pretrained detectors to ONNX and check them against TensorFlow.js; full
# run only).
#
#   training/pipeline.sh [--smoke] [--cv] [--out DIR] [--livec DIR] [--jar PATH] [--jar-cwd DIR]
#
# Full run (no --smoke): trains the shipped model and writes models/iqmon-*.onnx, models/iqmon-weights.pt
# and src/test/resources/model-parity/; its work files go to --out (default training/out/full).
# --cv: also the 5-fold cross-validation over 3 seeds (cv.py) that the model card reports (about an
# hour on 2 cores); its figures go into the evaluation table.
# --smoke: the same steps, tiny (a few dozen images, one epoch), in about a minute; it writes only under
# --out (default: $IQMON_SMOKE_OUT, else a new temporary folder) and never touches the committed
# model, the licence table or the parity fixture.
# --livec: the LIVE Challenge training photos with their human scores (default: $IQMON_LIVEC when set,
# else ../shared/data/livec-train beside the repository).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY=/usr/bin/python3
SMOKE=0
CV=0
OUT=""
LIVEC="${IQMON_LIVEC:-$REPO/../shared/data/livec-train}"
JAR="$REPO/target/iqmon.jar"
JAR_CWD="$REPO"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --cv) CV=1 ;;
    --out) OUT="$2"; shift ;;
    --livec) LIVEC="$2"; shift ;;
    --jar) JAR="$2"; shift ;;
    --jar-cwd) JAR_CWD="$2"; shift ;;
    *) echo "usage: $0 [--smoke] [--cv] [--out DIR] [--livec DIR] [--jar PATH] [--jar-cwd DIR]" >&2; exit 2 ;;
  esac
  shift
done
if [ ! -f "$LIVEC/labels.csv" ]; then
  echo "pipeline: no LIVE Challenge photos at $LIVEC (labels.csv missing): give --livec DIR or set IQMON_LIVEC" >&2
  exit 2
fi
if [ "$SMOKE" = 1 ]; then
  OUT="${OUT:-${IQMON_SMOKE_OUT:-$(mktemp -d -t iqmon-smoke.XXXXXX)}}"
  MODELS="$OUT/models"; TABLE="$OUT/PHOTOS.md"; PARITY="$OUT/model-parity"
  SYNTH=(--train 24 --eval 6); GRADED=(--limit 1 --side 320); FEATURES=(--limit 32)
  TRAIN=(--epochs 1); EVAL=(--no-baselines)
else
  OUT="${OUT:-$HERE/out/full}"
  MODELS="$REPO/models"; TABLE="$HERE/PHOTOS.md"; PARITY="$REPO/src/test/resources/model-parity"
  SYNTH=(--train 3000 --eval 400); GRADED=(); FEATURES=(); TRAIN=(); EVAL=()
fi
mkdir -p "$OUT/eval"
step() { echo "== $1 ($(date +%T))"; }
start=$(date +%s)

step setup;      bash "$HERE/setup.sh"
step fetch;      $PY "$HERE/fetch_photos.py" --table "$TABLE"
                 bash "$HERE/fetch_backbone.sh"
                 $PY "$HERE/convert_backbone.py"
step synthesize; $PY "$HERE/synth.py" --out "$OUT/data" --seed 7 --workers 2 "${SYNTH[@]}"
                 $PY "$HERE/graded.py" --out "$OUT/data/graded" "${GRADED[@]}"
step features;   $PY "$HERE/features.py" --livec "$LIVEC" --synth "$OUT/data/train.pkl" --out "$OUT/features.pkl" \
                   "${FEATURES[@]}"
CV_TABLE=()
if [ "$CV" = 1 ]; then
  step cross-validate
  $PY "$HERE/cv.py" --features "$OUT/features.pkl" --out "$OUT/cv" "${TRAIN[@]}" | tee "$OUT/eval/cv.txt"
  CV_TABLE=(--cv "$OUT/cv/cv.json")
fi
step train;      $PY "$HERE/train.py" --features "$OUT/features.pkl" --out "$OUT/train" --seed 0 "${TRAIN[@]}"
step export;     $PY "$HERE/export.py" --checkpoint "$OUT/train/checkpoint.pt" --out-dir "$MODELS"
step evaluate;   $PY "$HERE/evaluate.py" --eval-dir "$OUT/data/eval" --graded "$OUT/data/graded" \
                   --checkpoint "$OUT/train/checkpoint.pt" --out "$OUT/eval" --jar "$JAR" --jar-cwd "$JAR_CWD" \
                   --models "$MODELS" "${EVAL[@]}" "${CV_TABLE[@]}" | tee "$OUT/eval/table.txt"
step parity;     $PY "$HERE/parity.py" --checkpoint "$OUT/train/checkpoint.pt" --out "$PARITY"
if [ "$SMOKE" = 0 ]; then
  step detectors; bash "$HERE/detectors/pipeline.sh" --out-dir "$MODELS"
fi
if [ "$SMOKE" = 0 ]; then
  $PY -c "import torch,sys; c=torch.load(sys.argv[1]); torch.save(dict(model=c['model'], info={k: v for k, v in c['info'].items() if k != 'log'}), sys.argv[2])" \
    "$OUT/train/checkpoint.pt" "$MODELS/iqmon-weights.pt"
fi
echo "== done in $(( $(date +%s) - start )) s; outputs in $OUT$([ "$SMOKE" = 1 ] && echo ' (smoke: nothing committed was touched)')"
