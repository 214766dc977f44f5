#!/usr/bin/env bash
# The 360° page benchmark: a register of PARTIES parties and about ORDERS
# orders (generated, classified, value models fitted), then the server's time
# to render the page of parties drawn at random, against a bare route in the
# same run (see crates/bench/src/page.rs), on SQLite and on PostgreSQL; and
# the JavaScript the pages ship, raw and gzipped.
#
#   bench/page.sh [PARTIES] [ORDERS]
#
# PostgreSQL: RAPPORT_BENCH_POSTGRES_URL names a server; a database
# `rapport_page_bench` is created there (and dropped first if it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
parties=${1:-100000}
orders=${2:-1000000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"
export RAPPORT_LOG=warn
server=${RAPPORT_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
work=$(mktemp -d /var/tmp/rapport-page.XXXXXX)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -p rapport -p rapport-bench
bin="$CARGO_TARGET_DIR/release"

run() { # name url
  local name=$1 url=$2
  echo "== $name: $parties parties, $orders orders"
  "$bin/rapport-bench" generate --database-url "$url" --parties "$parties" --orders "$orders"
  "$bin/rapport" reclassify --database-url "$url"
  # A server that has run for a while has its statistics (autovacuum takes
  # them after a bulk load); without them PostgreSQL plans the history read
  # with the wrong index.
  case $url in postgres*) psql "$url" -qc ANALYZE ;; esac
  # The generated histories may not pin the models down; the page then shows
  # no value figures, and says so.
  "$bin/rapport" models fit --database-url "$url" >/dev/null 2>"$work/fit.err" \
    || echo "value models not fitted: $(grep -m1 -o 'the models cannot.*' "$work/fit.err" || echo 'see the log')"
  "$bin/rapport-bench" page --database-url "$url"
}

run sqlite "sqlite:$work/page.db"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS rapport_page_bench" -c "CREATE DATABASE rapport_page_bench"
run postgres "$server/rapport_page_bench"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS rapport_page_bench"

echo "== JavaScript shipped"
for file in crates/ui/assets/app.js crates/ui/assets/vendor/htmx.min.js crates/ui/assets/charts.js crates/ui/assets/vendor/uPlot.iife.min.js; do
  printf '%s: %d bytes, %d gzipped\n' "$file" "$(wc -c <"$file")" "$(gzip -9c "$file" | wc -c)"
done
