#!/usr/bin/env bash
# Installs the external tools the app and the tests need, into .tools/bin/ of this clone.
#
#   scripts/setup-tools.sh [--no-cli] [--test-server] [--chromium] [--schemathesis]
#   scripts/setup-tools.sh --check     lists every tool npm start and npm test use, present or missing; installs
#                                      nothing (exit 1 when one is missing)
#
#   (default)        Temporal CLI v1.5.1 -> .tools/bin/temporal (skipped when TEMPORAL_ADDRESS is set or --no-cli)
#   --test-server    Java time-skipping test server -> .tools/bin/temporal-test-server (wrapper script)
#   (always)         a CJK font for PDFs (fonts-wqy-microhei); with --test-server also pdftotext (poppler-utils)
#   --chromium       Debian's chromium at /usr/bin/chromium (apt-get, for end-to-end tests)
#   --schemathesis   schemathesis (PyPI) in a venv -> .tools/bin/st (the API fuzzer of tests/integration/schemathesis)
#   (always)         Debian's postgresql server binaries (the app's records database, embedded for npm start)
#
# Builds and downloads are cached outside the clone, under ${XDG_CACHE_HOME:-$HOME/.cache}/procwf/, so a fresh
# clone on a used machine only links/writes small files. Idempotent; silent when everything is already in place.
set -euo pipefail

TEMPORAL_CLI_VERSION="v1.5.1"
TEST_SERVER_VERSION="1.32.1"
SCHEMATHESIS_VERSION="4.32.5"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$ROOT/.tools/bin"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/procwf"

want_cli=1
want_test_server=0
want_chromium=0
want_schemathesis=0
check_only=0

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --no-cli) want_cli=0 ;;
    --test-server) want_test_server=1 ;;
    --chromium) want_chromium=1 ;;
    --schemathesis) want_schemathesis=1 ;;
    --check) check_only=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "setup-tools: unknown option: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done
if [ -n "${TEMPORAL_ADDRESS:-}" ]; then want_cli=0; fi

say() { echo "setup-tools: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# Runs a command as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $*"
  fi
}

apt_updated=0
# apt-get update (once) + install; dpkg's chatter goes to a log that is shown only if it fails.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* yourself"
  local log
  log="$(mktemp)"
  if [ "$apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 || {
      cat "$log" >&2
      rm -f "$log"
      die "apt-get update failed"
    }
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$log" 2>&1 || {
    cat "$log" >&2
    rm -f "$log"
    die "apt-get install $* failed"
  }
  rm -f "$log"
}

# Links (or copies, if linking is impossible) $1 to $2, unless $2 already resolves to $1.
link_tool() {
  local src="$1" dest="$2"
  if [ -L "$dest" ] && [ "$(readlink "$dest")" = "$src" ] && [ -x "$dest" ]; then return 0; fi
  mkdir -p "$(dirname "$dest")"
  rm -f "$dest"
  ln -s "$src" "$dest" 2>/dev/null || cp "$src" "$dest"
  say "linked $dest -> $src"
}

# True when the cached CLI binary is missing or not the pinned version: the module it was built from (`go version -m`,
# ~10 ms) and the version it reports (`temporal --version`; a build without the -X flag below says 0.0.0-DEV).
cli_needs_build() {
  local bin="$1"
  [ -x "$bin" ] || return 0
  if command -v go >/dev/null 2>&1; then
    go version -m "$bin" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+github.com/temporalio/cli[[:space:]]+${TEMPORAL_CLI_VERSION}([[:space:]]|$)" ||
      return 0
  fi
  "$bin" --version 2>/dev/null | grep -q "^temporal version ${TEMPORAL_CLI_VERSION#v} " || return 0
  return 1
}

setup_cli() {
  local cached="$CACHE/bin/temporal"
  if cli_needs_build "$cached"; then
    command -v go >/dev/null 2>&1 ||
      die "the Temporal CLI must be built with Go (its go.mod wants 1.25; Go >= 1.21 fetches that toolchain itself), which is not on PATH; or set TEMPORAL_ADDRESS to a running server"
    say "building Temporal CLI $TEMPORAL_CLI_VERSION with Go into $CACHE/bin (takes a few minutes the first time)..."
    mkdir -p "$CACHE/bin"
    local tmp
    tmp="$(mktemp -d "$CACHE/bin/.build.XXXXXX")"
    # Build into a scratch GOBIN, then move: an interrupted build never leaves a half-written binary in the cache.
    # The CLI's release builds stamp their version with -X; `go install` alone leaves it at 0.0.0-DEV.
    if ! GOBIN="$tmp" CGO_ENABLED=0 go install \
      -ldflags "-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION#v}" \
      "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}"; then
      rm -rf "$tmp"
      die "go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION} failed"
    fi
    mv -f "$tmp/temporal" "$cached"
    rm -rf "$tmp"
    say "built $cached"
  fi
  link_tool "$cached" "$TOOLS_BIN/temporal"
}

