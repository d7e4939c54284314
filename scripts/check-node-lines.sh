#!/usr/bin/env bash
# Checks that the production build runs on the current Node LTS lines (issue 22 point 7): for each line, Node's
# binary from the npm registry's `node` package (npx caches it), then the production-build test's start: the built API
# and worker under that node after `npm ci --omit=dev`, serving the UI and a case, stopping on SIGTERM, and with
# OTLP configured sending the spans made inside workflows.
#
#   scripts/check-node-lines.sh [LINE ...]     (default: 22 24)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(22 24)
for line in "${lines[@]}"; do
  bin="$(npx -y -p "node@$line" -- node -p process.execPath)"
  echo "Node $line: $("$bin" --version) ($bin)"
  PRODUCTION_NODE="$bin" npx jest tests/faults/production-build.test.ts --runInBand -t 'starts with plain node|runs the traced bundle'
done
