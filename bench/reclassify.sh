#!/usr/bin/env bash
# The reclassification benchmark: a register of PARTIES parties and about
# ORDERS orders (generated), on SQLite and on PostgreSQL.
#
#   bench/reclassify.sh [PARTIES] [ORDERS]
#
# Per database it measures, each against a baseline run in the same session:
# - `scan`: reading the rows a pass reads, decoding every column, computing
#   and writing nothing (the floor);
# - `rapport reclassify` the first time (every party classified and its
#   first history entry written), a second time the same day (nothing to
#   change: the steady state of the daily pass), and as of a year later
#   (time passing: many buyers at risk or lapsed);
# - the cost per order write of keeping classifications, in alternating
#   rounds with and without the refresh.
#
# PostgreSQL: RAPPORT_BENCH_POSTGRES_URL names a server; a database
# `rapport_bench` is created there (and dropped first if it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
parties=${1:-1000000}
orders=${2:-10000000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"
export RAPPORT_LOG=warn
server=${RAPPORT_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
work=${RAPPORT_BENCH_DIR:-$(mktemp -d /var/tmp/rapport-reclassify.XXXXXX)}
mkdir -p "$work"

cargo build --release --locked -p rapport -p rapport-bench
bin="$CARGO_TARGET_DIR/release"
later=$(date -u -d "+365 days" +%F)

run() { # name url
  local name=$1 url=$2
  echo "== $name: $parties parties, $orders orders"
  "$bin/rapport-bench" generate --database-url "$url" --parties "$parties" --orders "$orders"
  "$bin/rapport-bench" scan --database-url "$url"
  echo -n "first:  "; "$bin/rapport" reclassify --database-url "$url"
  "$bin/rapport-bench" scan --database-url "$url"
  echo -n "again:  "; "$bin/rapport" reclassify --database-url "$url"
  echo -n "a year later: "; "$bin/rapport" reclassify --database-url "$url" --as-of "$later"
  echo -n "again:  "; "$bin/rapport" reclassify --database-url "$url" --as-of "$later"
  "$bin/rapport-bench" order-cost --database-url "$url" --orders 2000
}

run sqlite "sqlite:$work/reclassify.db"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS rapport_bench" -c "CREATE DATABASE rapport_bench"
run postgres "$server/rapport_bench"
