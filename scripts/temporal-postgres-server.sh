#!/usr/bin/env bash
# Temporal on PostgreSQL, the production profile (docs/production.md), in the foreground until stopped (TERM/INT):
#   a throwaway PostgreSQL cluster -> Temporal's schemas -> the Temporal server (config/temporal-postgres/) with the
#   app's search attributes, as scripts/smoke-postgres.sh starts it, and a `records` database for the app.
# When ready it prints one line: `ready TEMPORAL_ADDRESS=<host:port> DATABASE_URL=<url of the records database>`.
# Used by the bench (BENCH_TEMPORAL=pg, bench/run.ts). Everything is removed on exit; KEEP=1 keeps the directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { echo "temporal-postgres: $*" >&2; }

# The bench does not build the Temporal server (5-25 minutes on 2 cores): that is setup-postgres-profile.sh's job, once.
bash scripts/setup-postgres-profile.sh --check || {
  echo "temporal-postgres: the Temporal server for PostgreSQL is not built; run bash scripts/setup-postgres-profile.sh" >&2
  exit 1
}
PG_BIN="$(bash scripts/setup-postgres-profile.sh | sed -n 's/^PG_BIN=//p')"
[ -x "$PG_BIN/postgres" ] || {
  echo "temporal-postgres: no postgres in '$PG_BIN'" >&2
  exit 1
}
BIN="$ROOT/.tools/bin"
SCHEMA="$ROOT/.tools/temporal-schema/postgresql/v12"
TMP="$(mktemp -d /tmp/procwf-pg-bench.XXXXXX)"
chmod 755 "$TMP"
server_pid=""
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  local code=$?
  if [ -n "$server_pid" ]; then
    kill -TERM "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "-$server_pid" 2>/dev/null || true
  fi
  [ -f "$TMP/pg/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ "$code" -ne 0 ] && [ -f "$TMP/temporal-server.log" ]; then tail -n 40 "$TMP/temporal-server.log" >&2; fi
  if [ -n "${KEEP:-}" ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

free_ports() {
  node -e '
    const net = require("node:net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((r) => s.listen(0, "127.0.0.1", () => r(s.address().port)))))
      .then((ports) => { console.log(ports.join("\n")); servers.forEach((s) => s.close()); });' "$1"
}
mapfile -t P < <(free_ports 7)
PG_PORT=${P[0]}
export TEMPORAL_FRONTEND_PORT=${P[1]} TEMPORAL_FRONTEND_HTTP_PORT=${P[2]} TEMPORAL_HISTORY_PORT=${P[3]}
export TEMPORAL_MATCHING_PORT=${P[4]} TEMPORAL_WORKER_PORT=${P[5]}
# Membership ports: four consecutive free ports below 32768 (the cluster_membership table stores them as smallint).
base=$((${P[6]} % 10000 + 21000))
while ! node -e '
  const net = require("node:net"); const b = Number(process.argv[1]);
  Promise.all([0, 1, 2, 3].map((i) => new Promise((ok, no) => { const s = net.createServer();
    s.once("error", no); s.listen(b + i, "127.0.0.1", () => s.close(ok)); }))).then(() => process.exit(0), () => process.exit(1));' "$base"; do
  base=$((base + 4))
done
export TEMPORAL_MEMBERSHIP_PORT_BASE=$base

export PG_USER=temporal PG_PASSWORD="bench-$RANDOM$RANDOM" PG_PORT PG_HOST=127.0.0.1
printf '%s\n' "$PG_PASSWORD" >"$TMP/pgpass"
chmod 644 "$TMP/pgpass"
mkdir -p "$TMP/pg" "$TMP/pgsock"
[ "$(id -u)" -ne 0 ] || chown postgres "$TMP/pg" "$TMP/pgsock"
as_pg "$PG_BIN/initdb" -D "$TMP/pg" -U "$PG_USER" --pwfile="$TMP/pgpass" --auth-host=scram-sha-256 \
  --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1
rm -f "$TMP/pgpass"
as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/server.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $TMP/pgsock -c max_connections=300" start >/dev/null

sql() { "$BIN/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u "$PG_USER" --pw "$PG_PASSWORD" "$@"; }
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}" dir="${db#*:}"
  {
    sql --db "$name" create-database
    sql --db "$name" setup-schema -v 0.0
    sql --db "$name" update-schema -d "$SCHEMA/$dir/versioned"
  } >>"$TMP/sql-tool.log" 2>&1
done
sql --db records create-database >>"$TMP/sql-tool.log" 2>&1

mkdir -p "$TMP/temporal-config"
cp config/temporal-postgres/server.yaml.tmpl "$TMP/temporal-config/development.yaml"
export TEMPORAL_DYNAMIC_CONFIG="$ROOT/config/temporal-postgres/dynamicconfig.yaml"
setsid "$BIN/temporal-server" --root "$TMP" --config temporal-config --env development --allow-no-auth start \
  >"$TMP/temporal-server.log" 2>&1 &
server_pid=$!
ADDRESS="127.0.0.1:$TEMPORAL_FRONTEND_PORT"
for _ in $(seq 1 480); do
  "$BIN/temporal" operator cluster health --address "$ADDRESS" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || exit 1
  sleep 0.5
done
for _ in $(seq 1 240); do
  "$BIN/temporal" operator namespace describe --address "$ADDRESS" --namespace default >/dev/null 2>&1 && break
  "$BIN/temporal" operator namespace create --address "$ADDRESS" --namespace default --retention 72h \
    >/dev/null 2>&1 || true
  sleep 0.5
done
sa_args=()
while IFS='=' read -r name type; do sa_args+=(--name "$name" --type "$type"); done < <(
  node_modules/.bin/tsx scripts/print-search-attributes.ts | grep -v '^--search-attribute$'
)
# A new namespace reaches the server's namespace cache some seconds after `describe` finds it in the database; until
# then the search-attribute call answers "Namespace default is not found": retry for up to 60 s.
for attempt in $(seq 1 60); do
  "$BIN/temporal" operator search-attribute create --address "$ADDRESS" --namespace default "${sa_args[@]}" \
    >"$TMP/search-attributes.log" 2>&1 && break
  [ "$attempt" -lt 60 ] || { cat "$TMP/search-attributes.log" >&2; exit 1; }
  sleep 1
done
echo "ready TEMPORAL_ADDRESS=$ADDRESS DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/records"
wait "$server_pid"
