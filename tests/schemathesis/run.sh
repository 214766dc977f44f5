#!/usr/bin/env bash
# The API against its own document: schemathesis (every check; the coverage
# and fuzzing phases) on a Rapport server with demo data, as an owner with
# an admin-scoped API token. Exits non-zero on any failure.
#
#   tests/schemathesis/run.sh PATH/TO/rapport [extra `st run` options...]
#
# `cargo test --workspace` runs it on its own build (crates/rapport/tests/
# api_contract.rs).
#
# Environment (all optional):
#   RAPPORT_VENV     where schemathesis is installed (~/.cache/rapport-venv)
#   ST_PORT          the port to serve on (18200)
#   ST_SEED          the seed, for a repeatable run (1)
#   ST_MAX_EXAMPLES  test cases per operation and phase (100)
#   ST_REPORT_DIR    JUnit and JSON reports (a temporary directory)
#   ST_REAL_IDS=1    give the {id} routes ids of records that exist, so they
#                    get past 404: a deeper, longer run
#   ST_INSTALL_ONLY=1  make the virtual environment and stop
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-}
[ "${ST_INSTALL_ONLY:-0}" = 1 ] || {
  [ -n "$bin" ] || { echo "usage: run.sh PATH/TO/rapport [st run options...]" >&2; exit 2; }
  shift
  bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
  [ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
}

venv=${RAPPORT_VENV:-$HOME/.cache/rapport-venv}
version=4.32.5
port=${ST_PORT:-18200}
base=http://127.0.0.1:$port

# schemathesis, in a virtual environment of its own, at the pinned version.
if [ "$("$venv/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi
[ "${ST_INSTALL_ONLY:-0}" = 1 ] && exit 0

work=$(mktemp -d)
report_dir=${ST_REPORT_DIR:-$work/report}
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export RAPPORT_LOG=warn

"$bin" demo --data-dir "$work" --size 50 --no-serve >"$work/demo.log" 2>&1
db="sqlite:$work/demo.db"
echo "correct horse battery" | "$bin" user add --database-url "$db" \
  --email schemathesis@example.com --name Schemathesis --role owner --password-stdin >/dev/null
token=$("$bin" token create --database-url "$db" --user schemathesis@example.com --name schemathesis \
  --scope admin 2>/dev/null)

"$bin" serve --database-url "$db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "the server stopped:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

cp "$here/schemathesis.toml" "$work/config.toml"
if [ "${ST_REAL_IDS:-0}" = 1 ]; then
  TOKEN=$token BASE=$base "$venv/bin/python" "$here/real_ids.py" "$work/config.toml"
fi

mkdir -p "$report_dir"
status=0
# From the temporary directory: schemathesis keeps the examples it found
# failing there, and a run must not depend on the one before.
cd "$work"
PYTHONPATH="$here" SCHEMATHESIS_HOOKS=hooks "$venv/bin/st" --config-file "$work/config.toml" \
  run "$base/api/v1/openapi.json" \
  --checks all \
  --phases coverage,fuzzing \
  --header "Authorization: Bearer $token" \
  --seed "${ST_SEED:-1}" \
  --max-examples "${ST_MAX_EXAMPLES:-100}" \
  --workers 1 \
  --report junit \
  --report-junit-path "$report_dir/junit.xml" \
  --no-color \
  "$@" || status=$?

if grep -q '"level":"ERROR"' "$work/server.log"; then
  echo "the server logged errors:" >&2
  grep '"level":"ERROR"' "$work/server.log" | head -20 >&2
  status=1
fi
exit "$status"
