#!/usr/bin/env bash
# Prints each ali4j artifact's dependency footprint: the jars a user downloads when they add it
# (its runtime dependencies, itself included), in MB. Needs a built tree (./mvnw -DskipTests install).
# Usage: build/footprint.sh          (README, "Modules" shows its output)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
printf '| artifact | jars | MB |\n| --- | --- | --- |\n'
for module in api runtime-onnx/core runtime-onnx/image runtime-onnx/server runtime-onnx/spark trainer-djl cli; do
  out="$module/target/footprint"
  rm -rf "$out"
  ./mvnw -o -q -B -Dstyle.color=never -pl "$module" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$(pwd)/$out" >/dev/null
  # The pom's second ali4j artifactId is the module's own (the first is the parent's).
  artifact="$(sed -n 's#.*<artifactId>\(ali4j-[a-z-]*\)</artifactId>.*#\1#p' "$module/pom.xml" | sed -n 2p)"
  # Its own jar: the newest one built (target may hold older ones under other names).
  cp "$(ls -t "$module"/target/"$artifact"*.jar | grep -v -- '-tests.jar' | head -1)" "$out"/
  jars="$(find "$out" -name '*.jar' | wc -l)"
  mb="$(du -cb "$out"/*.jar | tail -1 | awk '{printf "%.1f", $1 / 1048576}')"
  printf '| %s | %s | %s |\n' "$artifact" "$jars" "$mb"
done
