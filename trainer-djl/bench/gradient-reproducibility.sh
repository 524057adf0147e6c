#!/usr/bin/env bash
# Does the engine give the same training run twice in one process? Trains ResumeTest's tiny
# configuration RUNS times and prints every run that parts from the first, with the step and
# whether that step's forward values agreed. "churn" runs unrelated convolutions before each run
# and after every third step.
# Benchmark only (GradientReproducibility.java); docs/RESULTS.md has the numbers.
#
# Usage: trainer-djl/bench/gradient-reproducibility.sh RUNS [churn|quiet] [OUT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUNS="$1" MODE="${2:-churn}" OUT="${3:-$(mktemp -d)}"
"$ROOT/ali" --version >/dev/null # builds the jars when needed
CP="$ROOT/cli/target/ali4j-cli.jar:$ROOT/cli/target/lib/*"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$CP" "$HERE/GradientReproducibility.java"
# The build's tests run like this: oneDNN limited to AVX, PyTorch's two intra-op threads.
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX}" TORCH_CPP_LOG_LEVEL=ERROR
java -Dai.djl.offline=true -cp "$OUT/classes:$CP" dev.ali4j.trainer.train.GradientReproducibility "$RUNS" "$MODE"