setup_test_server() {
  local dir="$CACHE/temporal-test-server-$TEST_SERVER_VERSION"
  local jar="$dir/temporal-test-server-$TEST_SERVER_VERSION.jar"
  if [ ! -f "$dir/.complete" ] || [ ! -f "$jar" ]; then
    command -v mvn >/dev/null 2>&1 || apt_install maven
    command -v java >/dev/null 2>&1 || apt_install default-jre-headless
    say "downloading the Java test server $TEST_SERVER_VERSION with Maven into $dir..."
    mkdir -p "$CACHE"
    local tmp
    tmp="$(mktemp -d "$CACHE/.test-server.XXXXXX")"
    # Maven's console prints stray ANSI resets even with -q -B: keep its output for failures only.
    if ! mvn -q -B -f "$ROOT/tools/test-server/pom.xml" dependency:copy-dependencies \
      "-Dtemporal.test-server.version=$TEST_SERVER_VERSION" "-DoutputDirectory=$tmp" >"$tmp.log" 2>&1; then
      cat "$tmp.log" >&2
      rm -rf "$tmp" "$tmp.log"
      die "mvn dependency:copy-dependencies failed"
    fi
    rm -f "$tmp.log"
    [ -f "$tmp/temporal-test-server-$TEST_SERVER_VERSION.jar" ] || {
      rm -rf "$tmp"
      die "maven did not produce temporal-test-server-$TEST_SERVER_VERSION.jar"
    }
    touch "$tmp/.complete"
    rm -rf "$dir"
    mv "$tmp" "$dir"
    say "downloaded $(find "$dir" -name '*.jar' | wc -l) jars"
  fi
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  local cds
  cds="$(test_server_cds_archive "$dir")"

  # The SDK starts this wrapper as `<port> --enable-time-skipping` and later kills the process it started,
  # so the wrapper must `exec` java (no lingering JVM after the shell is gone).
  local wrapper="$TOOLS_BIN/temporal-test-server" content
  content="#!/bin/sh
# Generated by scripts/setup-tools.sh: the Java time-skipping test server for @temporalio/testing.
exec \"\${JAVA_HOME:+\$JAVA_HOME/bin/}java\" ${cds:+-XX:SharedArchiveFile='$cds' -Xlog:cds=off -Xlog:cds+dynamic=off }-cp '$dir/*' io.temporal.testserver.TestServer \"\$@\"
"
  if [ ! -x "$wrapper" ] || [ "$(cat "$wrapper")" != "${content%$'\n'}" ]; then
    mkdir -p "$TOOLS_BIN"
    printf '%s' "$content" >"$wrapper.tmp"
    chmod +x "$wrapper.tmp"
    mv -f "$wrapper.tmp" "$wrapper"
    say "wrote $wrapper"
  fi
}

