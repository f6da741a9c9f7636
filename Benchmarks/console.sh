#!/usr/bin/env bash
# The console benchmark: OnePoolConsole on a generated shop of 100,000 SKUs (release build).
#
#   Benchmarks/console.sh                        # build, make the store once, run, print the table
#   SKUS=20000 KEYS=1000 Benchmarks/console.sh   # a quicker, smaller run
#
# Measures (see CONSOLE.md): 1. update + render per key of a browsing mix; 2. the same per
# keystroke typed into the lookup; 3. start-up to the first frame in fresh processes that open
# the store from its snapshot, without and with ncurses painting into a 200×60 pty; 4. ncurses'
# paint of the frames of 1, against our part of each frame.
#
# 6. the real runtime (ConsoleRuntime with its background loader) on the store: spawn → first key
# answered, keystroke → frame while history and forecasts load, and after.
#
# Settings (environment): SKUS (100000), SEED (7), KEYS (3000 presses for 1 and 4), QUERIES (300
# lookup queries for 2), STARTUP_RUNS (10 fresh processes per start-up variant), SIZE (200x60),
# ONEPOOL_BENCH_DIR (where the store goes: /work/onepool-bench-tmp, else /tmp/onepool-bench-tmp).
# The store (1.87M events for 100k SKUs, ~13 s to write) is kept there and reused by later runs
# with the same SKUS and SEED, unless console-bench was rebuilt since (the store code may have
# changed); FRESH_STORE=1 writes it again. LIVE=0 skips 6; ONLY_LIVE=1 runs 6 alone; PACE_MS (40)
# is the time between its key presses, KEYS_AFTER (500) how many it times once everything is in.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

SKUS="${SKUS:-100000}"
SEED="${SEED:-7}"
KEYS="${KEYS:-3000}"
QUERIES="${QUERIES:-300}"
STARTUP_RUNS="${STARTUP_RUNS:-10}"
SIZE="${SIZE:-200x60}"
if [ -z "${ONEPOOL_BENCH_DIR:-}" ]; then
    if [ -d /work ]; then ONEPOOL_BENCH_DIR=/work/onepool-bench-tmp; else ONEPOOL_BENCH_DIR=/tmp/onepool-bench-tmp; fi
fi

# ncurses needs a UTF-8 locale for the box-drawing and block characters, and a terminfo entry.
export LC_ALL="${LC_ALL:-C.UTF-8}"
# The theme files of the main package (the default theme colours the painted frames).
export ONEPOOL_THEMES="${ONEPOOL_THEMES:-$here/../Themes}"

echo "== building console-bench (release)" >&2
swift build -c release --product console-bench >&2
bin="$(swift build -c release --show-bin-path)/console-bench"

store="$ONEPOOL_BENCH_DIR/console-store-$SKUS-s$SEED"
mkdir -p "$ONEPOOL_BENCH_DIR"
if [ "${FRESH_STORE:-0}" = 1 ] || [ ! -f "$store.complete" ] || [ "$bin" -nt "$store.complete" ]; then
    rm -rf "$store" "$store.complete"
    echo "== writing the store ($SKUS SKUs) to $store" >&2
    "$bin" setup "$store" --skus "$SKUS" --seed "$SEED" >&2
    touch "$store.complete"
fi

echo "== running (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
if [ "${ONLY_LIVE:-0}" != 1 ]; then
    "$bin" all --store "$store" --skus "$SKUS" --seed "$SEED" --keys "$KEYS" --queries "$QUERIES" \
        --startup-runs "$STARTUP_RUNS" --size "$SIZE"
fi
# 6. The real runtime in a fresh process: first key answered, keys while history and forecasts
#    load in the background, and after.
if [ "${LIVE:-1}" = 1 ]; then
    "$bin" live --store "$store" --size "$SIZE" --pace-ms "${PACE_MS:-40}" --keys-after "${KEYS_AFTER:-500}"
fi
echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
