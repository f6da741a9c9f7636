#!/bin/bash
# Round 22's screen: `forecast evaluate --half A` at 4 evaluation origins (the data cut 0–3
# horizons short) on pasta and carparts, and at 2 on the unseen shapes of make_datasets.py.
# Half A only: half B is run once, after the rule is written down. With combination.diff applied
# and built, EXP_COMBINE / EXP_K / EXP_RATIO choose the variant (see the diff's header).
# Usage: combination_screen.sh ONEPOOL DATA_DIR OUT_DIR LABEL   (prints one line per cut:
# name RMSSE totErr bias coverage-newest coverage-4-origins ms-per-1k)
set -euo pipefail
R=$1; D=$2; W=$3; label=$4
mkdir -p "$W"
[ -f "$W/retail_peak_daily.csv" ] || python3 "$(dirname "$0")/make_datasets.py" "$W" >/dev/null
cut() { # cut SRC DST N: drop the newest N dates (days or months) of every series
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.reader(open(src)))
dates = sorted(set(r[1] for r in rows[1:]))
keep = set(dates[: len(dates) - n])
with open(dst, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    w.writerows(r for r in rows[1:] if r[1] in keep)
PY
}
ev() {
    local name=$1; shift
    "$R" forecast evaluate "$@" --origins 4 --half A --format json 2>/dev/null | python3 -c "
import json, sys; j = json.load(sys.stdin)
print('$name', j['rmsse'], j['tot_err'], j['bias'], j['coverage95'], j['coverage95_all_origins'], j['ms_per1k'])"
}
for i in 0 1 2 3; do
    [ -f "$W/pasta_c$i.csv" ] || cut "$D/pasta_daily.csv" "$W/pasta_c$i.csv" $((28 * i))
    [ -f "$W/carparts_c$i.csv" ] || cut "$D/carparts_monthly.csv" "$W/carparts_c$i.csv" $((6 * i))
done
for i in 0 1; do
    [ -f "$W/retail_c$i.csv" ] || cut "$W/retail_peak_daily.csv" "$W/retail_c$i.csv" $((28 * i))
    [ -f "$W/trend_c$i.csv" ] || cut "$W/trend_daily.csv" "$W/trend_c$i.csv" $((28 * i))
    [ -f "$W/spare_c$i.csv" ] || cut "$W/spare_parts_monthly.csv" "$W/spare_c$i.csv" $((6 * i))
done
{
    for i in 0 1 2 3; do ev "pasta_c$i" --data "$W/pasta_c$i.csv" --horizon 28 --season 7; done
    for i in 0 1 2 3; do ev "carparts_c$i" --data "$W/carparts_c$i.csv" --horizon 6; done
    for i in 0 1; do ev "retail_c$i" --data "$W/retail_c$i.csv" --horizon 28 --season 7; done
    for i in 0 1; do ev "trend_c$i" --data "$W/trend_c$i.csv" --horizon 28 --season 7; done
    for i in 0 1; do ev "spare_c$i" --data "$W/spare_c$i.csv" --horizon 6; done
} | tee "$W/res-$label.txt"
