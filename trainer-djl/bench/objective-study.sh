#!/usr/bin/env bash
# Every objective on the same data (the full Fashion-MNIST unless DATA says otherwise) with the
# same budget: the same architecture, epochs, batch, stabilisers and seeds, and ALI once more at
# GALI-4's compute (its epochs scaled by the measured step-cost ratio). Every run is trained,
# exported and evaluated on the data's test split (Fashion-MNIST's 10,000 test images) through
# ONNX Runtime with ./ali's own commands (pixel_mse,
# label_preservation, fid_classifier, sample_class_tv, linear_probe_accuracy, inpainting_mse); the telemetry
# of each run (max |log-sigma|, max |z|) shows whether it diverged. Ends with Markdown
# tables in OUT/summary.md, which link each run's reconstructions and samples.
#
# Usage: trainer-djl/bench/objective-study.sh [OUT]     (default OUT: runs/objective-study)
# Environment (defaults in brackets):
#   OBJECTIVES ["ali bigan alice gali-4 gali-8 gali-pretrained gali-mix"]; alice-mu too on request
#   SEEDS ["1 2 3"]  EPOCHS [3]  ARCH [gray28-small]  BATCH [100]
#   DATA [fashion-mnist]  training and evaluation data; "embedded" is the demo's setting
#                    (trained on its 9,000 images, evaluated on its 1,000 held-out ones)
#   COMPUTE_MATCH [1]  also train "ali-compute": ALI at GALI-4's compute (needs ali and gali-4)
#   JOBS [2]         runs at a time, each with one PyTorch thread
#   CLASSIFIER [OUT/classifier]  trained first (5 epochs, seed 42) when missing; gali-pretrained's M
#   TRAIN_OPTS [""]  more options for every ./ali train, e.g. "--spectral-norm"
#   EVAL_OPTS [""]   more options for every ./ali eval, e.g. "--probe-train 10000"
# Use one OUT per DATA, ARCH, EPOCHS and TRAIN_OPTS: finished runs are found by name only.
# Needs Debian's dataset-fashion-mnist. Finished runs (eval.json present) are kept, so a
# stopped study continues where it was, and summary.md can be rebuilt at any time with
# SUMMARY_ONLY=1.
set -euo pipefail

ALI_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ALI="${ALI:-$ALI_HOME/ali}"
OUT="$(realpath -m "${1:-runs/objective-study}")"
OBJECTIVES="${OBJECTIVES:-ali bigan alice gali-4 gali-8 gali-pretrained gali-mix}"
SEEDS="${SEEDS:-1 2 3}"
EPOCHS="${EPOCHS:-3}"
ARCH="${ARCH:-gray28-small}"
BATCH="${BATCH:-100}"
DATA="${DATA:-fashion-mnist}"
COMPUTE_MATCH="${COMPUTE_MATCH:-1}"
JOBS="${JOBS:-2}"
CLASSIFIER="${CLASSIFIER:-$OUT/classifier}"
TRAIN_OPTS="${TRAIN_OPTS:-}"
EVAL_OPTS="${EVAL_OPTS:-}"
export ALI_THREADS=1

mkdir -p "$OUT"

# Reads a number from a JSON file: value FILE KEY.
value() { sed -n "s/.*\"$2\" *: *\([-0-9.eE]*\).*/\1/p" "$1" | head -1; }

# A number in printf's FORMAT, or "-" when the run's file lacks it (eval.json from an older
# ./ali, or a metric skipped): cell FORMAT VALUE.
cell() { if [ -n "$2" ]; then printf "$1" "$2"; else printf -- '-'; fi; }

# Images per second of a finished run's last epoch: speed RUNDIR.
speed() { grep '"type":"epoch"' "$1/metrics.jsonl" | tail -1 | sed -n 's/.*"images_per_second":\([0-9.eE]*\).*/\1/p'; }

