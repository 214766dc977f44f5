#!/usr/bin/env bash
# Durable writes: parties created over HTTP at 16 connections, on SQLite and
# on PostgreSQL, against a bare loop committing one row at a time on the same
# database in the same run.
#
#   bench/writes.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-16}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"
cargo build --release --locked -p rapport -p rapport-bench
bin="$CARGO_TARGET_DIR/release"

work=$(mktemp -d)
pg_name="rapport_bench_writes_$$"
pg_admin="postgres://postgres@127.0.0.1:5432/postgres"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
export RAPPORT_LOG=warn

# One backend: a server on a fresh database (without the worker, so only
# the requests write), an owner's token, then three rounds alternating the
# commit loop and the load so that drift on a noisy machine hits both alike.
measure() { # name url port
  local name=$1 url=$2 port=$3
  echo "correct horse battery" | "$bin/rapport" user add --database-url "$url" \
    --email bench@example.com --name Bench --role owner --password-stdin >/dev/null
  local token
  token=$("$bin/rapport" token create --database-url "$url" --user bench@example.com --name bench --scope write 2>/dev/null)
  "$bin/rapport" serve --no-worker --database-url "$url" --listen "127.0.0.1:$port" >/dev/null &
  local server=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  "$bin/rapport-bench" load --base "http://127.0.0.1:$port" --token "$token" --connections "$connections" --seconds 2 >/dev/null
  for round in 1 2 3; do
    echo "$name baseline $("$bin/rapport-bench" commit-loop --database-url "$url" --seconds "$seconds")"
    echo "$name rapport $("$bin/rapport-bench" load --base "http://127.0.0.1:$port" --token "$token" \
      --connections "$connections" --seconds "$seconds")"
  done | tee -a "$work/results"
  kill "$server"; wait "$server" 2>/dev/null || true
}

echo "backend what ops/s p50_ms p99_ms"
measure sqlite "sqlite:$work/bench.db" 18191
measure postgres "postgres://postgres@127.0.0.1:5432/$pg_name" 18192

# Medians of the three rounds, and the ratio of throughputs.
for backend in sqlite postgres; do
  for what in baseline rapport; do
    grep "^$backend $what " "$work/results" | sort -k3 -n | sed -n 2p
  done
done | awk '{ rate[$1 " " $2] = $3; p50[$1 " " $2] = $4; p99[$1 " " $2] = $5 }
  END {
    for (key in rate) { split(key, part, " "); backends[part[1]] = 1 }
    for (b in backends) {
      printf "median %s: commit loop %d/s (p50 %.2f ms, p99 %.2f ms); rapport %d req/s (p50 %.2f ms, p99 %.2f ms): %.0f%% of the loop\n",
        b, rate[b " baseline"], p50[b " baseline"], p99[b " baseline"],
        rate[b " rapport"], p50[b " rapport"], p99[b " rapport"], 100 * rate[b " rapport"] / rate[b " baseline"]
    }
  }'
