#!/usr/bin/env bash
# Runs one of bench/'s benchmarks with the project's JVM flags and class path:
#   scripts/bench.sh ProfileThroughputBench 10000000 20 true 3
#   scripts/bench.sh -Xmx4g ProfileThroughputBench 1000000 1000 false 1
# The class is found under bench/src/main/java (simple name); JVM options (-X…, -D…) may come first.
# Figures and the commands that produced them: docs/benchmarks.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
jvm=(-Xmx3g)
while [ $# -gt 0 ] && [[ "$1" == -* ]]; do jvm+=("$1"); shift; done
[ $# -ge 1 ] || { echo "usage: $0 [JVM options] BenchClass [arguments]" >&2; exit 2; }
source=$(find bench/src/main/java -name "$1.java" | head -1)
[ -n "$source" ] || { echo "bench: no class $1 under bench/src/main/java" >&2; exit 2; }
class=$(echo "${source#bench/src/main/java/}" | sed 's/\.java$//; s#/#.#g')
shift
cp_file=bench/target/bench-classpath.txt
# compile common and bench from this checkout; the class path (bench module last in the reactor) is
# written once and again when a pom changes. Nothing is installed into ~/.m2.
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ] || [ bench/pom.xml -nt "$cp_file" ]; then
  # test-compile: the reactor hands train its test dependency on common's test classes only from that phase on
  ./mvnw -B -ntp -q -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile="$ROOT/$cp_file" >&2
else
  ./mvnw -B -ntp -q -o -pl bench -am compile >&2
fi
opens=$(sed -n 's:.*<aurora.jvm.opens>\(.*\)</aurora.jvm.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java "${jvm[@]}" $opens -Dspark.driver.host=127.0.0.1 -cp "bench/target/classes:common/target/classes:$(cat "$cp_file")" "$class" "$@"
