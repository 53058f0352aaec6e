#!/usr/bin/env bash
# Runs a command while holding the lab lock (the one the e2e suite takes), so ad-hoc lab work, benchmarks
# and test runs never reshape each other's lab. Usage: scripts/with-lab-lock.sh CMD ARGS...
set -euo pipefail
LOCK=/run/vipctl-e2e.lock
said=0
until mkdir "$LOCK" 2>/dev/null; do
  holder=$(cat "$LOCK/pid" 2>/dev/null || true)
  if [[ -n $holder ]] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$LOCK"; continue; fi
  [[ $said == 1 ]] || { echo "with-lab-lock: waiting for PID ${holder:-?}" >&2; said=1; }
  sleep 1
done
echo $$ >"$LOCK/pid"
trap 'rm -rf "$LOCK"' EXIT
"$@"
