#!/usr/bin/env bash
# Two builds of onepool-bench and SQLite, alternately, on the append and replay paths: for a
# before/after comparison on a machine that others share. Each line carries the load average
# and the process's CPU time (user+sys), which say what the wall-clock figure is worth.
#
#   Benchmarks/ab.sh OLD_BIN NEW_BIN          # e.g. a copy of onepool-bench from before a change
#
# Settings (environment): EVENTS (1000000), ROUNDS (3), ONEPOOL_BENCH_DIR (as run.sh), NEW_FLAGS
# (flags for the new side's append only, e.g. `--stream` for `Store.transactStream`).
# Output: one tab-separated line per measurement (round, what, side, figure, wall s, cpu s,
# load average), then medians and the ratios against SQLite.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
old="$1"
new="$2"
EVENTS="${EVENTS:-1000000}"
ROUNDS="${ROUNDS:-3}"
python="${PYTHON:-python3}"
if [ -z "${ONEPOOL_BENCH_DIR:-}" ]; then
    if [ -d /work ]; then ONEPOOL_BENCH_DIR=/work/onepool-bench-tmp; else ONEPOOL_BENCH_DIR=/tmp/onepool-bench-tmp; fi
fi
mkdir -p "$ONEPOOL_BENCH_DIR"
run="$(mktemp -d "$ONEPOOL_BENCH_DIR/ab-XXXXXX")"
trap 'rm -rf "$run"' EXIT
lines="$run/lines.tsv"

# measure ROUND WHAT SIDE FIELD COMMAND...: runs COMMAND under /usr/bin/time, files one line.
measure() {
    local round="$1" what="$2" side="$3" field="$4"
    shift 4
    local load output figure wall cpu
    load="$(cut -d' ' -f1 /proc/loadavg)"
    output="$(/usr/bin/time -f 'TIME %e %U %S' "$@" 2>"$run/time")"
    figure="$(sed -E "s/.*\"$field\": ([0-9.e+]+).*/\1/" <<<"$output")"
    read -r _ wall user sys < <(grep '^TIME' "$run/time")
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$round" "$what" "$side" "$figure" "$wall" "$cpu" "$load" | tee -a "$lines"
}

printf 'round\twhat\tside\tevents/s\twall s\tcpu s\tload\n'
for round in $(seq "$ROUNDS"); do
    rm -rf "$run/old" "$run/new" "$run/sqlite.db"*
    measure "$round" append old events_per_second "$old" append "$run/old" --events "$EVENTS" --snapshot-interval 0
    # shellcheck disable=SC2086  # NEW_FLAGS is a list of flags
    measure "$round" append new events_per_second "$new" append "$run/new" --events "$EVENTS" --snapshot-interval 0 ${NEW_FLAGS:-}
    measure "$round" append sqlite events_per_second "$python" "$here/sqlite_peer.py" append "$run/sqlite.db" --events "$EVENTS"
    for _ in 1 2; do
        measure "$round" replay old events_per_second "$old" open "$run/new"
        measure "$round" replay new events_per_second "$new" open "$run/new"
    done
done

"$python" - "$lines" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def median(what, side, column):
    return statistics.median(float(r[column]) for r in rows if r[1] == what and r[2] == side)
print()
for what in ("append", "replay"):
    for side in ("old", "new", "sqlite"):
        if not any(r[1] == what and r[2] == side for r in rows):
            continue
        rate = median(what, side, 3)
        line = f"{what:7} {side:7} median {rate / 1e3:8.1f}k ev/s  cpu {median(what, side, 5):5.2f} s"
        if what == "append" and side != "sqlite":
            line += f"  ratio to SQLite {rate / median('append', 'sqlite', 3):.2f}x"
        print(line)
EOF
