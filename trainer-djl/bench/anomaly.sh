#!/usr/bin/env bash
# The one-class anomaly benchmark on Fashion-MNIST (issue "Anomaly scores"): for each class c,
# train on the 6,000 training images of class c only, score all 10,000 test images with every
# anomaly score, and report each score's AUROC (anomaly = label other than c) beside the PCA
# floor (reconstruction error after projecting on 64 principal components fitted on class c),
# computed in Java in the same run. Writes OUT/summary.md (the table), OUT/class-C/roc.png (ROC
# curves), OUT/class-C/result.json, and each class's run and bundle.
#
# Usage: trainer-djl/bench/anomaly.sh [OUT]       (default OUT: runs/anomaly)
# Environment, each passed on only when set (the defaults are ./ali bench anomaly's, see its --help):
#   CLASSES (e.g. "1,7,9")  OBJECTIVE  LAMBDA  ARCH  EPOCHS  BATCH  SEED
# The defaults (ALICE lambda 6, gray28-small, 15 epochs of batch 100, seed 1) take 65 minutes
# on a developer's 2 cores; EPOCHS=20 takes 81, EPOCHS=10 35 (docs/RESULTS.md has the timings and tables).
# Classes already done are kept: a stopped benchmark continues where it was.
# Needs Debian's dataset-fashion-mnist.
set -euo pipefail

ALI_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ALI="${ALI:-$ALI_HOME/ali}"
OUT="$(realpath -m "${1:-runs/anomaly}")"

args=(bench anomaly --data fashion-mnist --out "$OUT")
for pair in CLASSES:--classes OBJECTIVE:--objective LAMBDA:--lambda ARCH:--arch EPOCHS:--epochs \
    BATCH:--batch SEED:--seed; do
  name="${pair%%:*}"
  if [ -n "${!name:-}" ]; then
    args+=("${pair#*:}" "${!name}")
  fi
done
"$ALI" "${args[@]}"
