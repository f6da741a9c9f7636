#!/usr/bin/env python3
"""Turns run.sh's results.jsonl into the comparison table: benchmark | OnePool | SQLite | ratio | peak memory.

Each input line is {"round": N, "side": "onepool"|"sqlite", "case": NAME, "result": {...}}, where
result is one line printed by onepool-bench or sqlite_peer.py. Throughputs are the median over the
rounds (the range follows in brackets); ratio = OnePool's median / SQLite's median. Opens are the
median over every fresh process of every round. Peak memory is the highest VmHWM seen.

Usage: report.py results.jsonl [--markdown]
"""

import statistics
import sys

import bench_common

SETUP_EVENTS = 604


def load(path):
    return bench_common.load_runs(path, lambda entry: entry["result"])


def mib(kb):
    return "%.0f MiB" % (kb / 1024.0) if kb and kb > 0 else "—"


def count(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return "%dM" % (n // 1_000_000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return "{:,}".format(n)


def rate(value, unit=""):
    if value is None:
        return "—"
    if value >= 1e6:
        text = "%.2fM" % (value / 1e6)
    elif value >= 1e3:
        text = "%.1fk" % (value / 1e3)
    else:
        text = "%.0f" % value
    return text + (" " + unit if unit else "")


def spread(values, unit):
    """median (min–max) of a list of rates."""
    if not values:
        return "—", None
    middle = statistics.median(values)
    if len(values) == 1:
        return rate(middle, unit), middle
    return "%s (%s–%s)" % (rate(middle, unit), rate(min(values)), rate(max(values))), middle


def main():
    runs = load(sys.argv[1])
    get = lambda side, case: runs.get((side, case), [])
    table = []
    notes = []

    def peak(results):
        return max((r.get("vmhwm_kb", -1) for r in results), default=-1)

    # 1. Durable batched append.
    sqlite_append = get("sqlite", "append")
    theirs_text, theirs_median = spread([r["events_per_second"] for r in sqlite_append], "ev/s")
    for case, suffix in [("append", "snapshotInterval 0"), ("append-default", "default snapshotInterval 100k")]:
        ours = get("onepool", case)
        if not ours:
            continue
        label = "durable append of %s events, %s per commit (%s)" % (
            count(ours[0]["events"]), "{:,}".format(ours[0]["batch"]), suffix)
        ours_text, ours_median = spread([r["events_per_second"] for r in ours], "ev/s")
        ratio = ours_median / theirs_median if theirs_median else None
        table.append((label, ours_text, theirs_text if case == "append" else "(as above)",
                      "%.2f×" % ratio if ratio else "—",
                      "%s / %s" % (mib(peak(ours)), mib(peak(sqlite_append))), "≥ 5×",
                      "met" if ratio and ratio >= 5 else "MISSED"))
        notes.append("%s — commit latency p50 %s ms, p99 %s ms, max %s ms (per round); SQLite p50 %s, p99 %s, max %s ms" % (
            label, "/".join("%.2f" % r["commit_p50_ms"] for r in ours), "/".join("%.2f" % r["commit_p99_ms"] for r in ours),
            "/".join("%.1f" % r["commit_max_ms"] for r in ours),
            "/".join("%.2f" % r["commit_p50_ms"] for r in sqlite_append),
            "/".join("%.2f" % r["commit_p99_ms"] for r in sqlite_append),
            "/".join("%.1f" % r["commit_max_ms"] for r in sqlite_append)))
        if case == "append":
            notes.append("per-round ratios (append): %s" % ", ".join(
                "%.2f×" % (o["events_per_second"] / s["events_per_second"]) for o, s in zip(ours, sqlite_append)))

    # 2. Durable single-event commits.
    for case, where in [("single-empty", "an empty store"), ("single-1m", None)]:
        ours, theirs = get("onepool", case), get("sqlite", case)
        if not ours:
            continue
        where = where or "a store of %s events" % count(ours[0]["events_before"] - SETUP_EVENTS)
        label = "durable single-event commit on %s (%s commits)" % (where, "{:,}".format(ours[0]["commits"]))
        ours_text, ours_median = spread([r["commits_per_second"] for r in ours], "commits/s")
        theirs_text, their_median = spread([r["commits_per_second"] for r in theirs], "commits/s")
        ratio = ours_median / their_median if their_median else None
        table.append((label, ours_text, theirs_text, "%.2f×" % ratio if ratio else "—",
                      "%s / %s" % (mib(peak(ours)), mib(peak(theirs))), "≥ 1×",
                      "met" if ratio and ratio >= 1 else "MISSED"))
        notes.append("%s — latency p50 %s ms, p99 %s ms (per round); SQLite p50 %s, p99 %s ms; per-round ratios %s" % (
            label, "/".join("%.3f" % r["p50_ms"] for r in ours), "/".join("%.3f" % r["p99_ms"] for r in ours),
            "/".join("%.3f" % r["p50_ms"] for r in theirs), "/".join("%.3f" % r["p99_ms"] for r in theirs),
            ", ".join("%.2f×" % (o["commits_per_second"] / s["commits_per_second"]) for o, s in zip(ours, theirs))))

    # 3. Opening a store.
    sqlite_open = get("sqlite", "open")
    sqlite_open_text = ("%.1f ms ¹" % (statistics.median(r["seconds"] for r in sqlite_open) * 1000)) if sqlite_open else "—"
    for case, kind, target in [("open-snapshot", "with a snapshot", "< 0.1 s"),
                               ("open-replay", "by replaying the journal (no snapshot)", "≥ 3M ev/s")]:
        ours = get("onepool", case)
        if not ours:
            continue
        events = ours[0]["events"]
        label = "open a store of %s events %s (%d fresh processes)" % (count(events - SETUP_EVENTS), kind, len(ours))
        seconds = statistics.median(r["seconds"] for r in ours)
        met = seconds < 0.1 if case == "open-snapshot" else events / seconds >= 3e6
        base = max(r["vmhwm_before_open_kb"] for r in ours)
        table.append((label, "%.1f ms (%s)" % (seconds * 1000, rate(events / seconds, "ev/s")), sqlite_open_text, "—",
                      "%s (%s before opening) / %s" % (mib(peak(ours)), mib(base), mib(peak(sqlite_open))),
                      target, "met" if met else "MISSED"))
        times = sorted(r["seconds"] * 1000 for r in ours)
        notes.append("%s — min %.1f / median %.1f / max %.1f ms; state after opening: %d events, %d open lines, %d idempotency keys" % (
            label, times[0], statistics.median(times), times[-1], events, ours[0]["open_lines"], ours[0]["idempotency_keys"]))
        states = {(r["events"], r["open_lines"], r["idempotency_keys"], r["on_hand_total"], r["committed_total"]) for r in ours}
        if len(states) != 1:
            notes.append("WARNING: the opened states differ between runs: %s" % states)

    replay, snapshot_open = get("onepool", "open-replay"), get("onepool", "open-snapshot")
    if replay and snapshot_open:
        a = {(r["events"], r["open_lines"], r["idempotency_keys"], r["on_hand_total"], r["committed_total"]) for r in replay}
        b = {(r["events"], r["open_lines"], r["idempotency_keys"], r["on_hand_total"], r["committed_total"]) for r in snapshot_open}
        notes.append("replay and snapshot open reach the same state (events, open lines, keys, on hand, committed): %s" % (
            "yes" if a == b else "NO: %s vs %s" % (a, b)))
    snap = get("onepool", "snapshot")
    if snap:
        notes.append("writing the snapshot of %d events (Store.writeSnapshot, in a fresh process): %s ms, %.1f MiB" % (
            snap[0]["events"], "/".join("%.0f" % (s["seconds"] * 1000) for s in snap), snap[0]["snapshot_bytes"] / 1048576.0))
    a, q = get("onepool", "append"), get("sqlite", "append")
    if a and q:
        notes.append("bytes on disk after the append: OnePool %.1f MiB (journal), SQLite %.1f MiB (db + wal)" % (
            a[0]["store_bytes"] / 1048576.0, q[0]["store_bytes"] / 1048576.0))
    if sqlite_open:
        notes.append("¹ SQLite 'open' = connect + PRAGMAs + read the last row: SQLite folds no state on open, so it is a "
                     "reference only (no ratio, no target)")

    headers = ("benchmark", "OnePool", "SQLite", "ratio", "peak memory (OnePool / SQLite)", "target", "")
    bench_common.print_table(headers, table, notes)


if __name__ == "__main__":
    main()
