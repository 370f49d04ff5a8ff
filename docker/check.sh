#!/usr/bin/env bash
# Offline checks of the deployment files in docker/.
#
#   docker/check.sh install   npm ci in docker/firestore and docker/test (needs the npm registry)
#   docker/check.sh check     the checks only: no network beyond 127.0.0.1 (runs in `unshare -n`)
#   docker/check.sh           both: install when node_modules is missing or stale, then check
#
# Needs: node + npm (20+), kubectl (kustomize built in), terraform, gcloud with the
# cloud-firestore-emulator component (and a JRE for it), java 17+ (source launcher).
# Exits non-zero when a check fails; the last line reads "N passed, M failed[, K skipped]".
set -uo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$DIR")
MODE=${1:-all}
NPM_DIRS=(firestore test)
GOOGLE_PROVIDER=registry.terraform.io/hashicorp/google/6.50.0/linux_amd64

passed=0
failed=0
skipped=0
failures=()

log() { printf '%s\n' "$*"; }

pass() { passed=$((passed + 1)); log "PASS $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); log "FAIL $1"; }
skip() { skipped=$((skipped + 1)); log "SKIP $1: $2"; }

# Runs a command as one check; its output is shown only when it fails.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    pass "$name"
  else
    log "$out"
    fail "$name"
  fi
}

needs_install() {
  local d=$DIR/$1
  [ ! -d "$d/node_modules" ] && return 0
  [ ! -f "$d/node_modules/.package-lock.json" ] && return 0
  [ "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ] && return 0
  return 1
}

install() {
  local d
  for d in "${NPM_DIRS[@]}"; do
    if needs_install "$d"; then
      log "npm ci in docker/$d"
      (cd "$DIR/$d" && npm ci --no-audit --no-fund) || { log "npm ci failed in docker/$d"; return 1; }
    fi
  done
}

# Runs a node --test suite; its own counts go into the totals.
node_suite() {
  local name=$1 dir=$2 file=$3 out p f s
  if needs_install "$dir"; then
    fail "$name (docker/$dir/node_modules is missing or stale: run docker/check.sh install)"
    return
  fi
  out=$(cd "$DIR/$dir" && node --test --test-reporter=tap "$file" 2>&1)
  local rc=$?
  p=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p' | tail -1)
  f=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p' | tail -1)
  s=$(printf '%s\n' "$out" | sed -n 's/^# skipped \([0-9]*\)$/\1/p' | tail -1)
  p=${p:-0} f=${f:-0} s=${s:-0}
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
    printf '%s\n' "$out" | grep -E -A30 '^\s*not ok' | head -200
    [ "$f" -eq 0 ] && f=1 && [ "$p" -eq 0 ] && printf '%s\n' "$out" | tail -40
    failures+=("$name")
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  log "$name: $p passed, $f failed, $s skipped"
}

terraform_cli_config() {
  # A missing CLI config file only makes terraform warn: give it an empty one.
  if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$TF_CLI_CONFIG_FILE" ]; then
    printf '%s' "$TF_CLI_CONFIG_FILE"
  elif [ -z "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$HOME/.terraformrc" ]; then
    printf '%s' "$HOME/.terraformrc"
  else
    printf '%s' /dev/null
  fi
}

terraform_validate() {
  local plugin_dir="" d work
  for d in ${TF_PLUGIN_DIR:-} /opt/tf-plugins "$HOME/.terraform.d/plugins" ${TF_PLUGIN_CACHE_DIR:-}; do
    if [ -d "$d/$GOOGLE_PROVIDER" ]; then plugin_dir=$d; break; fi
  done
  if [ -z "$plugin_dir" ]; then
    skip "terraform validate" "provider $GOOGLE_PROVIDER is not cached on this machine (providers cannot be downloaded here)"
    return
  fi
  work=$(mktemp -d)
  cp -r "$DIR/terraform" "$work/terraform"
  mkdir -p "$work/firestore" && cp "$DIR/firestore/firestore.rules" "$work/firestore/"
  check "terraform validate" sh -c "cd '$work/terraform' && terraform init -backend=false -input=false -plugin-dir='$plugin_dir' >/dev/null && terraform validate -no-color"
  rm -rf "$work"
}

run_checks() {
  cd "$ROOT" || exit 2
  local tool
  for tool in node kubectl terraform gcloud java; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
  done

  check "kubectl kustomize docker/k8s/base" kubectl kustomize docker/k8s/base
  check "kubectl kustomize docker/k8s/overlays/production" kubectl kustomize docker/k8s/overlays/production
  TF_CLI_CONFIG_FILE=$(terraform_cli_config) check "terraform fmt -check -recursive docker/terraform" \
    terraform fmt -check -recursive -diff docker/terraform
  TF_CLI_CONFIG_FILE=$(terraform_cli_config) terraform_validate
  check "sh -n docker/micro/entrypoint.sh" sh -n docker/micro/entrypoint.sh

  node_suite "deployment consistency (docker/test)" test deployment.test.js
  node_suite "Firestore security rules on the emulator (docker/firestore)" firestore test/rules.test.js
}

case "$MODE" in
  install)
    install || exit 1
    log "installed"
    exit 0
    ;;
  check)
    run_checks
    ;;
  all)
    install || fail "npm ci"
    run_checks
    ;;
  *)
    log "usage: $0 [install|check|all]"
    exit 2
    ;;
esac

if [ "${#failures[@]}" -gt 0 ]; then
  log "failed: ${failures[*]}"
fi
if [ "$skipped" -gt 0 ]; then
  log "$passed passed, $failed failed, $skipped skipped"
else
  log "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
