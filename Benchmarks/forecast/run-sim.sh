#!/bin/bash
# Round 4's simulate figures (demo, pasta, pasta + promotions at 90/95/98%), each with the load.
# Usage: Benchmarks/forecast/run-sim.sh ONEPOOL_BINARY OUT_DIR [DATA_DIR]
B=$1; O=$2; D=${3:-../shared/data}; mkdir -p "$O"
export ONEPOOL_NOW=2026-12-01T08:00:00Z
rm -rf $O/demo; $B demo --store $O/demo --no-console > $O/demo-make.txt 2>&1
for p in 0.90 0.95 0.98; do
  { echo "== demo $p"; uptime; /usr/bin/time -f "%e s wall %U s user" $B simulate --store $O/demo --service-level $p; } > $O/demo-$p.txt 2>&1
  { echo "== pasta $p"; uptime; /usr/bin/time -f "%e s wall %U s user" $B simulate --data $D/pasta_daily.csv --days 364 --service-level $p --closed $D/pasta_closed_days.txt; } > $O/pasta-$p.txt 2>&1
  { echo "== pasta+promo $p"; uptime; /usr/bin/time -f "%e s wall %U s user" $B simulate --data $D/pasta_daily.csv --days 364 --service-level $p --closed $D/pasta_closed_days.txt --promotions $D/pasta_promo_days.csv; } > $O/promo-$p.txt 2>&1
done
for f in $O/demo-0.*.txt $O/pasta-0.*.txt $O/promo-0.*.txt; do head -2 $f | tail -1 | sed 's/.*load/load/'; grep -E "^==|^forecast|equal service\)|At equal|wall" $f; done
