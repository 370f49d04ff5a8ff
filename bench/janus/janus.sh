#!/usr/bin/env bash
# Starts and stops Janus for the benchmark; sourced by bench/compare.sh (and usable by hand
# inside bench/netns.sh's namespace, after netns_setup):
#   janus_start tuned|defaults <log file>   starts janus in the background, waits for its
#                                           HTTP API, sets JANUS_PID
#   janus_stop                              stops it (TERM, then KILL after 10 s)
# "tuned" is bench/janus/janus.jcfg as is (two event loops); "defaults" is the same file
# without its event_loops line (Janus's default: one loop per handle).

JANUS_CONF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JANUS_URL=${JANUS_URL:-http://127.0.0.1:8088/janus}
JANUS_PID=

janus_start() {
  local variant=$1 log=$2 configs=$JANUS_CONF_DIR
  command -v janus >/dev/null || { echo "janus.sh: janus is not installed (apt-get install janus)" >&2; return 1; }
  case "$variant" in
    tuned) ;;
    defaults)
      configs=$(mktemp -d)
      cp "$JANUS_CONF_DIR"/*.jcfg "$configs"/
      sed -i '/^\s*event_loops\s*=/d' "$configs/janus.jcfg"
      ;;
    *) echo "janus.sh: variant must be tuned or defaults, not '$variant'" >&2; return 2 ;;
  esac
  janus -F "$configs" -C "$configs/janus.jcfg" -o >"$log" 2>&1 &
  JANUS_PID=$!
  local i
  for i in $(seq 1 100); do
    if ! kill -0 "$JANUS_PID" 2>/dev/null; then
      echo "janus.sh: janus exited at start; its log ($log):" >&2
      tail -20 "$log" >&2
      JANUS_PID=
      return 1
    fi
    if curl -sf -o /dev/null "$JANUS_URL/info"; then
      return 0
    fi
    sleep 0.1
  done
  echo "janus.sh: janus's HTTP API did not answer at $JANUS_URL in 10 s" >&2
  janus_stop
  return 1
}

janus_stop() {
  [ -n "$JANUS_PID" ] || return 0
  kill -TERM "$JANUS_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    kill -0 "$JANUS_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$JANUS_PID" 2>/dev/null || true
  wait "$JANUS_PID" 2>/dev/null || true
  JANUS_PID=
}
