#!/bin/bash
# Round 4's coverage figures: forecast evaluate per horizon and validation half, each with the load.
# Usage: Benchmarks/forecast/run-ev.sh ONEPOOL_BINARY OUT_DIR [DATA_DIR]
R=$1; O=$2; D=${3:-../shared/data}; mkdir -p "$O"
run() { n=$1; shift; { echo "# $*"; echo "# load before: $(uptime)"; /usr/bin/time -f "%e s wall %U s user" "$@"; echo "# load after: $(uptime)"; } > "$O/$n.txt" 2>&1; }
for h in 14 7 28; do run pasta-h$h $R forecast evaluate --data $D/pasta_daily.csv --horizon $h --season 7 --origins 4; done
for h in 6 3 1; do run carparts-h$h $R forecast evaluate --data $D/carparts_monthly.csv --horizon $h --origins 4; done
for half in A B; do
  run pasta-$half $R forecast evaluate --data $D/pasta_daily.csv --horizon 28 --season 7 --origins 4 --half $half
  run carparts-$half $R forecast evaluate --data $D/carparts_monthly.csv --horizon 6 --origins 4 --half $half
done
