#!/usr/bin/env bash
# Builds the benchmarks jar and runs ProcessGuard's foundation benchmarks with short settings.
# Results: target/jmh-result.json (JMH JSON) and target/jmh-result.txt (full log); the summary
# table is printed at the end. Extra arguments go to JMH, e.g. a regex: ./run-benchmarks.sh Snapshot
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
mvn -B -q -pl processguard-benchmarks -am package -DskipTests
out="$here/target"
java -jar "$out/benchmarks.jar" \
  -f 1 -wi 2 -w 1s -i 3 -r 1s \
  -prof gc \
  -rf json -rff "$out/jmh-result.json" \
  "$@" | tee "$out/jmh-result.txt" >/dev/null
echo
sed -n '/^Benchmark /,$p' "$out/jmh-result.txt" \
  | grep -E '^Benchmark |·gc\.alloc\.rate\.norm|avgt' \
  | grep -vE 'gc\.(alloc\.rate |count|time)' 
