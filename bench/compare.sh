#!/usr/bin/env bash
# bench/compare.sh: SFUs side by side under the load generator (loadtest/, issue 14).
#
# Inside a loopback-only network namespace (it re-executes itself under `unshare -n`), for each
# server in $SERVERS: start it, run the generator for every step (1 presenter and N viewers for N
# in $STEPS, then $ROOMS_STEP, e.g. 10 rooms of 1 presenter + 20 viewers), each for $DURATION s
# of measurement once everyone joined, while the generator samples the server's CPU-seconds
# (/proc/PID/stat utime+stime), RSS and threads at the window's ends; then stop it. Every step's
# JSON goes to $OUT; bench/loadtest_report.py then rewrites the marked section of
# benchmarks/README.md (the table) and benchmarks/loadtest.svg (CPU per packet and loss against N).
#
# Build first (registries reachable): ./mvnw -B -pl loadtest -am package -DskipTests
#   then: bench/compare.sh                       all steps, 30 s each, ours and Janus (apt-get install janus)
#         STEPS="10 50" DURATION=10 bench/compare.sh
#
# A server is three shell functions: <name>_start LOG (starts it, waits until it serves, sets
# SERVER_PID and the generator's signaling arguments GEN_ARGS), <name>_stop, and <name>_describe
# (one line for the README). Ours is below; Janus's comes from bench/janus/janus.sh when present
# (it may also set up its veth there), and is run when SERVERS names it: "janus" with two event
# loops, "janus_defaults" with Janus's default loops (the default SERVERS runs ours and both).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${STEPS:-10 50 100 250 500 1000}"
ROOMS_STEP="${ROOMS_STEP-10x20}"        # ROOMSxVIEWERS, empty: none
DURATION="${DURATION:-30}"
SERVERS="${SERVERS:-ours janus janus_defaults}"
OUT="${OUT:-$ROOT/loadtest/target/bench}"
PAUSE="${PAUSE:-5}"                       # seconds between steps (leaves, consent timeouts)
# Joins: at most JOIN_RATE a second, JOIN_CONCURRENCY in flight. A burst of 16 at once made our
# server refuse DTLS handshakes ("executor rejected the DTLS handshake task") at N = 250.
JOIN_RATE="${JOIN_RATE:-20}"
JOIN_CONCURRENCY="${JOIN_CONCURRENCY:-4}"
CONNECT_TIMEOUT="${CONNECT_TIMEOUT:-60}"
JAR="$ROOT/loadtest/target/loadtest.jar"
DEPLOY="$ROOT/loadtest/target/deploy"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xmx2g}"

if [ -z "${COMPARE_IN_NAMESPACE:-}" ]; then
  exec unshare -n env COMPARE_IN_NAMESPACE=1 bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

for f in "$JAR" "$DEPLOY/payara-micro.jar" "$DEPLOY/media-ra.rar" "$DEPLOY/web-admin.war"; do
  [ -f "$f" ] || { echo "compare.sh: $f is missing; build: ./mvnw -B -pl loadtest -am verify -DskipITs" >&2; exit 2; }
done
mkdir -p "$OUT"

# ---- our server: Payara Micro with media-ra.rar + web-admin.war, embedded store, budgets raised

