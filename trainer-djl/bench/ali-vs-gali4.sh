#!/usr/bin/env bash
# ALI against GALI-4 on the full Fashion-MNIST, with the same budget for both:
# the same architecture, epochs, batch, stabilisers and seeds. Every run is trained,
# exported and evaluated on the 10,000 test images through ONNX Runtime with ./ali's
# own commands; the reference classifier (./ali train-classifier) gives
# label_preservation. Ends with a Markdown table in OUT/summary.md.
#
# Usage: trainer-djl/bench/ali-vs-gali4.sh [OUT]     (default OUT: runs/ali-vs-gali4)
# Environment (defaults in brackets):
#   SEEDS ["1 2 3"]  EPOCHS [3]  ARCH [gray28-small]  BATCH [100]
#   JOBS [2]         runs at a time, each with one PyTorch thread
#   CLASSIFIER [OUT/classifier]  trained first (5 epochs, seed 42) when missing
#   TRAIN_OPTS [""]  more options for every ./ali train, e.g. "--spectral-norm"
# Needs Debian's dataset-fashion-mnist. Finished runs (eval.json present) are kept,
# so a stopped comparison continues where it was.
set -euo pipefail

ALI_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ALI="$ALI_HOME/ali"
OUT="$(realpath -m "${1:-runs/ali-vs-gali4}")"
SEEDS="${SEEDS:-1 2 3}"
EPOCHS="${EPOCHS:-3}"
ARCH="${ARCH:-gray28-small}"
BATCH="${BATCH:-100}"
JOBS="${JOBS:-2}"
CLASSIFIER="${CLASSIFIER:-$OUT/classifier}"
TRAIN_OPTS="${TRAIN_OPTS:-}"
OBJECTIVES="ali gali-4"
export ALI_THREADS=1

mkdir -p "$OUT"
"$ALI" --version >/dev/null   # builds the jars once, before runs start in parallel

# One job of the queue: the classifier, or one run's training and export.
# Arguments: "classifier", or objective and seed.
train_one() {
  if [ "$1" = classifier ]; then
    [ -f "$CLASSIFIER/classifier.json" ] && return
    "$ALI" train-classifier --data fashion-mnist --out "$CLASSIFIER" >"$CLASSIFIER.log" 2>&1
    echo "classifier: $(grep -i 'test accuracy' "$CLASSIFIER.log" | tail -1)"
    return
  fi
  local objective="$1" seed="$2" dir="$OUT/$1-seed$2" start=$SECONDS
  [ -f "$dir/bundle/manifest.json" ] && return
  rm -rf "$dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # TRAIN_OPTS is a list of words
  "$ALI" train --data fashion-mnist --arch "$ARCH" --objective "$objective" --epochs "$EPOCHS" \
      --batch "$BATCH" --seed "$seed" $TRAIN_OPTS --out "$dir/run" >"$dir/train.log" 2>&1
  "$ALI" export --run "$dir/run" --out "$dir/bundle" >>"$dir/train.log" 2>&1
  echo "$objective seed $seed: trained and exported in $((SECONDS - start)) s"
}

# Evaluates one exported run on the test split. Arguments: objective, seed.
eval_one() {
  local dir="$OUT/$1-seed$2"
  [ -f "$dir/eval.json" ] && return
  "$ALI" eval --bundle "$dir/bundle" --data fashion-mnist --classifier "$CLASSIFIER" --threads 1 \
      --out "$dir/eval.json" >"$dir/eval.log" 2>&1
  echo "$1 seed $2: $(tr '\n' ' ' <"$dir/eval.log")"
}
export -f train_one eval_one
export ALI OUT ARCH EPOCHS BATCH CLASSIFIER TRAIN_OPTS

# The longest jobs first, so that the shorter ALI runs fill in beside them.
runs() {
  for objective in gali-4 ali; do
    for seed in $SEEDS; do echo "$objective $seed"; done
  done
}
{ echo classifier; runs; } | xargs -P "$JOBS" -L 1 bash -c 'set -euo pipefail; train_one "$@"' train_one
runs | xargs -P "$JOBS" -L 1 bash -c 'set -euo pipefail; eval_one "$@"' eval_one

# The table: every run, then mean and standard deviation per objective.
value() { sed -n "s/.*\"$2\" *: *\([-0-9.eE]*\).*/\1/p" "$1"; }
{
  echo "| objective | seed | pixel_mse | pixel_mse_shuffled | ratio | label_preservation | classifier_accuracy |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for objective in $OBJECTIVES; do
    for seed in $SEEDS; do
      f="$OUT/$objective-seed$seed/eval.json"
      printf '| %s | %s | %.4f | %.4f | %.3f | %.4f | %.4f |\n' "$objective" "$seed" \
          "$(value "$f" pixel_mse)" "$(value "$f" pixel_mse_shuffled)" "$(value "$f" ratio)" \
          "$(value "$f" label_preservation)" "$(value "$f" classifier_accuracy)"
    done
  done
  echo
  echo "| objective | runs | pixel_mse, mean ± sd | label_preservation, mean ± sd |"
  echo "| --- | --- | --- | --- |"
  for objective in $OBJECTIVES; do
    for seed in $SEEDS; do
      f="$OUT/$objective-seed$seed/eval.json"
      echo "$(value "$f" pixel_mse) $(value "$f" label_preservation)"
    done | awk -v o="$objective" '
      { n++; m += $1; mm += $1 * $1; l += $2; ll += $2 * $2 }
      END {
        sm = n > 1 ? sqrt((mm - m * m / n) / (n - 1)) : 0
        sl = n > 1 ? sqrt((ll - l * l / n) / (n - 1)) : 0
        printf "| %s | %d | %.4f ± %.4f | %.4f ± %.4f |\n", o, n, m / n, sm, l / n, sl
      }'
  done
  echo
  echo "Setting: --arch $ARCH --epochs $EPOCHS --batch $BATCH ${TRAIN_OPTS:+$TRAIN_OPTS }on fashion-mnist's training split" \
       "(60,000 images unless TRAIN_OPTS limits them), evaluated on its 10,000 test images; classifier $CLASSIFIER."
} >"$OUT/summary.md"
cat "$OUT/summary.md"
