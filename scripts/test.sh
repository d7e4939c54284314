#!/usr/bin/env bash
# Runs every check on a fresh clone: installs what is missing, then lint, type check and all tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Tests start their own servers, so an outside TEMPORAL_ADDRESS must not skip the CLI.
env -u TEMPORAL_ADDRESS bash scripts/setup-tools.sh --test-server --chromium --schemathesis

echo "== lint"
npx eslint .
npx prettier --check . --log-level warn
# The parts and the arrows allowed between them (.dependency-cruiser.cjs, docs/architecture.md).
npm run --silent lint:boundaries
# Copied code (.jscpd.json): no clone beyond those listed in .jscpd-baseline.json, which only ever shrinks.
npm run --silent lint:duplicates
echo "== type check"
npx tsc --noEmit
# One command a line: under set -e a failure on the left of && does not stop the script.
npx tsc --noEmit -p ui/tsconfig.json
npx tsc --noEmit -p tests/ui/tsconfig.json
echo "== tests"
# The browser tests drive the built UI.
npx vite build ui --logLevel warn
# Two workers: the suite's Temporal servers and workers fit two cores. The JSON results feed the closing count.
RESULTS_DIR="$ROOT/test-artifacts/results"
rm -rf "$RESULTS_DIR" && mkdir -p "$RESULTS_DIR"
# A failing test must not stop the script before the closing line: the count says what failed; Jest's status (also
# for a crash that counted nothing) is the command's.
jest_status=0
npx jest --maxWorkers=2 --json --outputFile="$RESULTS_DIR/jest.json" "$@" || jest_status=$?

# The production profile (Temporal on PostgreSQL, ~1.5 min) runs when its Temporal server build is cached: a cold Go
# build takes 5-25 minutes, too long for this suite. SMOKE_POSTGRES=1 builds and runs it, SMOKE_POSTGRES=0 skips it.
if [ $# -eq 0 ] && [ "${SMOKE_POSTGRES:-}" != 0 ]; then
  if [ "${SMOKE_POSTGRES:-}" = 1 ] || bash scripts/setup-postgres-profile.sh --check; then
    echo "== production profile smoke (PostgreSQL)"
    SMOKE_JEST_JSON="$RESULTS_DIR/smoke-postgres.json" bash scripts/smoke-postgres.sh
  else
    echo "== production profile smoke skipped: its Temporal server is not built yet (SMOKE_POSTGRES=1 builds it)"
  fi
fi

# One plain closing line over every runner above, for CI and for people reading the end of the log.
node scripts/count-test-results.js "$RESULTS_DIR" && exit "$jest_status"
