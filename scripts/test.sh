#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, then runs the unit tests and after them the
# end-to-end tests on a real lab (root required; the lab is brought up once and torn down at the end).
# The two run one after the other so unit tests that make throwaway namespaces never overlap the lab checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
results=$(mktemp -d /tmp/vipctl-test-results.XXXXXX)
rc=0
for project in unit e2e; do
  echo "== $project tests"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$results/$project.json" "$@" || rc=1
done
node scripts/test-summary.js "$results"/*.json || true
rm -rf "$results"
exit $rc
