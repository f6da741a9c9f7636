#!/usr/bin/env bash
# Issue 15: import of a generated Shopify orders export at several sizes, OnePool against its peer
# (Python csv + SQLite, WAL, synchronous=FULL) in the same run, release build; see IMPORT.md.
#
#   Benchmarks/import.sh                         # 300k and 1M lines, 1 round each (~3 min after the build)
#   SIZES="300000 1000000 5000000" ROUNDS=3 Benchmarks/import.sh
#
# Each import is one fresh process run under /usr/bin/time -v (peak resident set of the whole
# process: its "Maximum resident set size"); `uptime`'s load average is filed before and after
# each. OnePool's side is `channels-bench import` (catalogue, then the export streamed as
# `onepool import FILE --channel shopify` does it: one staged batch, one fdatasync); the peer is
# channels_sqlite_peer.py. Settings (environment): SIZES, ROUNDS (1), SKUS (10000), SEED (42),
# ONEPOOL_BENCH_DIR (/work/onepool-bench-tmp, else /tmp/onepool-bench-tmp), KEEP=1, PYTHON,
# PEER=0 (OnePool only: for the memory growth at sizes where the peer's list of rows is the cost),
# BIN=path (run that channels-bench instead of building one: a saved binary for before/after runs).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

SIZES="${SIZES:-300000 1000000}"
ROUNDS="${ROUNDS:-1}"
SKUS="${SKUS:-10000}"
SEED="${SEED:-42}"
if [ -z "${ONEPOOL_BENCH_DIR:-}" ]; then
    if [ -d /work ]; then ONEPOOL_BENCH_DIR=/work/onepool-bench-tmp; else ONEPOOL_BENCH_DIR=/tmp/onepool-bench-tmp; fi
fi
python="${PYTHON:-python3}"
[ -x /usr/bin/time ] || { echo "import.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

if [ -n "${BIN:-}" ]; then
    bin="$BIN"   # a saved build (e.g. from before a change), for before/after runs
else
    echo "== building channels-bench (release)" >&2
    swift build -c release --product channels-bench >&2
    bin="$(swift build -c release --show-bin-path)/channels-bench"
fi

files="$ONEPOOL_BENCH_DIR/channels"
mkdir -p "$files"
run="$(mktemp -d "$files/import-XXXXXX")"
results="$run/results.jsonl"
: > "$results"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$run/stores"; fi; }
trap cleanup EXIT
mkdir -p "$run/stores"

load() { uptime | sed 's/.*load average: //'; }
# record SIDE LINES ROUND COMMAND...: one measurement in one fresh process under /usr/bin/time -v.
record() {
    local side="$1" lines="$2" round="$3"
    shift 3
    local before output rss
    before="$(load)"
    output="$(/usr/bin/time -v -o "$run/time.txt" "$@")"
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$run/time.txt")"
    printf '{"round": %s, "side": "%s", "case": "import-%s", "lines": %s, "load_before": "%s", "load_after": "%s", "maxrss_kb": %s, "result": %s}\n' \
        "$round" "$side" "$lines" "$lines" "$before" "$(load)" "$rss" "$output" >> "$results"
}

start_load="$(load)"
for lines in $SIZES; do
    common=(--dir "$files" --lines "$lines" --skus "$SKUS" --seed "$SEED")
    "$bin" generate "${common[@]}" >&2
    for round in $(seq "$ROUNDS"); do
        echo "== $lines lines, round $round of $ROUNDS: OnePool then the peer (load $(load))" >&2
        record onepool "$lines" "$round" "$bin" import "${common[@]}" --store "$run/stores/onepool"
        # The state the import built, opened afresh: what its entries alone hold in memory.
        # (A saved binary from before `open` existed skips it.)
        if [ "$round" = 1 ] && "$bin" open --store "$run/stores/onepool" > /dev/null 2>&1; then
            record state "$lines" "$round" "$bin" open --store "$run/stores/onepool"
        fi
        rm -rf "$run/stores/onepool"
        if [ "${PEER:-1}" != 0 ]; then
            record sqlite "$lines" "$round" "$python" channels_sqlite_peer.py import "$run/stores/peer.db" \
                --orders "$files/shopify-orders-$lines-s$SEED.csv" --catalogue "$files/catalogue-$SKUS-s$SEED.csv"
            rm -f "$run/stores/peer.db"*
        fi
    done
done

echo >&2
echo "OnePool import (issue 15) — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr); load average at start: $start_load, at the end: $(load); SQLite $("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)') via Python $("$python" -c 'import platform; print(platform.python_version())')"
"$python" import_report.py "$results"
echo
echo "raw results: $results"
