#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, then runs unit tests and the end-to-end tests
# on a real lab (root required for the lab; the lab is brought up once and torn down at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
results=$(mktemp /tmp/vipctl-test-results.XXXXXX.json)
set +e
npx vitest run --reporter=default --reporter=json --outputFile="$results" "$@"
rc=$?
set -e
node scripts/test-summary.js "$results" || true
rm -f "$results"
exit $rc
