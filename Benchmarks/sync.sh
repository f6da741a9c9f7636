#!/usr/bin/env bash
# The live sync's figures (issue 14), release build: see SYNC.md.
#
#   Benchmarks/sync.sh                       # build, then latency at --every 1 and 10, pull and push throughput
#   SECONDS_1=30 SECONDS_10=60 Benchmarks/sync.sh   # shorter latency runs
#
# Settings (environment): SECONDS_1 (120: seconds of sales at --every 1), SECONDS_10 (300), RATE
# (2 sales per second on shop B), ORDERS (3000 waiting orders for the pull figure), LISTINGS
# (2000 listings for the push figure).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SECONDS_1="${SECONDS_1:-120}"
SECONDS_10="${SECONDS_10:-300}"
RATE="${RATE:-2}"
ORDERS="${ORDERS:-3000}"
LISTINGS="${LISTINGS:-2000}"

(cd "$here/.." && swift build -c release --product onepool >&2)
(cd "$here" && swift build -c release --product sync-bench >&2)
export ONEPOOL_BIN="$here/../.build/release/onepool"
bench="$here/.build/release/sync-bench"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$bench" latency --every 1 --seconds "$SECONDS_1" --rate "$RATE"
"$bench" latency --every 10 --seconds "$SECONDS_10" --rate "$RATE"
"$bench" pull --orders "$ORDERS"
"$bench" push --listings "$LISTINGS"
