#!/usr/bin/env bash
# The storage benchmark: OnePool's store against SQLite (Python's sqlite3: WAL, synchronous=FULL,
# a UNIQUE index on the idempotency key) on the same order-line events, in the same run.
#
#   Benchmarks/run.sh                 # the full run (about 1.5 minutes after the build)
#   EVENTS=100000 Benchmarks/run.sh   # a quick, smaller run
#   Benchmarks/run.sh --with-ordo     # then also the ordo-one/benchmark suite (StoreBenchmarks)
#
# Settings (environment): EVENTS (1000000), BATCH (1000), COMMITS (5000 single commits per store),
# OPEN_RUNS (5 fresh processes per open measurement and round), ROUNDS (3: the whole suite runs
# this many times on fresh stores, OnePool and SQLite interleaved; the table shows medians),
# ONEPOOL_BENCH_DIR (where the temporary stores go; default /work/onepool-bench-tmp, or
# /tmp/onepool-bench-tmp if /work is missing), KEEP=1 keeps the stores afterwards.
# Both sides use the same disk; opens are measured with a warm page cache.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

EVENTS="${EVENTS:-1000000}"
BATCH="${BATCH:-1000}"
COMMITS="${COMMITS:-5000}"
OPEN_RUNS="${OPEN_RUNS:-5}"
ROUNDS="${ROUNDS:-3}"
round=0
WITH_ORDO=0
for argument in "$@"; do
    case "$argument" in
        --with-ordo) WITH_ORDO=1 ;;
        *) echo "run.sh: unknown argument $argument" >&2; exit 2 ;;
    esac
done
if [ -z "${ONEPOOL_BENCH_DIR:-}" ]; then
    if [ -d /work ]; then ONEPOOL_BENCH_DIR=/work/onepool-bench-tmp; else ONEPOOL_BENCH_DIR=/tmp/onepool-bench-tmp; fi
fi
export ONEPOOL_BENCH_DIR

echo "== building onepool-bench (release)" >&2
swift build -c release --product onepool-bench >&2
bin="$(swift build -c release --show-bin-path)/onepool-bench"
python="${PYTHON:-python3}"

mkdir -p "$ONEPOOL_BENCH_DIR"
run="$(mktemp -d "$ONEPOOL_BENCH_DIR/run-XXXXXX")"
results="$run/results.jsonl"
: > "$results"
cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then
        rm -rf "$run/stores"
    fi
}
trap cleanup EXIT
mkdir -p "$run/stores"

# record SIDE CASE COMMAND...: runs one measurement (one fresh process) and files its JSON line.
record() {
    local side="$1" case="$2"
    shift 2
    local output
    output="$("$@")"
    printf '{"round": %s, "side": "%s", "case": "%s", "result": %s}\n' "$round" "$side" "$case" "$output" >> "$results"
}

echo "== checking that both generators make the same events" >&2
ours="$("$bin" verify-workload --events 20000)"
theirs="$("$python" sqlite_peer.py verify-workload --events 20000)"
digest() { sed -E 's/.*"digest": "([0-9a-f]+)".*/\1/' <<<"$1"; }
if [ "$(digest "$ours")" != "$(digest "$theirs")" ]; then
    echo "run.sh: the Swift and Python workloads differ:" >&2
    echo "  $ours" >&2
    echo "  $theirs" >&2
    exit 1
fi

echo "== machine: $(nproc) cores, $(uname -srm); disk: $(df -h "$ONEPOOL_BENCH_DIR" | awk 'NR==2 {print $1, $2}'); SQLite $("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)')" >&2
echo "== stores under $run" >&2
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load average now: $load_at_start (other work on the machine skews the figures)" >&2

one_round() {
    local round="$1" stores="$run/stores/round-$1"
    mkdir -p "$stores"
    echo "== round $round of $ROUNDS" >&2
    echo "== 1. durable batched append: $EVENTS events, $BATCH per commit" >&2
    record onepool append "$bin" append "$stores/onepool-1m" --events "$EVENTS" --batch "$BATCH" --snapshot-interval 0
    record sqlite append "$python" sqlite_peer.py append "$stores/sqlite-1m.db" --events "$EVENTS" --batch "$BATCH"
    record onepool append-default "$bin" append "$stores/onepool-1m-default" --events "$EVENTS" --batch "$BATCH" --snapshot-interval 100000
    rm -rf "$stores/onepool-1m-default"

    echo "== 3. open the $EVENTS-event store: replay (no snapshot), then with a snapshot" >&2
    for _ in $(seq "$OPEN_RUNS"); do
        record onepool open-replay "$bin" open "$stores/onepool-1m"
        record sqlite open "$python" sqlite_peer.py open "$stores/sqlite-1m.db"
    done
    record onepool snapshot "$bin" snapshot "$stores/onepool-1m"
    for _ in $(seq "$OPEN_RUNS"); do
        record onepool open-snapshot "$bin" open "$stores/onepool-1m"
    done

    echo "== 2. durable single-event commits: $COMMITS on an empty store, $COMMITS on the $EVENTS-event store" >&2
    record onepool single-empty "$bin" single "$stores/onepool-empty" --create --commits "$COMMITS"
    record sqlite single-empty "$python" sqlite_peer.py single "$stores/sqlite-empty.db" --create --commits "$COMMITS"
    record onepool single-1m "$bin" single "$stores/onepool-1m" --commits "$COMMITS"
    record sqlite single-1m "$python" sqlite_peer.py single "$stores/sqlite-1m.db" --commits "$COMMITS"
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$stores"; fi
}

for round in $(seq "$ROUNDS"); do
    one_round "$round"
done

echo >&2
echo "OnePool storage benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), load average at start: $load_at_start, SQLite $("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)') via Python $("$python" -c 'import platform; print(platform.python_version())')"
"$python" report.py "$results"
echo
echo "raw results: $results"

if [ "$WITH_ORDO" = 1 ]; then
    echo "== ordo-one/benchmark suite (StoreBenchmarks)" >&2
    swift package --disable-sandbox benchmark --target StoreBenchmarks --no-progress
fi