# The SDK gives the test server a fixed 5 s to answer (sdk-core's ephemeral server); a plain JVM start of it takes
# 20 s on a loaded 2-core machine, 4-7 s with a class-data-sharing archive of the classes it loads at start. Writes
# the archive once per JVM build (it only fits the JVM that wrote it) and prints its path, or nothing if it failed.
test_server_cds_archive() {
  local dir="$1" java_id archive port pid i
  java_id="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | cksum | cut -d' ' -f1)"
  archive="$dir/app-cds-$java_id.jsa"
  if [ ! -f "$archive" ]; then
    say "writing a class-data-sharing archive for the test server (its start under load: 20 s -> 5 s)..."
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:ArchiveClassesAtExit="$archive.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp "$dir/*" io.temporal.testserver.TestServer "$port" --enable-time-skipping >/dev/null 2>&1 &
    pid=$!
    for i in $(seq 1 600); do
      (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    sleep 1
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    if [ -s "$archive.tmp" ]; then mv -f "$archive.tmp" "$archive"; else rm -f "$archive.tmp"; fi
  fi
  [ -f "$archive" ] && echo "$archive"
  return 0
}

setup_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing chromium with apt-get (a few minutes)..."
    apt_install chromium
    say "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
  fi
}

# Printable PDFs (事故报告 and the like) embed a CJK font from Debian's packages; the tests read PDFs back with
# poppler's pdftotext.
setup_pdf() {
  if [ -z "${PDF_FONT:-}" ] && [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    say "installing the CJK font for PDFs (fonts-wqy-microhei) with apt-get..."
    apt_install fonts-wqy-microhei
  fi
  if [ "$want_test_server" -eq 1 ] && ! command -v pdftotext >/dev/null 2>&1; then
    say "installing poppler-utils (pdftotext, for the PDF tests) with apt-get..."
    apt_install poppler-utils
  fi
}

# --check: one line per tool, `present` or `missing`, with who uses it and what for (the README's "External tools").
check_tools() {
  local missing=0
  row() { # row <present?0/1> <tool> <used by> <what for>
    local state=present
    if [ "$1" -ne 0 ]; then
      state=missing
      missing=1
    fi
    printf '%-8s %-52s %-20s %s\n' "$state" "$2" "$3" "$4"
  }
  has() { command -v "$1" >/dev/null 2>&1; }
  printf '%-8s %-52s %-20s %s\n' state tool "used by" "what for"
  row "$(cli_needs_build "$TOOLS_BIN/temporal" && echo 1 || echo 0)" "Temporal CLI $TEMPORAL_CLI_VERSION (.tools/bin/temporal)" \
    "npm start, npm test" "the local Temporal dev server (not needed with TEMPORAL_ADDRESS)"
  row "$(has go && echo 0 || echo 1)" "Go (go)" "setup" "builds the Temporal CLI once (cached in $CACHE)"
  row "$( (ls /usr/lib/postgresql/*/bin/postgres || ls "${PG_BIN:-/nonexistent}/postgres") >/dev/null 2>&1 && echo 0 || echo 1)" \
    "PostgreSQL server (Debian postgresql)" "npm start, npm test" "the records database, embedded under DATA_DIR"
  row "$([ -n "${PDF_FONT:-}" ] || [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && echo 0 || echo 1)" \
    "CJK font (fonts-wqy-microhei)" "npm start, npm test" "Chinese text in printable PDFs (or PDF_FONT)"
  row "$(has curl && echo 0 || echo 1)" "curl" "npm start" "waits for the API to answer"
  row "$([ -x "$TOOLS_BIN/temporal-test-server" ] && has java && echo 0 || echo 1)" \
    "Java test server (.tools/bin/temporal-test-server)" "npm test" "time-skipping Temporal for deadline tests"
  row "$(has java && echo 0 || echo 1)" "Java runtime (default-jre-headless)" "npm test" "runs the test server"
  row "$(has mvn && echo 0 || echo 1)" "Maven (mvn)" "setup" "downloads the test server $TEST_SERVER_VERSION once"
  row "$(has pdftotext && echo 0 || echo 1)" "pdftotext (poppler-utils)" "npm test" "reads generated PDFs back"
  row "$([ -x /usr/bin/chromium ] && echo 0 || echo 1)" "Chromium (/usr/bin/chromium)" "npm test" "browser tests of the staff UI"
  row "$([ -x "$TOOLS_BIN/st" ] && echo 0 || echo 1)" "schemathesis $SCHEMATHESIS_VERSION (.tools/bin/st)" "npm test" \
    "fuzzes the API from its OpenAPI document"
  row "$(has python3 && echo 0 || echo 1)" "Python 3 with venv" "setup" "installs schemathesis from PyPI once"
  return "$missing"
}
if [ "$check_only" -eq 1 ]; then
  check_tools
  exit $?
fi

if [ "$want_cli" -eq 1 ]; then setup_cli; fi
if [ "$want_test_server" -eq 1 ]; then setup_test_server; fi
setup_pdf
setup_schemathesis() {
  local venv="$CACHE/schemathesis-$SCHEMATHESIS_VERSION"
  if [ ! -f "$venv/.complete" ] || [ ! -x "$venv/bin/st" ]; then
    local python
    python="$(command -v python3 || true)"
    [ -n "$python" ] || apt_install python3 python3-venv
    python="$(command -v python3)"
    say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $venv..."
    mkdir -p "$CACHE"
    local tmp
    tmp="$(mktemp -d "$CACHE/.schemathesis.XXXXXX")"
    rm -rf "$venv"
    # Built in place (a venv's scripts name its path), marked complete only at the end.
    if ! "$python" -m venv "$venv" >"$tmp/log" 2>&1 ||
      ! "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >>"$tmp/log" 2>&1; then
      cat "$tmp/log" >&2
      rm -rf "$tmp" "$venv"
      die "could not install schemathesis $SCHEMATHESIS_VERSION (python3 -m venv + pip)"
    fi
    rm -rf "$tmp"
    touch "$venv/.complete"
    say "installed $("$venv/bin/st" --version 2>/dev/null || echo schemathesis)"
  fi
  link_tool "$venv/bin/st" "$TOOLS_BIN/st"
}

if [ "$want_chromium" -eq 1 ]; then setup_chromium; fi
# The records database (records/local-cluster.ts) runs Debian's PostgreSQL server binaries for npm start and the tests.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
  say "installing Debian's postgresql with apt-get (the app's records database)..."
  apt_install postgresql
fi
if [ "$want_schemathesis" -eq 1 ]; then setup_schemathesis; fi
