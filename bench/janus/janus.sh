#!/usr/bin/env bash
# Janus for the benchmark. Sourced by bench/compare.sh, it provides compare.sh's server hooks
# for two servers: "janus" (bench/janus/janus.jcfg as is: two event loops, "tuned") and
# "janus_defaults" (the same file without its event_loops line: Janus's default, one loop per
# handle). Each is <name>_start LOG (adds bench/netns.sh's veth, starts janus, waits for its
# HTTP API, sets SERVER_PID and GEN_ARGS), <name>_stop (stops janus, removes the veth) and
# <name>_describe. Run compare.sh with e.g. SERVERS="ours janus janus_defaults".
#
# Lower-level, also usable by hand inside bench/netns.sh's namespace:
#   janus_launch tuned|defaults <log file>  starts janus in the background, waits for its
#                                           HTTP API, sets JANUS_PID
#   janus_halt                              stops it (TERM, then KILL after 10 s)
# Run directly, `bench/janus/janus.sh run tuned|defaults` becomes janus in the foreground
# (the loadtest module's tests start it so and stop it themselves).

JANUS_CONF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JANUS_URL=${JANUS_URL:-http://127.0.0.1:8088/janus}
JANUS_PID=
# shellcheck source=../netns.sh
source "$JANUS_CONF_DIR/../netns.sh"

# Prints the configs folder of a variant (for "defaults", a copy under $TMPDIR).
janus_configs() {
  case "$1" in
    tuned) echo "$JANUS_CONF_DIR" ;;
    defaults)
      local dir=${TMPDIR:-/tmp}/family-meeting-janus-defaults
      mkdir -p "$dir"
      cp "$JANUS_CONF_DIR"/*.jcfg "$dir"/
      sed -i '/^\s*event_loops\s*=/d' "$dir/janus.jcfg"
      echo "$dir"
      ;;
    *) echo "janus.sh: variant must be tuned or defaults, not '$1'" >&2; return 2 ;;
  esac
}

janus_check_installed() {
  command -v janus >/dev/null \
    || { echo "janus.sh: janus is not installed (apt-get install janus; bin/run-tests installs it)" >&2; return 1; }
}

janus_launch() {
  local variant=$1 log=$2 configs
  janus_check_installed || return 1
  configs=$(janus_configs "$variant") || return 2
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
  janus_halt
  return 1
}

janus_halt() {
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

# ---- bench/compare.sh's hooks

janus_serve() { # variant log
  netns_setup || return 1
  netns_show | sed 's/^/[janus] interface: /'
  if ! janus_launch "$1" "$2"; then
    netns_teardown
    return 1
  fi
  SERVER_PID=$JANUS_PID
  GEN_ARGS=(--server janus --janus-url "$JANUS_URL")
}

janus_end() {
  janus_halt
  netns_teardown
}

janus_version() {
  janus --version 2>/dev/null | sed -n 's/^Janus version: [0-9]* (\(.*\))/\1/p'
}

janus_start() { janus_serve tuned "$1"; }
janus_stop() { janus_end; }
janus_describe() {
  echo "Janus $(janus_version) (Debian package), VideoRoom over the HTTP API, event_loops = 2 (bench/janus/janus.jcfg), rooms without bitrate cap"
}

janus_defaults_start() { janus_serve defaults "$1"; }
janus_defaults_stop() { janus_end; }
janus_defaults_describe() {
  echo "Janus $(janus_version) (Debian package), VideoRoom over the HTTP API, Janus's default event loops (one per handle), rooms without bitrate cap"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ "${1:-}" != run ] || [ $# -ne 2 ]; then
    echo "usage: bench/janus/janus.sh run tuned|defaults" >&2
    exit 2
  fi
  janus_check_installed
  configs=$(janus_configs "$2")
  exec janus -F "$configs" -C "$configs/janus.jcfg" -o
fi
