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
echo "== type check"
npx tsc --noEmit
npx tsc --noEmit -p ui/tsconfig.json && npx tsc --noEmit -p tests/ui/tsconfig.json
echo "== tests"
# The browser tests drive the built UI.
npx vite build ui --logLevel warn
# Two workers: the suite's Temporal servers and workers fit two cores.
npx jest --maxWorkers=2 "$@"
