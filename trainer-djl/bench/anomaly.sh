#!/usr/bin/env bash
# The one-class anomaly benchmark on Fashion-MNIST (issue "Anomaly scores"): for each class c,
# train on the 6,000 training images of class c only, score all 10,000 test images with every
# anomaly score, and report each score's AUROC (anomaly = label other than c) beside the PCA
# floor (reconstruction error after projecting on 64 principal components fitted on class c),
# computed in Java in the same run. Writes OUT/summary.md (the table), OUT/class-C/roc.png (ROC
# curves), OUT/class-C/result.json, and each class's run and bundle.
#
# Usage: trainer-djl/bench/anomaly.sh [OUT]       (default OUT: runs/anomaly)
# Environment (defaults in brackets):
#   CLASSES ["0,1,2,3,4,5,6,7,8,9"]  OBJECTIVE [alice]  LAMBDA [preset's]  ARCH [gray28-small]
#   EPOCHS [10]  BATCH [100]  SEED [1]
# The defaults fit a developer's 2 cores in about an hour (docs/RESULTS.md has the timing).
# Classes already done are kept: a stopped benchmark continues where it was.
# Needs Debian's dataset-fashion-mnist.
set -euo pipefail

ALI_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ALI="${ALI:-$ALI_HOME/ali}"
OUT="$(realpath -m "${1:-runs/anomaly}")"

args=(bench anomaly --data fashion-mnist --out "$OUT"
  --classes "${CLASSES:-0,1,2,3,4,5,6,7,8,9}"
  --objective "${OBJECTIVE:-alice}" --arch "${ARCH:-gray28-small}"
  --epochs "${EPOCHS:-10}" --batch "${BATCH:-100}" --seed "${SEED:-1}")
if [ -n "${LAMBDA:-}" ]; then
  args+=(--lambda "$LAMBDA")
fi
"$ALI" "${args[@]}"
