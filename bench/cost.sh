#!/usr/bin/env bash
# switchboard cost: estimates a month of a deployment of the reference blueprint (see docs/cost.md).
#   bench/cost.sh --daily-users 50000 --messages-per-user 100 --minutes-per-user 30 --fanout 10 [--json]
# Builds the bench module on first use and when its sources or the blueprint changed; exit code 2 on unusable input.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
cp_file="$bench/target/cost.classpath"
if [ ! -f "$bench/target/classes/dev/switchboard/bench/cost/CostCommand.class" ] || [ ! -s "$cp_file" ] \
   || [ -n "$(find "$root/pom.xml" "$root/blueprint/src/main" "$bench/pom.xml" "$bench/src/main" -newer "$cp_file" \
         -print -quit 2>/dev/null)" ]; then
  (cd "$root" && mvn -q -B -DskipNpm -pl bench -am install -DskipTests >&2 \
    && mvn -q -B -DskipNpm -pl bench dependency:build-classpath -Dmdep.includeScope=runtime \
         -Dmdep.outputFile=target/cost.classpath >&2)
fi
exec java -cp "$bench/target/classes:$(cat "$cp_file")" dev.switchboard.bench.cost.CostCommand "$@"
