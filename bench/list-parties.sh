#!/usr/bin/env bash
# The party-list benchmark: a page of 50 from 100,000 parties on SQLite, at 64
# connections from wrk on loopback, against a bare axum endpoint serving the same
# rows from the same file with one prepared query, measured in the same run.
#
#   bench/list-parties.sh [PARTIES] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
parties=${1:-100000}
seconds=${2:-20}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --locked -p rapport -p rapport-bench
bin="$CARGO_TARGET_DIR/release"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/bench.db"
"$bin/rapport-bench" seed --database-url "sqlite:$db" --parties "$parties"

RAPPORT_LOG=warn "$bin/rapport" serve --database-url "sqlite:$db" --listen 127.0.0.1:18181 >/dev/null &
"$bin/rapport-bench" baseline --database "$db" --listen 127.0.0.1:18182 >/dev/null &
for port in 18181 18182; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || curl -sf "http://127.0.0.1:$port/parties" >/dev/null 2>&1 && break; sleep 0.2; done
done

rapport_url="http://127.0.0.1:18181/api/v1/parties?limit=50"
baseline_url="http://127.0.0.1:18182/parties"
[ "$(curl -s "$rapport_url" | grep -o '"id"' | wc -l)" -ge 50 ] || { echo "rapport did not return 50 rows"; exit 1; }
[ "$(curl -s "$baseline_url" | grep -o '"id"' | wc -l)" -ge 50 ] || { echo "baseline did not return 50 rows"; exit 1; }

measure() { # name url
  wrk -t2 -c64 -d3s "$2" >/dev/null  # warm-up
  echo "--- $1"
  wrk -t2 -c64 -d"${seconds}s" --latency "$2" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
}
measure "baseline (bare axum + one prepared query)" "$baseline_url"
measure "rapport GET /api/v1/parties?limit=50" "$rapport_url"
measure "baseline again (drift check)" "$baseline_url"
