#!/usr/bin/env bash
# What the benchmarks need beyond the project's own set-up: Ansible (Debian's ansible-core) for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dpkg -s ansible-core >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null; }
