#!/usr/bin/env bash
# Installs what the production profile (Temporal server on PostgreSQL) needs, into .tools/bin/ of this clone:
#
#   .tools/bin/temporal-server    go.temporal.io/server/cmd/server     at the version the Temporal CLI embeds
#   .tools/bin/temporal-sql-tool  go.temporal.io/server/cmd/tools/sql  (schema setup), same version
#   .tools/bin/temporal           the CLI (scripts/setup-tools.sh), for `temporal operator ...`
#   PostgreSQL server binaries    Debian's postgresql (apt-get, only when /usr/lib/postgresql/*/bin/postgres is absent)
#
# The two Go binaries are built once with `go install` (CGO_ENABLED=0) and cached with the server's SQL schema files
# under ${XDG_CACHE_HOME:-$HOME/.cache}/procwf/temporal-server-<version>/. A cold build takes 5-25 minutes on 2 cores
# (about 10 CPU-minutes); later runs only link. Prints PG_BIN=<dir of postgres binaries> on stdout.
# With --check it only says (exit status) whether that build is already cached.
set -euo pipefail

# go.temporal.io/server in github.com/temporalio/cli v1.5.1's go.mod (checked against the CLI binary below).
TEMPORAL_SERVER_VERSION="v1.29.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$ROOT/.tools/bin"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/procwf"
DIR="$CACHE/temporal-server-$TEMPORAL_SERVER_VERSION"

# --check: exit 0 when the Go build is cached (nothing slow to do), 1 otherwise; builds nothing.
if [ "${1:-}" = "--check" ]; then
  [ -x "$DIR/temporal-server" ] && [ -x "$DIR/temporal-sql-tool" ] && [ -f "$DIR/schema/.complete" ]
  exit
fi

say() { echo "setup-postgres-profile: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

env -u TEMPORAL_ADDRESS bash "$ROOT/scripts/setup-tools.sh"

if [ ! -x "$DIR/temporal-server" ] || [ ! -x "$DIR/temporal-sql-tool" ] || [ ! -f "$DIR/schema/.complete" ]; then
  command -v go >/dev/null 2>&1 || die "Go is needed to build the Temporal server (go.mod wants 1.25+)"
  say "building Temporal server $TEMPORAL_SERVER_VERSION and temporal-sql-tool with Go into $DIR (5-25 minutes the first time)..."
  mkdir -p "$CACHE"
  tmp="$(mktemp -d "$CACHE/.temporal-server.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # The server's go.mod has no replace directives, so `go install module/cmd@version` builds it as released.
  if ! GOBIN="$tmp/bin" CGO_ENABLED=0 nice go install \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"; then
    die "go install go.temporal.io/server/...@$TEMPORAL_SERVER_VERSION failed"
  fi
  src="$(go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src/schema/postgresql/v12" ] || die "no schema/postgresql/v12 in $src"
  mkdir -p "$tmp/out"
  mv "$tmp/bin/server" "$tmp/out/temporal-server"
  mv "$tmp/bin/sql" "$tmp/out/temporal-sql-tool"
  cp -R "$src/schema" "$tmp/out/schema"
  chmod -R u+w "$tmp/out/schema"
  touch "$tmp/out/schema/.complete"
  rm -rf "$DIR"
  mv "$tmp/out" "$DIR"
  say "built $DIR"
fi

for tool in temporal-server temporal-sql-tool; do
  if [ "$(readlink "$TOOLS_BIN/$tool" 2>/dev/null)" != "$DIR/$tool" ]; then
    mkdir -p "$TOOLS_BIN"
    ln -sfn "$DIR/$tool" "$TOOLS_BIN/$tool"
    say "linked $TOOLS_BIN/$tool -> $DIR/$tool"
  fi
done
ln -sfn "$DIR/schema" "$ROOT/.tools/temporal-schema"

# The server we run must be the one the CLI's dev server embeds, so both profiles behave alike.
if command -v go >/dev/null 2>&1; then
  embedded="$(go version -m "$TOOLS_BIN/temporal" 2>/dev/null | awk '$2 == "go.temporal.io/server" { print $3 }')"
  if [ -n "$embedded" ] && [ "$embedded" != "$TEMPORAL_SERVER_VERSION" ]; then
    say "warning: the CLI embeds go.temporal.io/server $embedded, the profile builds $TEMPORAL_SERVER_VERSION"
  fi
fi

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/postgres" ]; then
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server binaries not found; install postgresql (12 or later)"
  say "installing Debian's postgresql with apt-get..."
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  log="$(mktemp)"
  # policy-rc.d exit 101: the package must not start a system service; the smoke run starts its own cluster.
  policy=/usr/sbin/policy-rc.d
  had_policy=0
  [ -e "$policy" ] && had_policy=1
  [ "$had_policy" -eq 1 ] || printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod +x "$policy"
  if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$log" 2>&1; then
    cat "$log" >&2
    [ "$had_policy" -eq 1 ] || "${as_root[@]}" rm -f "$policy"
    die "apt-get install postgresql failed"
  fi
  [ "$had_policy" -eq 1 ] || "${as_root[@]}" rm -f "$policy"
  rm -f "$log"
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
echo "PG_BIN=$pg_bin"
