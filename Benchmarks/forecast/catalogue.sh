#!/usr/bin/env bash
# The whole catalogue's forecast on a real store, as an operator runs it (issue 17, goal 5):
# `onepool reorder --all` on a day-one store of SKUS SKUs with DAYS days of order history, made
# by make_catalogue_store.py and imported with `onepool import` (catalogue with counts, then the
# order history as demand). Prints the read and compute split (`--timing`), wall, user and sys
# CPU and the load before each run; CPU ÷ wall says how many of the cores were used.
#
#   Benchmarks/forecast/catalogue.sh BIN [BIN2 ...]   # each binary RUNS times, alternately
#   SKUS=100000 DAYS=730 RUNS=2 WORK=/work/h38 ...    # settings (these are the defaults)
#   OUT=DIR ...                                       # where each run's CSV and timings go (WORK)
# The store is made once (WORK/store-SKUS-DAYS; 27M history lines at 100k × 730, ~20 min under
# load, 2.8 GB) and reused while it exists.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SKUS="${SKUS:-100000}"; DAYS="${DAYS:-730}"; RUNS="${RUNS:-2}"; WORK="${WORK:-/tmp/onepool-catalogue}"
export ONEPOOL_NOW="${ONEPOOL_NOW:-2026-12-01T08:00:00Z}"
store="$WORK/store-$SKUS-$DAYS"; data="$WORK/data-$SKUS-$DAYS"; OUT="${OUT:-$WORK}"
first="$1"
if [ ! -f "$store.complete" ]; then
    rm -rf "$store" "$data"
    python3 "$here/make_catalogue_store.py" "$data" --skus "$SKUS" --days "$DAYS" --end 2026-11-30
    "$first" init --store "$store" --time-zone UTC >/dev/null
    "$first" channel add --store "$store" shop >/dev/null
    "$first" import --store "$store" "$data/catalogue.csv" --as-of 2026-11-30T23:59:59Z >/dev/null
    for f in "$data"/orders-*.csv; do "$first" import --store "$store" "$f" >/dev/null; done
    touch "$store.complete"
fi
for run in $(seq "$RUNS"); do
    for bin in "$@"; do
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak %M KB" -o "$OUT/time.txt" \
            "$bin" reorder --all --timing --store "$store" --format csv >"$OUT/reorder.csv" 2>"$OUT/timing.txt"
        echo "$bin run $run (load $load): $(grep -o 'read.*SKUs' "$OUT/timing.txt"); $(cat "$OUT/time.txt");" \
            "csv md5 $(md5sum <"$OUT/reorder.csv" | cut -c1-12)"
    done
done
