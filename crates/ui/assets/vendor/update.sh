#!/usr/bin/env bash
# Fetches the libraries package-lock.json pins from the npm registry (checking
# their integrity hashes) and copies the built files Rapport serves next to
# this script, then records their SHA-256 in SHA256SUMS, which a test checks.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
cp "$work/node_modules/htmx.org/dist/htmx.min.js" htmx.min.js
cp "$work/node_modules/htmx.org/LICENSE" htmx.LICENSE
cp "$work/node_modules/uplot/dist/uPlot.iife.min.js" uPlot.iife.min.js
cp "$work/node_modules/uplot/dist/uPlot.min.css" uPlot.min.css
cp "$work/node_modules/uplot/LICENSE" uPlot.LICENSE
sha256sum htmx.min.js uPlot.iife.min.js uPlot.min.css > SHA256SUMS
