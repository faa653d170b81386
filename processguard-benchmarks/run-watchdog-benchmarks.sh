#!/usr/bin/env bash
# Runs the watchdog benchmarks with short settings (one fork, 2 x 1 s warm-up, 3 x 1 s
# measurement) and the bytes-per-deadline footprint. On a shared machine compare ratios within
# one run, not absolute figures across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl processguard-benchmarks -am -DskipTests -Djacoco.skip=true package
JAR=processguard-benchmarks/target/benchmarks.jar
java -jar "$JAR" 'HeartbeatBenchmark|JobDeadlineBenchmark' -f 1 -wi 2 -w 1s -i 3 -r 1s "$@"
java -Xms2g -Xmx2g -cp "$JAR" io.processguard.benchmarks.DeadlineFootprint
