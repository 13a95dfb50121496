#!/usr/bin/env bash
# Warm `cdk synth -c env=<env>` time with CloudFormation validation on, Maven excluded.
# Builds once with Maven (not timed), runs one warm-up synth, then times N synths through the CDK CLI with
# cdk.json's app replaced by the plain `java` command it ends with (same JVM flags).
# Usage: cdk/bin/synth-time.sh [env] [runs]     (default: prod 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
ENV_NAME="${1:-prod}"
RUNS="${2:-3}"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_DEPRECATED=quiet
unset CDK_VALIDATION
# as in cdk.json's app: a larger young generation for the jsii node process (fewer scavenges during synth)
export NODE_OPTIONS="${NODE_OPTIONS:-} --max-semi-space-size=64"
mvn -q -B -DskipNpm -pl cdk -am package -DskipTests
APP="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.io.tmpdir=cdk/target -cp cdk/target/classes:$(cat cdk/target/classpath.txt) dev.switchboard.cdk.SwitchboardApp"
OUT=cdk/target/cdk.out-timing
npx cdk synth -c "env=$ENV_NAME" -q --app "$APP" -o "$OUT" >/dev/null
# wall time, and the CPU time of the CLI, the JVM and the jsii node process together (steadier on a shared machine)
TIMEFORMAT="%R s wall, %U s user + %S s sys CPU"
for i in $(seq 1 "$RUNS"); do
  echo -n "run $i: cdk synth -c env=$ENV_NAME (validation on): "
  { time npx cdk synth -c "env=$ENV_NAME" -q --app "$APP" -o "$OUT" >/dev/null 2>&1; } 2>&1
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
test -f "$OUT/validation-report.json" && echo "validation report: $OUT/validation-report.json"
