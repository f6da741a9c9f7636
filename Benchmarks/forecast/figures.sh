#!/bin/sh
# The issue 17 figures: forecast evaluate on carparts and pasta (each validation half, promotions
# modelled / set aside, several horizons) and simulate at 90/95/98% on the demo and on pasta.
# Usage: Benchmarks/forecast/figures.sh [DATA_DIR] [OUT_DIR]   (after swift build -c release --product onepool)
set -eu
D=${1:-../shared/data}
OUT=${2:-/tmp/fc-figures}
R=${ONEPOOL:-.build/release/onepool}
PART=${PART:-all}   # eval, sim or all
mkdir -p "$OUT"
run() {  # name, command...
    name=$1; shift
    { echo "# $*"; echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"; "$@"; echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"; } \
        > "$OUT/$name.txt" 2>&1 || echo "failed: $name" >&2
}
if [ "$PART" != sim ]; then
for half in all A B; do
    run "carparts-$half" $R forecast evaluate --data "$D/carparts_monthly.csv" --horizon 6 --origins 4 --half $half
    run "pasta-$half" $R forecast evaluate --data "$D/pasta_daily.csv" --horizon 28 --season 7 --origins 4 --half $half
    run "pasta-$half-no-inferred" $R forecast evaluate --data "$D/pasta_daily.csv" --horizon 28 --season 7 --origins 4 \
        --half $half --no-inferred-closed
done
run pasta-closed $R forecast evaluate --data "$D/pasta_daily.csv" --horizon 28 --season 7 --origins 4 \
    --closed "$D/pasta_closed_days.txt"
run pasta-closed-promo-censor $R forecast evaluate --data "$D/pasta_daily.csv" --horizon 28 --season 7 --origins 4 \
    --closed "$D/pasta_closed_days.txt" --promotions "$D/pasta_promo_days.csv" --promotion-days censor
run pasta-closed-promo-lift $R forecast evaluate --data "$D/pasta_daily.csv" --horizon 28 --season 7 --origins 4 \
    --closed "$D/pasta_closed_days.txt" --promotions "$D/pasta_promo_days.csv"
for h in 7 14; do
    run "pasta-h$h" $R forecast evaluate --data "$D/pasta_daily.csv" --horizon $h --season 7 --origins 4
done
for h in 1 3; do
    run "carparts-h$h" $R forecast evaluate --data "$D/carparts_monthly.csv" --horizon $h --origins 4
done
fi
[ "$PART" = eval ] && exit 0
export ONEPOOL_NOW=2026-12-01T08:00:00Z
[ -d "$OUT/demo" ] || $R demo --store "$OUT/demo" --no-console > /dev/null
for p in 0.90 0.95 0.98; do
    run "simulate-demo-$p" $R simulate --store "$OUT/demo" --service-level $p
    run "simulate-pasta-$p" $R simulate --data "$D/pasta_daily.csv" --days 364 --service-level $p \
        --closed "$D/pasta_closed_days.txt"
    run "simulate-pasta-promo-$p" $R simulate --data "$D/pasta_daily.csv" --days 364 --service-level $p \
        --closed "$D/pasta_closed_days.txt" --promotions "$D/pasta_promo_days.csv"
done
