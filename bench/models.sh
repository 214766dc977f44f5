#!/usr/bin/env bash
# The customer-value fit benchmark: Rapport's BG/NBD and Gamma-Gamma fits
# against Python's `lifetimes` on the same customers, in the same run: the
# CDNOW master file (23,570 customers) and a synthetic base of COUNT
# customers drawn from the models.
#
#   bench/models.sh [COUNT=1000000]
#
# `lifetimes` is installed into a virtual environment of its own under the
# work directory; Rapport itself never depends on Python.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rapport-target}"
work=${RAPPORT_BENCH_DIR:-$(mktemp -d /var/tmp/rapport-models.XXXXXX)}
mkdir -p "$work"

cargo build --release --locked -p rapport-bench
bin="$CARGO_TARGET_DIR/release/rapport-bench"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet "lifetimes==0.11.3"
fi

for round in 1 2 3; do
  echo "== round $round: CDNOW master (median of 21 fits each)"
  "$bin" fit --cdnow datasets/cdnow/CDNOW_master.txt --csv "$work/cdnow.csv" --repeat 21
  "$work/venv/bin/python" bench/models.py "$work/cdnow.csv" 21
done
echo "== synthetic: $count customers (median of 3 fits each)"
"$bin" fit --synthetic "$count" --csv "$work/synthetic.csv" --repeat 3
"$work/venv/bin/python" bench/models.py "$work/synthetic.csv" 3
