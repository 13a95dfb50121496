#!/usr/bin/env bash
# Cold init of the reference handlers: fresh JVMs, each from start to the first handled $connect against dynalite
# (ConnectHandler built by its no-argument constructor from the process environment, as Lambda does), beside a plain
# JVM that does nothing. Also prints the shaded jar's size.
#
#   lambdas/cold-init.sh            # 5 runs each
#   RUNS=10 JAVA_OPTS="-XX:TieredStopAtLevel=1" lambdas/cold-init.sh
#
# Needs: the shaded jar and test classes (built here if missing), Node 20 and the root node_modules (dynalite).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
JAR="$ROOT/lambdas/target/switchboard-lambdas.jar"
TC="$ROOT/lambdas/target/test-classes"
if [[ ! -f "$JAR" || ! -f "$TC/dev/switchboard/lambdas/bench/ColdConnect.class" ]]; then
  (cd "$ROOT" && mvn -q -B -DskipNpm -pl lambdas -am package -DskipTests)
fi
FIXTURE_CP="$JAR:$ROOT/devkit/target/classes:$TC"
coproc FIX { exec java -Dswitchboard.root="$ROOT" -cp "$FIXTURE_CP" dev.switchboard.lambdas.bench.DynaliteFixture 2>/dev/null; }
read -r ENDPOINT TABLE <&"${FIX[0]}"
trap 'eval "exec ${FIX[1]}>&-"; wait' EXIT

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
echo "jar: $(stat -c %s "$JAR") bytes ($JAR)"
echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS=${JAVA_OPTS:-}"
for i in $(seq 1 "$RUNS"); do
  t=$(date +%s%N); java ${JAVA_OPTS:-} -cp "$JAR:$TC" dev.switchboard.lambdas.bench.Noop; plain=$(ms "$t")
  t=$(date +%s%N)
  probe=$(env TABLE_NAME="$TABLE" DYNAMODB_ENDPOINT="$ENDPOINT" SWITCHBOARD_REGION=us-east-1 \
      CALLBACK_URL=http://127.0.0.1:9/dev \
      java ${JAVA_OPTS:-} -cp "$JAR:$TC" dev.switchboard.lambdas.bench.ColdConnect 2>&1 >/dev/null | tail -1)
  cold=$(ms "$t")
  echo "run $i: plainJvmWallMs=$plain coldConnectWallMs=$cold $probe"
done
