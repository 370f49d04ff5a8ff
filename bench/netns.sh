#!/usr/bin/env bash
# The benchmark's network: sourced by bench/compare.sh and bench/janus/janus.sh, or run as
#   bench/netns.sh <command> [args...]
# to run a command in a fresh network namespace prepared like the benchmark's
# (`unshare -n` as root, `unshare -r -n` otherwise).
#
# netns_setup (inside a network namespace of our own) brings lo up and adds a veth pair
# fmjanus0/fmjanus1 whose ends carry 127.0.0.1/32 and no other address: Janus skips loopback
# interfaces when it gathers candidates, so it gathers 127.0.0.1 on fmjanus0
# (bench/janus/janus.jcfg's ice_enforce_list), which every client of the namespace reaches
# through lo. Both ends stay inside the namespace and it has no route out: no benchmark
# traffic can leave it. It refuses to touch a namespace that has any interface
# besides lo and its own veth (the host's namespace, for instance).

NETNS_VETH=fmjanus0
NETNS_VETH_PEER=fmjanus1

netns_setup() {
  local other
  other=$(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' \
    | grep -v -x -e lo -e "$NETNS_VETH" -e "$NETNS_VETH_PEER" || true)
  if [ -n "$other" ]; then
    echo "netns.sh: this network namespace has other interfaces ($(echo $other)); run inside 'unshare -n'" >&2
    return 1
  fi
  ip link set lo up
  if ! ip link show "$NETNS_VETH" >/dev/null 2>&1; then
    ip link add "$NETNS_VETH" type veth peer name "$NETNS_VETH_PEER"
  fi
  # Both ends up (Janus gathers only on a running interface), each with 127.0.0.1/32 and
  # nothing else, so the pair can reach no address outside this machine.
  ip link set "$NETNS_VETH_PEER" up
  ip link set "$NETNS_VETH" up
  ip addr replace 127.0.0.1/32 dev "$NETNS_VETH" scope global
  ip addr replace 127.0.0.1/32 dev "$NETNS_VETH_PEER" scope global
  # No IPv6 link-local addresses on the pair: the benchmark is IPv4 only.
  local dev
  for dev in "$NETNS_VETH" "$NETNS_VETH_PEER"; do
    echo 1 > "/proc/sys/net/ipv6/conf/$dev/disable_ipv6" 2>/dev/null || true
  done
}

# Removes the pair again (deleting one end deletes both), so that servers and browsers
# started later in the namespace see only lo, as elsewhere in the tests.
netns_teardown() {
  ip link del "$NETNS_VETH" 2>/dev/null || true
}

# Prints the namespace's interfaces and addresses (for the run's log).
netns_show() {
  ip -brief addr
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ "${1:-}" = "--inside" ]; then
    shift
    netns_setup
    exec "$@"
  fi
  [ $# -gt 0 ] || { echo "usage: bench/netns.sh <command> [args...]" >&2; exit 2; }
  if [ "$(id -u)" = 0 ]; then NS="unshare -n"; else NS="unshare -r -n"; fi
  exec $NS "$0" --inside "$@"
fi
