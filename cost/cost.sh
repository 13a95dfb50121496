#!/usr/bin/env bash
# switchboard cost: estimates a month of a deployment of the reference blueprint (see docs/cost.md).
#   cost/cost.sh --daily-users 50000 --messages-per-user 100 --minutes-per-user 30 --fanout 10 [--json]
#                [--platform aws|cloudflare|azure|vercel | --compare]
# Builds the cost module (within the reactor, nothing installed) on first use and when its sources or the blueprint
# changed; exit code 2 on unusable input.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cost="$root/cost"
blueprint="$root/blueprint"
cp_file="$cost/target/classpath.txt"
if [ ! -f "$cost/target/classes/dev/switchboard/cost/CostCommand.class" ] || [ ! -f "$cp_file" ] \
   || [ ! -d "$blueprint/target/classes" ] \
   || [ -n "$(find "$root/pom.xml" "$blueprint/pom.xml" "$blueprint/src/main" "$cost/pom.xml" "$cost/src/main" \
         -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  (cd "$root" && mvn -q -B -DskipNpm -pl cost -am package -DskipTests >&2)
fi
# Within the reactor the blueprint is read from its target/classes, not from a jar in the local repository.
exec java -cp "$cost/target/classes:$blueprint/target/classes:$(cat "$cp_file")" dev.switchboard.cost.CostCommand "$@"
