#!/usr/bin/env bash
# The production profile, end to end on this machine (npm run smoke:postgres):
#   a throwaway PostgreSQL cluster -> Temporal's schemas (temporal-sql-tool, postgres12) -> the Temporal server
#   (config/temporal-postgres/) with the app's search attributes -> 2 workers + 2 API processes
#   -> the perimeter and complaint flows over HTTP (tests/postgres/) -> everything stopped and removed.
# Ports are free ones; nothing is left running. KEEP=1 keeps the temp directory (logs) for a look afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)
say() { echo "smoke-postgres: [$(($(date +%s) - started))s] $*" >&2; }

PG_BIN="$(bash scripts/setup-postgres-profile.sh | sed -n 's/^PG_BIN=//p')"
[ -x "$PG_BIN/postgres" ] || {
  echo "smoke-postgres: no postgres in '$PG_BIN'" >&2
  exit 1
}
BIN="$ROOT/.tools/bin"
SCHEMA="$ROOT/.tools/temporal-schema/postgresql/v12"

TMP="$(mktemp -d /tmp/procwf-pg-smoke.XXXXXX)"
chmod 755 "$TMP"
pids=()
cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do kill -TERM "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "-$pid" 2>/dev/null || true
  done
  [ -f "$TMP/pg/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ "$code" -ne 0 ]; then
    for log in "$TMP"/*.log; do
      [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)" >&2; tail -n 40 "$log" >&2; }
    done
  fi
  if [ -n "${KEEP:-}" ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  say "stopped everything (exit $code)"
  exit "$code"
}
trap cleanup EXIT INT TERM

# PostgreSQL refuses to run as root: run it as the `postgres` user (Debian's package creates it) when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# N free TCP ports on 127.0.0.1, one per line (held together so they differ).
free_ports() {
  node -e '
    const net = require("node:net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((r) => s.listen(0, "127.0.0.1", () => r(s.address().port)))))
      .then((ports) => { console.log(ports.join("\n")); servers.forEach((s) => s.close()); });' "$1"
}
# Starts a command in its own process group, output to $TMP/<name>.log; remembers it for cleanup.
start() {
  local name="$1"
  shift
  setsid "$@" >"$TMP/$name.log" 2>&1 &
  pids+=("$!")
}
wait_for() {
  local what="$1" tries="$2"
  shift 2
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || {
      say "a process died while waiting for $what"
      return 1
    }; done
    sleep 0.5
  done
  say "timed out waiting for $what"
  return 1
}

mapfile -t P < <(free_ports 12)
PG_PORT=${P[0]}
export TEMPORAL_FRONTEND_PORT=${P[1]} TEMPORAL_FRONTEND_HTTP_PORT=${P[2]} TEMPORAL_HISTORY_PORT=${P[3]}
export TEMPORAL_MATCHING_PORT=${P[4]} TEMPORAL_WORKER_PORT=${P[5]}
API_PORTS=("${P[6]}" "${P[7]}")
# Membership ports: four consecutive free ports below 32768 (the cluster_membership table stores them as smallint).
base=$((${P[8]} % 10000 + 21000))
while ! node -e '
  const net = require("node:net"); const b = Number(process.argv[1]);
  Promise.all([0, 1, 2, 3].map((i) => new Promise((ok, no) => { const s = net.createServer();
    s.once("error", no); s.listen(b + i, "127.0.0.1", () => s.close(ok)); }))).then(() => process.exit(0), () => process.exit(1));' "$base"; do
  base=$((base + 4))
done
export TEMPORAL_MEMBERSHIP_PORT_BASE=$base

# 1. PostgreSQL: a new cluster in the temp dir, password auth over TCP only, its socket in the temp dir too.
export PG_USER=temporal PG_PASSWORD="smoke-$RANDOM$RANDOM" PG_PORT PG_HOST=127.0.0.1
printf '%s\n' "$PG_PASSWORD" >"$TMP/pgpass"
chmod 644 "$TMP/pgpass"
mkdir -p "$TMP/pg" "$TMP/pgsock"
[ "$(id -u)" -ne 0 ] || chown postgres "$TMP/pg" "$TMP/pgsock"
as_pg "$PG_BIN/initdb" -D "$TMP/pg" -U "$PG_USER" --pwfile="$TMP/pgpass" --auth-host=scram-sha-256 \
  --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1
rm -f "$TMP/pgpass"
as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/server.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $TMP/pgsock -c max_connections=200 -c fsync=off" start >/dev/null
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# 2. Temporal's schemas: a database each for persistence and visibility, at the schema versions of this server.
sql() { "$BIN/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u "$PG_USER" --pw "$PG_PASSWORD" "$@"; }
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}" dir="${db#*:}"
  {
    sql --db "$name" create-database
    sql --db "$name" setup-schema -v 0.0
    sql --db "$name" update-schema -d "$SCHEMA/$dir/versioned"
  } >>"$TMP/sql-tool.log" 2>&1
done
say "schemas: $(grep -c 'Updating schema\|updated' "$TMP/sql-tool.log" || true) steps, see sql-tool.log"

# 3. The Temporal server (all services in one process) from the config template, rendered by the server itself.
mkdir -p "$TMP/temporal-config"
cp config/temporal-postgres/server.yaml.tmpl "$TMP/temporal-config/development.yaml"
export TEMPORAL_DYNAMIC_CONFIG="$ROOT/config/temporal-postgres/dynamicconfig.yaml"
start temporal-server "$BIN/temporal-server" --root "$TMP" --config temporal-config --env development --allow-no-auth start
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_FRONTEND_PORT"
wait_for "the Temporal server" 240 "$BIN/temporal" operator cluster health --address "$TEMPORAL_ADDRESS"
# A full server starts without namespaces (the dev server creates `default` itself).
wait_for "namespace default" 120 bash -c "'$BIN/temporal' operator namespace describe --address '$TEMPORAL_ADDRESS' --namespace default >>'$TMP/operator.log' 2>&1 ||
  { '$BIN/temporal' operator namespace create --address '$TEMPORAL_ADDRESS' --namespace default --retention 72h >>'$TMP/operator.log' 2>&1; false; }"
# The app's search attributes, with the names and types the engine declares (scripts/print-search-attributes.ts).
sa_args=()
while IFS='=' read -r name type; do sa_args+=(--name "$name" --type "$type"); done < <(
  node_modules/.bin/tsx scripts/print-search-attributes.ts | grep -v '^--search-attribute$'
)
# A new namespace reaches the server's namespace cache some seconds after `describe` finds it ("Namespace default is
# not found" until then): retried like the waits above.
wait_for "the search attributes" 120 "$BIN/temporal" operator search-attribute create --address "$TEMPORAL_ADDRESS" \
  --namespace default "${sa_args[@]}"
say "Temporal server $("$BIN/temporal-server" --version 2>/dev/null | awk '{print $NF}') on $TEMPORAL_ADDRESS, namespace default, $((${#sa_args[@]} / 4)) search attributes"

# 4. Two workers and two API processes, sharing the JWT key (a token from one API works on the other) and a site
#    policy with short deadlines, so escalations fire within the run.
export JWT_SECRET="smoke-$(head -c 24 /dev/urandom | base64)" DATA_DIR="$TMP/data" LOG_LEVEL=warn
export SITE_POLICY="$ROOT/tests/postgres/site-policy.yaml"
mkdir -p "$DATA_DIR"
for i in 1 2; do start "worker-$i" node_modules/.bin/tsx worker/main.ts; done
for i in 0 1; do PORT="${API_PORTS[$i]}" start "api-$((i + 1))" node_modules/.bin/tsx api/server.ts; done
for port in "${API_PORTS[@]}"; do
  wait_for "the API on $port" 240 curl -sf "http://127.0.0.1:$port/api/healthz"
done
for i in 1 2; do wait_for "worker $i" 240 grep -q '"worker started"' "$TMP/worker-$i.log"; done
say "2 workers, APIs on ${API_PORTS[*]}"

# 5. The flows, over HTTP, spread across both API processes.
SMOKE_APIS="http://127.0.0.1:${API_PORTS[0]}/api,http://127.0.0.1:${API_PORTS[1]}/api" \
  node_modules/.bin/jest --testPathIgnorePatterns=/node_modules/ --maxWorkers=1 \
  ${SMOKE_JEST_JSON:+--json --outputFile="$SMOKE_JEST_JSON"} tests/postgres
say "smoke run passed"
# Where the cases are: rows in PostgreSQL, not a SQLite file.
rows="$(PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d temporal_visibility -tAc \
  "select count(*) from executions_visibility where workflow_type_name = 'runProcedure'" 2>/dev/null || true)"
[ -z "$rows" ] || say "PostgreSQL visibility holds $rows case workflows"
