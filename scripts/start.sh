#!/usr/bin/env bash
# Starts the whole app on this machine: Temporal dev server (SQLite under DATA_DIR, default data/), the worker and the
# API; their logs go to DATA_DIR too, appended to what earlier starts wrote and rotated by size (rotate_log below).
# Installs what is missing first. Ctrl-C stops everything. Set TEMPORAL_ADDRESS to use a running Temporal instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export DATA_DIR="${DATA_DIR:-$ROOT/data}"
mkdir -p "$DATA_DIR"

# Logs are kept across starts (what led up to an outage is in them) and rotated here, at start, once one passes
# LOG_ROTATE_MB (default 50): name.log -> name.log.1 -> … -> name.log.5, the oldest dropped.
rotate_log() {
  local log="$DATA_DIR/$1.log" limit=$((${LOG_ROTATE_MB:-50} * 1024 * 1024)) i
  [ -f "$log" ] && [ "$(stat -c %s "$log")" -ge "$limit" ] || return 0
  for i in 4 3 2 1; do [ -f "$log.$i" ] && mv -f "$log.$i" "$log.$((i + 1))"; done
  mv -f "$log" "$log.1"
}
for name in temporal worker api; do rotate_log "$name"; done

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
# Ctrl-C, SIGTERM or a child's exit: SIGTERM to every child (the API and worker drain for up to 10 s), wait for them,
# and SIGKILL whatever is still there after 12 s, so a stop never leaves a process behind.
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping…"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  local until=$((SECONDS + 12))
  while [ "$SECONDS" -lt "$until" ]; do
    alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    if [ "$alive" = 0 ]; then break; fi
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${records_embedded:-}" ]; then npx tsx records/cli.ts embedded-stop || true; fi
  exit 0
}
trap cleanup INT TERM EXIT

if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  mapfile -t sa_flags < <(npx tsx scripts/print-search-attributes.ts)
  .tools/bin/temporal server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$DATA_DIR/temporal.sqlite" --log-level error "${sa_flags[@]}" >>"$DATA_DIR/temporal.log" 2>&1 &
  pids+=($!)
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
  echo "Waiting for Temporal at $TEMPORAL_ADDRESS…"
  for _ in $(seq 1 120); do
    if .tools/bin/temporal operator namespace describe --address "$TEMPORAL_ADDRESS" default >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "Temporal failed to start; see $DATA_DIR/temporal.log" >&2; exit 1; fi
    sleep 0.5
  done
  # A temporal.sqlite made by an older version keeps the search attributes it was made with: add those the app
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

# The app's records (PostgreSQL): DATABASE_URL, else the embedded cluster under DATA_DIR/records-pg (Debian's
# PostgreSQL, initialised on first start). Migrations run here and again by each process at its start (a no-op then).
if [ -z "${DATABASE_URL:-}" ]; then
  echo "Starting the records database ($DATA_DIR/records-pg)…"
  DATABASE_URL="$(npx tsx records/cli.ts embedded-start | sed -n 's/^DATABASE_URL=//p')"
  export DATABASE_URL
  records_embedded=1
fi
npx tsx records/cli.ts migrate

# node itself, not npx: the pid kept is then the process that gets the signal (npx did not pass SIGTERM on).
node --import tsx worker/main.ts >>"$DATA_DIR/worker.log" 2>&1 &
pids+=($!)
PORT="$PORT" node --import tsx api/server.ts >>"$DATA_DIR/api.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/api/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

cat <<INFO

  Staff UI:     http://localhost:$PORT/
  App API:      http://localhost:$PORT/api   (health: /api/healthz)
  Temporal UI:  $TEMPORAL_UI
  Logs:         $DATA_DIR/{temporal,worker,api}.log

INFO
npx tsx scripts/demo-users.ts
echo
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
echo "A process exited; see the logs under $DATA_DIR." >&2
