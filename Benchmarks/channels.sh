#!/usr/bin/env bash
# The channel benchmarks (issue 4, "Speed"), release build: see CHANNELS.md.
#
#   Benchmarks/channels.sh                  # build, generate the files once, run, print the table (~4 min after the build)
#   LINES=100000 ROUNDS=1 Benchmarks/channels.sh   # a quick, smaller run
#   Benchmarks/channels.sh --perf           # then also profile one import with perf (top symbols, inclusive)
#
# 1. day-one import: a generated catalogue (SKUS SKUs) then a generated LINES-line Shopify orders
#    export, through OnePoolChannels + Store.transact (one durable batch), against
#    channels_sqlite_peer.py loading the same rows into SQLite (one transaction, UNIQUE key,
#    WAL, synchronous=FULL), each in a fresh process, ROUNDS rounds interleaved; medians shown;
# 2. allocation for ALLOC_SKUS SKUs × 8 channels: full recompute and incremental update;
# 3. a full Amazon Price & Quantity publish of ALLOC_SKUS listings.
#
# Settings (environment): LINES (1000000), SKUS (10000), SEED (42), ROUNDS (3), ALLOC_SKUS
# (100000), EVENTS (20000 incremental events), ONEPOOL_BENCH_DIR (default /work/onepool-bench-tmp,
# or /tmp/onepool-bench-tmp if /work is missing). The generated files go to
# $ONEPOOL_BENCH_DIR/channels/ and are reused by later runs with the same LINES, SKUS and SEED;
# stores and databases are made fresh per measurement and removed afterwards (KEEP=1 keeps them).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

LINES="${LINES:-1000000}"
SKUS="${SKUS:-10000}"
SEED="${SEED:-42}"
ROUNDS="${ROUNDS:-3}"
ALLOC_SKUS="${ALLOC_SKUS:-100000}"
EVENTS="${EVENTS:-20000}"
PERF=0
for argument in "$@"; do
    case "$argument" in
        --perf) PERF=1 ;;
        *) echo "channels.sh: unknown argument $argument" >&2; exit 2 ;;
    esac
done
if [ -z "${ONEPOOL_BENCH_DIR:-}" ]; then
    if [ -d /work ]; then ONEPOOL_BENCH_DIR=/work/onepool-bench-tmp; else ONEPOOL_BENCH_DIR=/tmp/onepool-bench-tmp; fi
fi
python="${PYTHON:-python3}"

echo "== building channels-bench (release)" >&2
swift build -c release --product channels-bench >&2
bin="$(swift build -c release --show-bin-path)/channels-bench"

files="$ONEPOOL_BENCH_DIR/channels"
mkdir -p "$files"
common=(--dir "$files" --lines "$LINES" --skus "$SKUS" --seed "$SEED")
echo "== generated files in $files" >&2
"$bin" generate "${common[@]}" >&2

run="$(mktemp -d "$files/run-XXXXXX")"
results="$run/results.jsonl"
: > "$results"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$run/stores"; fi; }
trap cleanup EXIT
mkdir -p "$run/stores"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# record SIDE CASE ROUND COMMAND...: one measurement (one fresh process), filed with the load average.
record() {
    local side="$1" case="$2" round="$3"
    shift 3
    local before output
    before="$(loadavg)"
    output="$("$@")"
    printf '{"round": %s, "side": "%s", "case": "%s", "load_before": "%s", "load_after": "%s", "result": %s}\n' \
        "$round" "$side" "$case" "$before" "$(loadavg)" "$output" >> "$results"
}

load_at_start="$(loadavg)"
echo "== machine: $(nproc) cores, $(uname -srm); load average now: $load_at_start (other work on the machine skews the figures)" >&2
for round in $(seq "$ROUNDS"); do
    echo "== round $round of $ROUNDS: import of $LINES lines, OnePool then SQLite" >&2
    record onepool import "$round" "$bin" import "${common[@]}" --store "$run/stores/onepool-$round"
    rm -rf "$run/stores/onepool-$round"
    record sqlite import "$round" "$python" channels_sqlite_peer.py import "$run/stores/sqlite-$round.db" \
        --orders "$files/shopify-orders-$LINES-s$SEED.csv" --catalogue "$files/catalogue-$SKUS-s$SEED.csv"
    rm -f "$run/stores/sqlite-$round.db"*
done
echo "== allocation: $ALLOC_SKUS SKUs × 8 channels" >&2
record onepool allocation 1 "$bin" allocation --skus "$ALLOC_SKUS" --events "$EVENTS" --seed "$SEED"
echo "== publish: $ALLOC_SKUS Amazon listings" >&2
record onepool publish 1 "$bin" publish --listings "$ALLOC_SKUS" --seed "$SEED"

echo >&2
echo "OnePool channel benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), load average at start: $load_at_start, at the end: $(loadavg); SQLite $("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)') via Python $("$python" -c 'import platform; print(platform.python_version())')"
"$python" channels_report.py "$results"
echo
echo "raw results: $results"

if [ "$PERF" = 1 ]; then
    if ! command -v perf >/dev/null; then echo "channels.sh: perf is not installed" >&2; exit 1; fi
    echo "== perf: one import, 499 Hz with call graphs (load average $(loadavg))" >&2
    perf record -F 499 -g -o "$run/perf.data" "$bin" import "${common[@]}" --store "$run/stores/perf" > "$run/perf-import.json"
    rm -rf "$run/stores/perf"
    echo
    echo "Where the import's time goes (perf, inclusive of callees, top 40; $run/perf.data):"
    perf report -i "$run/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' \
        | { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; } | awk '{$1=$1};1' | cut -c1-160 | head -40
fi
