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
# An owner and their API token: every request of the measured endpoint is
# authenticated (token lookup, membership, teams) as in production.
echo "correct horse battery" | RAPPORT_LOG=warn "$bin/rapport" user add --database-url "sqlite:$db" \
  --email bench@example.com --name Bench --role owner --password-stdin >/dev/null
token=$(RAPPORT_LOG=warn "$bin/rapport" token create --database-url "sqlite:$db" --user bench@example.com --name bench 2>/dev/null)
auth="Authorization: Bearer $token"

RAPPORT_LOG=warn "$bin/rapport" serve --database-url "sqlite:$db" --listen 127.0.0.1:18181 >/dev/null &
"$bin/rapport-bench" baseline --database "$db" --listen 127.0.0.1:18182 >/dev/null &
for port in 18181 18182; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || curl -sf "http://127.0.0.1:$port/parties" >/dev/null 2>&1 && break; sleep 0.2; done
done

rapport_url="http://127.0.0.1:18181/api/v1/parties?limit=50"
baseline_url="http://127.0.0.1:18182/parties"
[ "$(curl -s -H "$auth" "$rapport_url" | grep -o '"id"' | wc -l)" -ge 50 ] || { echo "rapport did not return 50 rows"; exit 1; }
[ "$(curl -s "$baseline_url" | grep -o '"id"' | wc -l)" -ge 50 ] || { echo "baseline did not return 50 rows"; exit 1; }

# wrk prints "Requests/sec: N" and latency percentiles; keep rps, p50, p99 (ms).
measure() { # url [header] -> "rps p50 p99"
  wrk -t2 -c64 -d"${seconds}s" --latency ${2:+-H "$2"} "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = 1 }
    END { if (bad) { print "non-2xx responses" > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

wrk -t2 -c64 -d3s "$baseline_url" >/dev/null  # warm-up
wrk -t2 -c64 -d3s -H "$auth" "$rapport_url" >/dev/null
# Alternate the two, three rounds each, so drift on a noisy machine hits both alike.
printf '%-10s %6s %9s %9s\n' endpoint req/s p50_ms p99_ms
: > "$work/results"
for round in 1 2 3; do
  for name in baseline rapport; do
    url=$baseline_url; header=""
    [ "$name" = rapport ] && { url=$rapport_url; header=$auth; }
    read -r rps p50 p99 < <(measure "$url" "$header")
    printf '%-10s %6s %9s %9s\n' "$name" "$rps" "$p50" "$p99"
    echo "$name $rps $p50 $p99" >> "$work/results"
  done
done
# Medians of the rounds and the ratio of throughputs.
for name in baseline rapport; do
  grep "^$name " "$work/results" | sort -k2 -n | sed -n 2p
done | awk '{ rps[$1] = $2; p99[$1] = $4 }
  END { printf "median: baseline %d req/s, rapport %d req/s (%.0f%% of baseline), rapport p99 %.1f ms (baseline %.1f ms)\n",
        rps["baseline"], rps["rapport"], 100 * rps["rapport"] / rps["baseline"], p99["rapport"], p99["baseline"] }'
