#!/usr/bin/env bash
# The benchmarks' smoke checks: every benchmark at a tenth of its scale (bench/src/test/**/*SmokeTest.java), the load
# comparison included, which installs serverless-offline from bench/peers on first use (and the cold start its Node
# peer, bench/peers/onconnect); the memory-size smoke test needs a writable cgroup v1 cpu controller (root) and is
# skipped, saying so, without one. It also runs the full scale of checks the README's test command makes smaller
# (local's BroadcastAtScaleSmokeTest, 1,000 members; cdk's CfnLintStagingSmokeTest, the environment its lint leaves
# out, and CliSynthParitySmokeTest, the CDK CLI's synth against main's; the 100-client fault suite in
# FaultMatrixSmokeTest). Not part of the README's test
# command (`mvn -B verify`); .ci/run runs this after it. Extra arguments go to Maven (e.g. -Dtest=FanOutBenchmarkSmokeTest).
# It builds within the reactor (-am) and runs only the *SmokeTest classes of bench, cdk and the modules they depend on
# (local and cdk exclude theirs from the test command: -Dtest overrides a surefire exclude).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -DskipNpm -Pbench-smoke -pl bench,cdk -am verify \
  -Dtest='*SmokeTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
