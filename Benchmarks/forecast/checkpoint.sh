#!/usr/bin/env bash
# The history checkpoint (issue 17, goal 5) on a catalogue store made by catalogue.sh: writes it
# with NEW's `onepool snapshot` (timed; its size printed), then runs `reorder --all --timing
# --format csv` alternately with NEW reading the checkpoint, NEW without it (the .oph files moved
# aside for the run) and BASE (which does not know the file), RUNS times; the load before each
# run, the read and compute split, wall, CPU and peak memory, and the CSV's md5 (all three must
# print the same file).
#
#   Benchmarks/forecast/checkpoint.sh STORE NEW BASE      # RUNS=2 by default
set -euo pipefail
store="$1"; new="$2"; base="$3"; RUNS="${RUNS:-2}"
export ONEPOOL_NOW="${ONEPOOL_NOW:-2026-12-01T08:00:00Z}"
work="$(mktemp -d)"; aside="$work/aside"; mkdir -p "$aside"
trap 'mv "$aside"/*.oph "$store/snapshots/" 2>/dev/null || true; rm -rf "$work"' EXIT
load="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak %M KB" -o "$work/time.txt" \
    "$new" snapshot --store "$store" >"$work/snapshot.txt"
echo "snapshot (load $load): $(cat "$work/time.txt")"
sed 's/^/  /' "$work/snapshot.txt"
ls -l "$store"/snapshots/*.oph | awk '{print "  " $5 " bytes " $9}'
run() {
    local label="$1" bin="$2"
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak %M KB" -o "$work/time.txt" \
        "$bin" reorder --all --timing --store "$store" --format csv >"$work/reorder.csv" 2>"$work/timing.txt"
    echo "$label (load $load): $(grep -o 'read.*SKUs' "$work/timing.txt"); $(cat "$work/time.txt");" \
        "csv md5 $(md5sum <"$work/reorder.csv" | cut -c1-12)"
    grep -i "warning\|checkpoint" "$work/timing.txt" | sed 's/^/  /' || true
}
for r in $(seq "$RUNS"); do
    run "new, checkpoint" "$new"
    mv "$store"/snapshots/*.oph "$aside/"
    run "new, no checkpoint" "$new"
    mv "$aside"/*.oph "$store/snapshots/"
    run "base" "$base"
done
