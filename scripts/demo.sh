#!/usr/bin/env bash
# The runbook end to end on a local lab of real hosts (root, Debian 12): installs what is missing, brings up two
# Debian 12 machines (lb-host-1 / lb-host-2 on 10.10.10.0/24), then runs vipctl as an operator would:
# install → configure → verify → failover-test → diagnose. The lab stays up afterwards (`vipctl lab down`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${VIPCTL_DEMO_LOCKED:-} ]]; then
  bash scripts/install-deps.sh
  # One lab at a time: wait for a test run or benchmark that is using it.
  VIPCTL_DEMO_LOCKED=1 exec bash scripts/with-lab-lock.sh bash "$0" "$@"
fi

vipctl() { ./bin/vipctl.js "$@"; }
# Bold step headers on a terminal only: a pipe or a log (`| tee demo.log`) gets plain text, as from vipctl.
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s==> vipctl %s%s\n' "$bold" "$*" "$plain"; }
INV=/var/lib/vipctl-lab/inventory.yaml

step lab up --hosts 2
vipctl lab up --hosts 2
step inventory lint -i "$INV"
vipctl inventory lint -i "$INV"
step install -i "$INV"
vipctl install -i "$INV"
step configure -i "$INV"
vipctl configure -i "$INV"
step verify cluster-lb -i "$INV" --wait 15
vipctl verify cluster-lb -i "$INV" --wait 15
step failover-test cluster-lb -i "$INV"
vipctl failover-test cluster-lb -i "$INV"
step diagnose lb-host-1 -i "$INV"
vipctl diagnose lb-host-1 -i "$INV"
step lab status
vipctl lab status
printf '\nThe lab is still up: try `./bin/vipctl.js lab ssh lb-host-1`; remove it with `./bin/vipctl.js lab down`.\n'