OURS_HTTP_PORT="${OURS_HTTP_PORT:-18080}"
OURS_MEDIA_PORT="${OURS_MEDIA_PORT:-10000}"
OURS_HEAP="${OURS_HEAP:-2g}"
ours_start() {
  local log="$1" work="$OUT/ours-server"
  rm -rf "$work"; mkdir -p "$work"
  printf '%s\n' \
    "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" \
    "set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1" \
    > "$work/preboot.asadmin"
  env ACCESS_MODE=open MEDIA_PORT="$OURS_MEDIA_PORT" MEDIA_BIND_ADDRESS=127.0.0.1 \
      MEDIA_ALLOWED_CANDIDATE_NETWORKS=127.0.0.0/8 \
      MEDIA_MAX_TRANSPORTS_PER_ADDRESS=5000 MEDIA_MAX_ROOM_PARTICIPANTS=5000 MEDIA_MAX_PARTICIPANTS=5000 \
      INSTANCE_ID=bench \
    java "-Xmx$OURS_HEAP" -jar "$DEPLOY/payara-micro.jar" --nohazelcast \
      --port "$OURS_HTTP_PORT" --sslport $((OURS_HTTP_PORT + 1)) --rootdir "$work/root" \
      --prebootcommandfile "$work/preboot.asadmin" \
      --deploy "$DEPLOY/media-ra.rar" --deploy "$DEPLOY/web-admin.war" > "$log" 2>&1 &
  SERVER_PID=$!
  local base="http://127.0.0.1:$OURS_HTTP_PORT"
  for _ in $(seq 1 720); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "Payara Micro exited; see $log" >&2; return 1; }
    if curl -sf -o /dev/null "$base/health/ready" && curl -sf -o /dev/null "$base/meeting/room.html"; then
      GEN_ARGS=(--server ours --base-url "$base")
      return 0
    fi
    sleep 1
  done
  echo "Payara Micro not ready within 720 s; see $log" >&2
  return 1
}
ours_stop() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
ours_describe() {
  echo "family-meeting $(git -C "$ROOT" rev-parse --short HEAD) on Payara Micro (embedded store, -Xmx$OURS_HEAP)"
}

# ---- a second server (Janus) plugs in here
if [ -f "$ROOT/bench/janus/janus.sh" ]; then
  # shellcheck source=/dev/null
  source "$ROOT/bench/janus/janus.sh"
fi

SERVER_PID=""
cleanup() { for s in $SERVERS; do if [ -n "$SERVER_PID" ] && declare -F "${s}_stop" >/dev/null; then "${s}_stop" || true; fi; done; }
trap cleanup EXIT

run_step() { # server label rooms viewers
  local server="$1" label="$2" rooms="$3" viewers="$4"
  echo "[compare] $server $label: $rooms room(s) x (1 presenter + $viewers viewers), ${DURATION}s"
  # shellcheck disable=SC2086
  java $GEN_JAVA_OPTS -jar "$JAR" "${GEN_ARGS[@]}" --rooms "$rooms" --viewers "$viewers" \
      --duration "$DURATION" --server-pid "$SERVER_PID" --join-concurrency "$JOIN_CONCURRENCY" \
      --join-rate "$JOIN_RATE" --connect-timeout "$CONNECT_TIMEOUT" \
      --room-prefix "$server-$label-" --json "$OUT/$server-$label.json" \
      2>>"$OUT/$server-$label.stderr" | grep '^\[loadtest\]' || echo "[compare] $server $label: the generator reported failures (see the JSON)"
  cut -d' ' -f1 /proc/loadavg > "$OUT/$server-$label.load"
  sleep "$PAUSE"
}

for server in $SERVERS; do
  declare -F "${server}_start" >/dev/null || { echo "compare.sh: no ${server}_start function" >&2; exit 2; }
  rm -f "$OUT/$server"-*.json "$OUT/$server"-*.stderr
  "${server}_describe" > "$OUT/$server.describe"
  "${server}_start" "$OUT/$server-server.log"
  for n in $STEPS; do
    run_step "$server" "n$n" 1 "$n"
  done
  if [ -n "$ROOMS_STEP" ]; then
    run_step "$server" "rooms${ROOMS_STEP}" "${ROOMS_STEP%x*}" "${ROOMS_STEP#*x}"
  fi
  "${server}_stop"
  SERVER_PID=""
done

python3 "$ROOT/bench/loadtest_report.py" --out "$OUT" --servers "$SERVERS" --duration "$DURATION" \
    --readme "$ROOT/benchmarks/README.md" --svg "$ROOT/benchmarks/loadtest.svg"
