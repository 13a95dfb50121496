#!/usr/bin/env bash
# The benchmarks' smoke checks: every benchmark at a tenth of its scale (bench/src/test/**/*SmokeTest.java), the load
# comparison included, which installs serverless-offline from bench/peers on first use (and the cold start its Node
# peer, bench/peers/onconnect); the memory-size smoke test needs a writable cgroup v1 cpu controller (root) and is
# skipped, saying so, without one. Not part of the README's test
# command (`mvn -B verify`); .ci/run runs this after it. Extra arguments go to Maven (e.g. -Dtest=FanOutBenchmarkSmokeTest).
# It builds within the reactor (-am) and runs no test of the modules bench depends on.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -DskipNpm -Pbench-smoke -pl bench -am verify \
  -Dtest='*SmokeTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
