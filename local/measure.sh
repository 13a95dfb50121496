#!/usr/bin/env bash
# Measures the local API on this machine, gateway and clients in separate JVMs over loopback:
#   connections held and connection rate (N connections, each with a real authorizer + $connect on dynalite),
#   round trip p50/p99 of a send in a 2-member room (delivery to the other member, and the sender's ack),
#   time of one broadcast to a 1,000-member room, and the gateway's peak RSS.
# Usage: local/measure.sh [connections=10000] [roundTrips=2000] [members=1000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-10000}"; RT="${2:-2000}"; MEMBERS="${3:-1000}"
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "fd limit: $(ulimit -n)"

cd "$ROOT"
mvn -q -B -DskipNpm -pl local -am package -DskipTests
mvn -q -B -DskipNpm -pl local test-compile
CP="$ROOT/local/target/classes:$(cat "$ROOT/local/target/classpath.txt")"
LOG="$ROOT/local/target/measure-gateway.log"

java -Xss512k -Dswitchboard.root="$ROOT" -cp "$CP" dev.switchboard.local.Main local --port 0 >"$LOG" 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q '^token: ' "$LOG" && break
  kill -0 $GW 2>/dev/null || { echo "gateway failed:"; cat "$LOG"; exit 1; }
  sleep 0.1
done
WS="$(grep '^websocket: ' "$LOG" | head -1 | cut -d' ' -f2)"
echo "gateway: $WS (pid $GW)"

java -Xmx3g -Xss512k -cp "$ROOT/local/target/test-classes:$CP" dev.switchboard.local.LoadDriver "$WS" "$N" "$RT" "$MEMBERS"

echo "gateway peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$GW/status), threads: $(ls /proc/$GW/task | wc -l)"
kill $GW; wait $GW 2>/dev/null || true
