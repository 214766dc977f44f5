#!/usr/bin/env bash
# The job queue and webhooks, on SQLite and on PostgreSQL: jobs enqueued and
# run per second against a bare insert and delete of as many rows on the
# same database in the same run, and the time from a commit to its webhook's
# arrival at a receiver on loopback.
#
#   bench/queue.sh [JOBS] [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2000}
events=${2:-300}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"
cargo build --release --locked -p rapport-bench
bench="$CARGO_TARGET_DIR/release/rapport-bench"

work=$(mktemp -d)
pg_admin="postgres://postgres@127.0.0.1:5432/postgres"
names=()
cleanup() {
  for name in "${names[@]}"; do psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export RAPPORT_LOG=warn

# An empty database for each run: a file, or a new PostgreSQL database
# (dropped at exit).
url=""
fresh() { # backend name
  if [ "$1" = sqlite ]; then
    url="sqlite:$work/$2.db"
  else
    local name="rapport_bench_queue_$$_$2"
    psql -q "$pg_admin" -c "CREATE DATABASE $name" >/dev/null
    names+=("$name")
    url="postgres://postgres@127.0.0.1:5432/$name"
  fi
}

echo "backend phase ops/s p50_ms p99_ms"
for backend in sqlite postgres; do
  for round in 1 2 3; do
    fresh "$backend" "jobs$round"
    "$bench" jobs --database-url "$url" --jobs "$jobs" | sed "s/^/$backend /"
    fresh "$backend" "hooks$round"
    "$bench" webhook-latency --database-url "$url" --events "$events" | sed "s/^/$backend /"
  done
done > "$work/results"
cat "$work/results"

# Medians of the rounds.
for backend in sqlite postgres; do
  for phase in bare-insert bare-delete enqueue run webhook; do
    grep "^$backend $phase " "$work/results" | sort -k3 -n | sed -n 2p
  done
done | awk '{ printf "median %-8s %-11s %8s/s  p50 %s ms  p99 %s ms\n", $1, $2, $3, $4, $5 }'
