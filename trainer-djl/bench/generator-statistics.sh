#!/usr/bin/env bash
# How the codes G's batch norm is measured on change its reconstructions and samples, for one
# trained run: prints the spread of the encoder's codes, then pixel MSE, label preservation and
# FID with G measured on mu(x) (generator.onnx), on the prior (sampler.onnx), on mu + sigma * eps
# and on a half-and-half mix. Benchmark only (GeneratorStatistics.java); docs/RESULTS.md has the numbers.
#
# Usage: trainer-djl/bench/generator-statistics.sh RUN_DIR OUT_DIR [MODES] [DATA] [CLASSIFIER]
#   MODES [mu,prior,post,mix]  DATA [fashion-mnist]  CLASSIFIER [demo-out/classifier]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="$1" OUT="$2" MODES="${3:-mu,prior,post,mix}" DATA="${4:-fashion-mnist}" CLASSIFIER="${5:-demo-out/classifier}"
"$ROOT/ali" --version >/dev/null # builds the jars when needed
CP="$ROOT/cli/target/ali4j-cli.jar:$ROOT/cli/target/lib/*"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$CP" "$HERE/GeneratorStatistics.java"
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" TORCH_CPP_LOG_LEVEL=ERROR
java -Dai.djl.offline=true -cp "$OUT/classes:$CP" dev.ali4j.trainer.train.GeneratorStatistics \
  "$RUN" "$OUT" "$MODES" "$DATA" "$CLASSIFIER"
