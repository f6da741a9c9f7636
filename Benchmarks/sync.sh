#!/usr/bin/env bash
# The live sync's figures (issue 14), release build: see SYNC.md.
#
#   Benchmarks/sync.sh                       # build, then latency at --every 1 and 10, pull and push throughput
#   SECONDS_1=30 SECONDS_10=60 Benchmarks/sync.sh   # shorter latency runs
#   AMAZON_DOCUMENTED=1 Benchmarks/sync.sh   # also Amazon at its documented rates (~25 minutes more)
#
# Settings (environment): SECONDS_1 (120: seconds of sales at --every 1), SECONDS_10 (300), RATE
# (2 sales per second on shop B), ORDERS (3000 waiting orders for the pull figure), LISTINGS
# (2000 listings for the push figure), VARIANTS (20000 for the reconciliation figure).
#
#   RECONCILE_ONLY=1 Benchmarks/sync.sh      # only the reconciliation: bulk export vs paging
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SECONDS_1="${SECONDS_1:-120}"
SECONDS_10="${SECONDS_10:-300}"
RATE="${RATE:-2}"
ORDERS="${ORDERS:-3000}"
LISTINGS="${LISTINGS:-2000}"
VARIANTS="${VARIANTS:-20000}"

(cd "$here/.." && swift build -c release --product onepool >&2)
(cd "$here" && swift build -c release --product sync-bench >&2)
export ONEPOOL_BIN="$here/../.build/release/onepool"
bench="$here/.build/release/sync-bench"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# A full reconciliation of VARIANTS variants: one bulk export against paging, at the Standard
# plan's restore rate (100 points/s) and at Plus's (1,000 points/s).
"$bench" reconcile --variants "$VARIANTS" --restore 100
"$bench" reconcile --variants "$VARIANTS" --restore 1000
if [ "${RECONCILE_ONLY:-0}" = 1 ]; then exit 0; fi
"$bench" latency --every 1 --seconds "$SECONDS_1" --rate "$RATE"
"$bench" latency --every 10 --seconds "$SECONDS_10" --rate "$RATE"
"$bench" pull --orders "$ORDERS"
"$bench" push --listings "$LISTINGS"
# Shopify and Amazon (SP-API emulator): both directions, relaxed usage plans.
for from in amazon shopify; do
  "$bench" amazon-latency --from "$from" --plans relaxed --every 1 --seconds "$SECONDS_1" --rate "$RATE"
  "$bench" amazon-latency --from "$from" --plans relaxed --every 10 --seconds "$SECONDS_10" --rate "$RATE"
done
if [ "${AMAZON_DOCUMENTED:-0}" = 1 ]; then
  # searchOrders at 0.0056/s reads at most 100 orders per ~3 minutes: 20 sales a minute fit.
  "$bench" amazon-latency --from amazon --plans documented --every 1 --seconds 420 --per-minute 20
  "$bench" amazon-latency --from amazon --plans documented --every 10 --seconds 420 --per-minute 20
fi
