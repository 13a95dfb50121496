#!/usr/bin/env bash
# Runs one of Switchboard's benchmarks at full scale (BENCHMARKS.md lists each result and its command).
#   bench/bench.sh fanout        JMH: broadcast to 1,000 recipients, shipped Broadcaster vs a sequential loop
#   bench/bench.sh sharded-fanout  a room of 100,000: inline vs the sharded fan-out with 1, 2, 4 consumers
#   bench/bench.sh data-access   read units to find a 100-member room among 100,000 connections: Query vs Scan
#   bench/bench.sh cold-start    fresh JVM to the first handled $connect (shaded handler jar) vs an empty JVM, then
#                                side by side with the Node sample's onconnect (bench/peers/onconnect); --cds adds AppCDS
#   bench/bench.sh cold-start-breakdown  where the Java cold start goes: phases, classes loaded per library; --cds too
#   bench/bench.sh memory-size   each route's handler as one Lambda instance per memory size, CPU held to Lambda's
#                                share by a cgroup CFS quota (needs root): durations, peak RSS, the size to choose
#                                with the cost model's network wait per route added
#   bench/bench.sh handler-cpu   JMH: CPU per invocation of each route's handler against canned DynamoDB/@connections
#   bench/bench.sh load          load driver: the local API vs serverless-offline (bench/peers)
#   bench/bench.sh synth         warm `cdk synth` per environment (CDK CLI) and the Pulumi program under mocks
#   bench/bench.sh devloop DIR   a generated project (README, "Build your own app"): mvn switchboard:dev warm start to
#                                its banner, and edit-to-live of its handler with clients connected (median of 5)
#   bench/bench.sh faults        200 clients on the local API at 0, 5 and 20 % injected faults, invariants checked;
#                                --sharded sends through the sharded fan-out (SQS consumers) under the same faults
#   bench/bench.sh soak          2,000 connections, 10 % reconnecting each minute, 30 min: memory, FDs, table flat?
# Extra arguments go to the benchmark (for JMH: e.g. -p recipients=100 -i 2).
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # the load driver holds 10,000 sockets
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
  sharded-fanout)
    # one message to a room of 100,000 behind a 20 ms management API: inline vs sharded with 1, 2, 4 consumers
    exec java -cp "$cp" dev.switchboard.bench.fanout.ShardedFanOutBenchmark "$@" ;;
  data-access)
    exec java -cp "$cp" dev.switchboard.bench.data.DataAccessBenchmark "$@" ;;
  cold-start)
    exec java -cp "$cp" dev.switchboard.bench.coldstart.ColdStartBenchmark "$@" ;;
  cold-start-breakdown)
    exec java -cp "$cp" dev.switchboard.bench.coldstart.InitBreakdown "$@" ;;
  handler-cpu)
    # cpu.handler (µs of CPU per invocation on the handler's threads: canned servers, JIT and GC left out) and
    # gc.alloc.rate.norm (bytes per invocation); -p route=send for the send alone
    exec java -cp "$cp" org.openjdk.jmh.Main HandlerCpuBenchmark -prof gc \
      -prof dev.switchboard.bench.cpu.HandlerCpuProfiler -rf json -rff "$bench/target/results/handler-cpu.json" "$@" ;;
  memory-size)
    # options: --routes connect,send --sizes 128,1024 --invocations 200 --warmup 20 --period-us 100000 --timeout-s 600
    exec java -cp "$cp" dev.switchboard.bench.memsize.MemorySizeBenchmark "$@" ;;
  load)
    exec java -cp "$cp" dev.switchboard.bench.load.LoadComparison "$@" ;;
  devloop)
    # the plugin and the archetype too, into the repository the project's nested Maven reads
    (cd "$root" && mvn -q -B -DskipNpm -Dmaven.test.skip=true install >&2)
    exec java -cp "$cp" dev.switchboard.bench.devloop.DevLoopBenchmark "$@" ;;
  synth)
    # Warm `cdk synth` per environment through the CDK CLI (cdk.json's app), after one unmeasured synth; then the
    # Pulumi program under mocks, each environment several times in one JVM. Extra argument: runs (default 3).
    runs="${1:-3}"
    export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_DEPRECATED=quiet
    cd "$root"
    mvn -q -B -DskipNpm -pl cdk,pulumi -am package -DskipTests >&2
    out="$bench/target/synth"
    mkdir -p "$out"
    ./node_modules/.bin/cdk synth -c env=dev -q -o "$out/cdk.out-warmup" >/dev/null
    for env in dev staging prod; do
      all=""
      for i in $(seq 1 "$runs"); do
        t0=$(date +%s%N)
        ./node_modules/.bin/cdk synth -c env="$env" -q -o "$out/cdk.out-$env" >/dev/null
        all="$all $(( ($(date +%s%N) - t0) / 1000000 ))"
      done
      median=$(echo $all | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      echo "CDK env=$env warmMedianMs=$median all=[${all# }] stacks=$(ls "$out/cdk.out-$env"/*.template.json | wc -l)"
    done
    exec java -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -cp pulumi/target/switchboard-pulumi.jar \
      "$bench/synth/PulumiMockRun.java" --runs "$runs" dev staging prod ;;
  faults)
    # the fault matrix (docs/faults.md); extra arguments: --connections N --rates 0,0.05,0.2 --seed S --sharded
    exec java -Dswitchboard.root="$root" -cp "$cp" dev.switchboard.faults.FaultMatrix "$@" ;;
  soak)
    # the local API, then the Worker in workerd; extra arguments: --connections 2000 --reconnect-share 0.1
    # --minutes 30 --sample-seconds 30 --only local|cloudflare (SoakOptions lists the rest)
    exec java -Dswitchboard.root="$root" -cp "$cp" dev.switchboard.bench.load.SoakBenchmark "$@" ;;
  *)
    sed -n '2,/^# Extra/p' "$0" >&2
    exit 2 ;;
esac