# One job of the queue: the classifier, or one run's training and export.
# Arguments: "classifier", or a label, the objective and seed; the label names the run directory.
train_one() {
  if [ "$1" = classifier ]; then
    [ -f "$CLASSIFIER/classifier.json" ] && return
    "$ALI" train-classifier --data fashion-mnist --out "$CLASSIFIER" >"$CLASSIFIER.log" 2>&1
    echo "classifier: $(grep -i 'test accuracy' "$CLASSIFIER.log" | tail -1)"
    return
  fi
  local label="$1" objective="$2" seed="$3" epochs="$4" dir="$OUT/$1-seed$3" start=$SECONDS
  [ -f "$dir/bundle/manifest.json" ] && return
  rm -rf "$dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # TRAIN_OPTS is a list of words
  "$ALI" train --data "$DATA" --arch "$ARCH" --objective "$objective" --epochs "$epochs" \
      --batch "$BATCH" --seed "$seed" --classifier "$CLASSIFIER" $TRAIN_OPTS --out "$dir/run" >"$dir/train.log" 2>&1
  "$ALI" export --run "$dir/run" --out "$dir/bundle" >>"$dir/train.log" 2>&1
  echo "$label seed $seed: trained and exported in $((SECONDS - start)) s"
}

# Evaluates one exported run on the test split. Arguments: label, seed.
eval_one() {
  local dir="$OUT/$1-seed$2"
  [ -f "$dir/eval.json" ] && return
  # shellcheck disable=SC2086 # EVAL_OPTS is a list of words
  "$ALI" eval --bundle "$dir/bundle" --data "$DATA" --classifier "$CLASSIFIER" --threads 1 $EVAL_OPTS \
      --out "$dir/eval.json" >"$dir/eval.log" 2>&1
  echo "$1 seed $2: $(tr '\n' ' ' <"$dir/eval.log")"
}
export -f train_one eval_one
export ALI OUT ARCH BATCH DATA CLASSIFIER TRAIN_OPTS EVAL_OPTS

# "label objective seed epochs" lines, the longest jobs first so that shorter ones fill in.
runs() {
  for objective in gali-8 gali-mix gali-pretrained gali-4 alice alice-mu ali bigan; do
    case " $OBJECTIVES " in *" $objective "*) ;; *) continue ;; esac
    for seed in $SEEDS; do echo "$objective $objective $seed $EPOCHS"; done
  done
}

# ALI's epochs for GALI-4's compute: EPOCHS x (ALI's images/s / GALI-4's), from seed runs already done.
compute_epochs() {
  local seed="${SEEDS%% *}" a g
  a="$(speed "$OUT/ali-seed$seed/run")"
  g="$(speed "$OUT/gali-4-seed$seed/run")"
  awk -v e="$EPOCHS" -v a="$a" -v g="$g" 'BEGIN { n = int(e * a / g + 0.5); print (n < e ? e : n) }'
}
compute_runs() {
  local epochs
  epochs="$(compute_epochs)"
  for seed in $SEEDS; do echo "ali-compute ali $seed $epochs"; done
}

labels() {
  runs | cut -d' ' -f1 | uniq
  [ "$COMPUTE_MATCH" = 1 ] && echo ali-compute
  true
}

if [ -z "${SUMMARY_ONLY:-}" ]; then
  "$ALI" --version >/dev/null   # builds the jars once, before runs start in parallel
  { echo classifier; runs; } | xargs -P "$JOBS" -L 1 bash -c 'set -euo pipefail; train_one "$@"' train_one
  if [ "$COMPUTE_MATCH" = 1 ]; then
    compute_runs | xargs -P "$JOBS" -L 1 bash -c 'set -euo pipefail; train_one "$@"' train_one
  fi
  for label in $(labels); do
    for seed in $SEEDS; do echo "$label $seed"; done
  done | xargs -P "$JOBS" -L 1 bash -c 'set -euo pipefail; eval_one "$@"' eval_one
