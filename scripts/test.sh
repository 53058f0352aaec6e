#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, then runs the unit tests and after them the
# end-to-end tests on a real lab (root required; the lab is brought up once and torn down at the end).
# Unit tests run on the default node, then on the other supported majors (scripts/test-node-versions.sh).
# The two run one after the other so unit tests that make throwaway namespaces never overlap the lab checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
results=$(mktemp -d /tmp/vipctl-test-results.XXXXXX)
rc=0
echo "== unit tests on Node $(node --version)"
npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" "$@" || rc=1
# The same unit suite (with its CLI smoke) on the other supported Node majors (20, 22, 24): about 25 s each.
if [[ $# -eq 0 ]]; then
  current=$(node -p 'process.versions.node.split(".")[0]')
  others=()
  for major in 20 22 24; do [[ $major == "$current" ]] || others+=("$major"); done
  bash scripts/test-node-versions.sh --results "$results" "${others[@]}" || rc=1
fi
echo "== e2e tests"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile="$results/e2e.json" "$@" || rc=1
node scripts/test-summary.js "$results"/*.json || true
# test/RELIABILITY.md from this run: faults injected, hosts left broken, inputs tried, stack traces, secrets leaked
[[ $# -eq 0 ]] && { node scripts/reliability-report.js "$results"/*.json || true; }
rm -rf "$results"
exit $rc
