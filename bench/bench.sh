#!/usr/bin/env bash
# Runs one of Switchboard's benchmarks at full scale (BENCHMARKS.md lists each result and its command).
#   bench/bench.sh fanout        JMH: broadcast to 1,000 recipients, shipped Broadcaster vs a sequential loop
#   bench/bench.sh data-access   read units to find a 100-member room among 100,000 connections: Query vs Scan
#   bench/bench.sh cold-start    fresh JVM to the first handled $connect (shaded handler jar) vs an empty JVM
#   bench/bench.sh load          load driver: the local API vs serverless-offline (bench/peers)
#   bench/bench.sh synth         warm cdk synth per environment and the Pulumi program under mocks
# Extra arguments go to the benchmark (for JMH: e.g. -p recipients=100 -i 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
cp_file="$bench/target/bench.classpath"
(cd "$root" && mvn -q -B -DskipNpm -pl bench -am install -DskipTests >&2 \
  && mvn -q -B -DskipNpm -pl bench dependency:build-classpath -Dmdep.includeScope=runtime \
       -Dmdep.outputFile=target/bench.classpath >&2)
cp="$bench/target/classes:$(cat "$cp_file")"
what="${1:-}"
shift || true
mkdir -p "$bench/target/results"
case "$what" in
  fanout)
    exec java -cp "$cp" org.openjdk.jmh.Main FanOutBenchmark -rf json -rff "$bench/target/results/fanout.json" "$@" ;;
  data-access)
    exec java -cp "$cp" dev.switchboard.bench.data.DataAccessBenchmark "$@" ;;
  cold-start)
    exec java -cp "$cp" dev.switchboard.bench.coldstart.ColdStartBenchmark "$@" ;;
  load)
    exec java -cp "$cp" dev.switchboard.bench.load.LoadComparison "$@" ;;
  synth)
    exec java -cp "$cp" dev.switchboard.bench.synth.SynthTiming "$@" ;;
  *)
    sed -n '2,8p' "$0" >&2
    exit 2 ;;
esac
