#!/usr/bin/env bash
# Installs everything vipctl and its lab need on a Debian 12 controller, idempotently:
# Debian packages (lab tools, keepalived for local `keepalived -t`, apt-cacher-ng for the lab's proxy)
# and the npm packages, then builds the CLI. Daemons from these packages are NOT started:
# the lab starts its own proxy bound to the lab bridge only.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(debootstrap systemd-container apt-cacher-ng keepalived ipset tcpdump iptables nftables
      openssh-client openssh-server iproute2 iputils-ping procps psmisc util-linux ca-certificates
      zsh chromium-headless-shell libxml2-utils)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; fi
  echo "install-deps: installing Debian packages: ${missing[*]}"
  # policy-rc.d 101 keeps postinst scripts from starting keepalived / apt-cacher-ng on this machine.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  trap '[[ $created_policy == 1 ]] && rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes # no "delaying package configuration" noise
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/check-node.sh

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "install-deps: building"
npm run --silent build
