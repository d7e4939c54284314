#!/usr/bin/env bash
# Starts the whole app on this machine: Temporal dev server (SQLite under data/), the worker and the API.
# Installs what is missing first. Ctrl-C stops everything. Set TEMPORAL_ADDRESS to use a running Temporal instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
mkdir -p data

# Dependencies: npm ci when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/setup-tools.sh
# The staff UI, served by the API from ui/dist: rebuilt when a source file is newer than the build.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.mts -newer ui/dist/index.html -print -quit)" ]; then
  echo "Building the UI…"
  npx vite build ui --logLevel warn
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping…"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${records_embedded:-}" ]; then npx tsx records/cli.ts embedded-stop || true; fi
  exit 0
}
trap cleanup INT TERM EXIT

if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  mapfile -t sa_flags < <(npx tsx scripts/print-search-attributes.ts)
  .tools/bin/temporal server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename data/temporal.sqlite --log-level error "${sa_flags[@]}" >data/temporal.log 2>&1 &
  pids+=($!)
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
  echo "Waiting for Temporal at $TEMPORAL_ADDRESS…"
  for _ in $(seq 1 120); do
    if .tools/bin/temporal operator namespace describe --address "$TEMPORAL_ADDRESS" default >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "Temporal failed to start; see data/temporal.log" >&2; exit 1; fi
    sleep 0.5
  done
  # A data/temporal.sqlite made by an older version keeps the search attributes it was made with: add those the app
  # has gained since (creating one that exists is a no-op).
  sa_create=()
  for pair in "${sa_flags[@]}"; do
    if [ "$pair" != "--search-attribute" ]; then sa_create+=(--name "${pair%%=*}" --type "${pair#*=}"); fi
  done
  .tools/bin/temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" "${sa_create[@]}" >/dev/null
  TEMPORAL_UI="http://localhost:$TEMPORAL_UI_PORT"
else
  TEMPORAL_UI="(your Temporal's own UI)"
fi

# The app's records (PostgreSQL): DATABASE_URL, else the embedded cluster under data/records-pg (Debian's PostgreSQL,
# initialised on first start). Migrations run here and again by each process at its start (a no-op then).
if [ -z "${DATABASE_URL:-}" ]; then
  echo "Starting the records database (data/records-pg)…"
  DATABASE_URL="$(npx tsx records/cli.ts embedded-start | sed -n 's/^DATABASE_URL=//p')"
  export DATABASE_URL
  records_embedded=1
fi
npx tsx records/cli.ts migrate

npx tsx worker/main.ts >data/worker.log 2>&1 &
pids+=($!)
PORT="$PORT" npx tsx api/server.ts >data/api.log 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/api/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

cat <<INFO

  Staff UI:     http://localhost:$PORT/
  App API:      http://localhost:$PORT/api   (health: /api/healthz)
  Temporal UI:  $TEMPORAL_UI
  Logs:         data/temporal.log, data/worker.log, data/api.log

INFO
npx tsx scripts/demo-users.ts
echo
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
echo "A process exited; see the logs under data/." >&2
