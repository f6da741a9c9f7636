#!/usr/bin/env python3
"""Turns import.sh's results.jsonl into one table row per file size: OnePool and its peer's wall
time (median over the rounds), the ratio (peer's time / OnePool's), peak resident memory of each
whole process (/usr/bin/time -v), OnePool's peak above its opened store, and the load average
(uptime) before each run.

Usage: import_report.py results.jsonl
"""

import statistics
import sys

import bench_common


def main():
    runs = bench_common.load_runs(sys.argv[1])
    sizes = sorted({entry["lines"] for entries in runs.values() for entry in entries})
    table, notes = [], []
    per_line = []
    for lines in sizes:
        ours = runs.get(("onepool", "import-%d" % lines), [])
        theirs = runs.get(("sqlite", "import-%d" % lines), [])
        if not ours:
            continue
        mine = statistics.median(e["result"]["total_s"] for e in ours)
        above = max(e["result"]["peak_above_open_kb"] for e in ours) / 1024
        o = ours[0]["result"]
        opened = runs.get(("state", "import-%d" % lines), [])
        state = opened[0]["result"]["state_kb"] / 1024 if opened else None
        live = max(e["result"].get("stream_end_trimmed_above_open_kb", 0) for e in ours) / 1024
        per_line.append((lines, above, o["idempotency_keys"], state, live))
        if not theirs:
            # PEER=0: OnePool alone (the memory growth at a size where the peer is not run).
            table.append((
                "{:,}".format(lines), "%.2f s" % mine, "not run", "—",
                "%.0f MiB" % (max(e["maxrss_kb"] for e in ours) / 1024), "—", "%.0f MiB" % above,
                ", ".join(u["load_before"].split(",")[0] for u in ours), "met" if above <= 256 else "MISSED"))
            notes.append("%s lines: state after the import %s idempotency keys; bookkeeping %.1f MiB; CPU %.1f s" % (
                "{:,}".format(lines), "{:,}".format(o["idempotency_keys"]), o["bookkeeping_bytes"] / 1048576,
                statistics.median(e["result"]["cpu_s"] for e in ours)))
            continue
        peer = statistics.median(e["result"]["total_s"] for e in theirs)
        ratio = peer / mine
        loads = ", ".join("%s / %s" % (u["load_before"].split(",")[0], t["load_before"].split(",")[0])
                          for u, t in zip(ours, theirs))
        table.append((
            "{:,}".format(lines), "%.2f s" % mine, "%.2f s" % peer, "%.2f×" % ratio,
            "%.0f MiB" % (max(e["maxrss_kb"] for e in ours) / 1024),
            "%.0f MiB" % (max(e["maxrss_kb"] for e in theirs) / 1024),
            "%.0f MiB" % above, loads, "met" if ratio >= 3 and above <= 256 else "MISSED"))
        notes.append("%s lines: %s order lines, %s events; OnePool stream %.2f s + last records and fdatasync %.2f s, "
                     "CPU %.1f s; peer parse %.2f s + insert and COMMIT %.2f s, CPU %.1f s; per-round ratios %s" % (
                         "{:,}".format(lines), "{:,}".format(o["order_lines"]), "{:,}".format(o["events"]),
                         statistics.median(e["result"]["stream_s"] for e in ours),
                         statistics.median(e["result"]["commit_s"] for e in ours),
                         statistics.median(e["result"]["cpu_s"] for e in ours),
                         statistics.median(e["result"]["parse_s"] for e in theirs),
                         statistics.median(e["result"]["insert_commit_s"] for e in theirs),
                         statistics.median(e["result"]["cpu_s"] for e in theirs),
                         ", ".join("%.2f×" % (t["result"]["total_s"] / u["result"]["total_s"])
                                   for u, t in zip(ours, theirs))))
        notes.append("%s lines: state after the import %s idempotency keys, %s open lines; the import's own "
                     "bookkeeping (a digest and line per order and per order line) %.1f MiB; store open before "
                     "the import %.0f MiB" % (
                         "{:,}".format(lines), "{:,}".format(o["idempotency_keys"]), "{:,}".format(o["open_lines"]),
                         o["bookkeeping_bytes"] / 1048576, o["open_rss_kb"] / 1024))
    for (a, peak_a, keys_a, state_a, live_a), (b, peak_b, keys_b, state_b, live_b) in zip(per_line, per_line[1:]):
        notes.append("growth %s → %s lines: peak above the opened store %+.0f MiB = %.0f bytes per added file line "
                     "(%.0f bytes per added idempotency key)" % (
                         "{:,}".format(a), "{:,}".format(b), peak_b - peak_a,
                         (peak_b - peak_a) * 1048576 / (b - a),
                         (peak_b - peak_a) * 1048576 / max(1, keys_b - keys_a)))
        if live_a and live_b:
            # What the importing process holds live at the stream's end (after malloc_trim): the
            # state's entries in the layout an import builds them in (hash tables, ≤ ¾ full).
            notes.append("the state's entries live in the importing process (the stream's end, after malloc_trim): "
                         "%.0f MiB → %.0f MiB, %+.0f MiB = %.0f bytes per added file line; the peak grew %.0f bytes "
                         "a line beyond them" % (
                             live_a, live_b, live_b - live_a, (live_b - live_a) * 1048576 / (b - a),
                             ((peak_b - peak_a) - (live_b - live_a)) * 1048576 / (b - a)))
        if state_a is not None and state_b is not None:
            notes.append("the state's own entries (the imported store opened afresh, `channels-bench open`): "
                         "%.0f MiB → %.0f MiB, %+.0f MiB = %.0f bytes per added file line; the import's peak grew "
                         "%+.0f MiB beyond them (%s)" % (
                             state_a, state_b, state_b - state_a, (state_b - state_a) * 1048576 / (b - a),
                             (peak_b - peak_a) - (state_b - state_a),
                             "met" if peak_b - peak_a <= state_b - state_a + 2 else "MISSED"))
    bench_common.print_table(
        ("lines", "OnePool", "Python csv + SQLite", "ratio (≥ 3×)", "peak RSS OnePool", "peak RSS peer",
         "OnePool peak above open store (≤ 256 MiB)", "load before OnePool / peer", ""),
        table, notes)


if __name__ == "__main__":
    main()