fi

# The largest value of a telemetry key over a run's metrics.jsonl: peak RUNDIR KEY.
peak() {
  sed -n "s/.*\"$2\":\([-0-9.eE]*\).*/\1/p" "$1/metrics.jsonl" | sort -g | tail -1
}

METRICS="pixel_mse label_preservation fid_classifier sample_class_tv linear_probe_accuracy inpainting_mse"
{
  echo "## Every run"
  echo
  echo "| objective | seed | epochs | pixel_mse | ratio | label_preservation | fid_classifier | sample_class_tv | linear_probe_accuracy | inpainting_mse | max \|log-sigma\| | max \|z\| | images/s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for label in $(labels); do
    for seed in $SEEDS; do
      d="$OUT/$label-seed$seed"
      f="$d/eval.json"
      [ -f "$f" ] || continue
      epochs="$(grep -c '"type":"epoch"' "$d/run/metrics.jsonl")"
      printf '| %s | %s | %s |' "$label" "$seed" "$epochs"
      for pair in "%.4f pixel_mse" "%.3f ratio" "%.4f label_preservation" "%.2f fid_classifier" \
          "%.3f sample_class_tv" "%.4f linear_probe_accuracy" "%.4f inpainting_mse"; do
        printf ' %s |' "$(cell "${pair%% *}" "$(value "$f" "${pair#* }")")"
      done
      printf ' %s | %s | %s |\n' "$(cell %.2f "$(peak "$d/run" max_abs_log_sigma)")" \
          "$(cell %.1f "$(peak "$d/run" max_abs_z)")" "$(cell %.0f "$(speed "$d/run")")"
    done
  done
  echo
  echo "## Mean ± sd over seeds"
  echo
  printf '| objective | runs |'; for m in $METRICS; do printf ' %s |' "$m"; done; echo
  printf '| --- | --- |'; for m in $METRICS; do printf ' --- |'; done; echo
  for label in $(labels); do
    for seed in $SEEDS; do
      f="$OUT/$label-seed$seed/eval.json"
      [ -f "$f" ] || continue
      # One field per metric, NA where the file lacks it, so the columns stay aligned.
      for m in $METRICS; do v="$(value "$f" "$m")"; printf '%s ' "${v:-NA}"; done; echo
    done | awk -v o="$label" '
      { runs++; for (i = 1; i <= NF; i++) if ($i != "NA") { n[i]++; s[i] += $i; ss[i] += $i * $i }; k = NF }
      END {
        if (runs == 0) exit
        printf "| %s | %d |", o, runs
        for (i = 1; i <= k; i++) {
          if (n[i] == 0) { printf " - |"; continue }
          sd = n[i] > 1 ? sqrt((ss[i] - s[i] * s[i] / n[i]) / (n[i] - 1)) : 0
          printf " %.4f ± %.4f%s |", s[i] / n[i], sd, n[i] < runs ? " (" n[i] " runs)" : ""
        }
        printf "\n"
      }'
  done
  echo
  echo "## Pictures (first seed): held-out images and G(mu(x)) in pairs; samples G(z)"
  echo
  first="${SEEDS%% *}"
  for label in $(labels); do
    d="$label-seed$first/run"
    [ -f "$OUT/$d/reconstructions.png" ] || continue
    echo "- $label: ![reconstructions]($d/reconstructions.png) ![samples]($d/samples.png) ![telemetry]($d/telemetry.png)"
  done
  echo
  echo "Setting: --arch $ARCH --epochs $EPOCHS --batch $BATCH ${TRAIN_OPTS:+$TRAIN_OPTS }--data $DATA," \
       "trained on its training split and evaluated on its held-out images; classifier $CLASSIFIER." \
       "ali-compute: ALI trained for GALI-4's compute (epochs scaled by the ratio of their images/s)."
} >"$OUT/summary.md"
cat "$OUT/summary.md"
