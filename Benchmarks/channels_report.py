#!/usr/bin/env python3
"""Turns channels.sh's results.jsonl into the table: benchmark | OnePool | SQLite | ratio | target.

Each input line is {"round", "side", "case", "load_before", "load_after", "result"}, result being
one line printed by channels-bench or channels_sqlite_peer.py. Imports show the median over the
rounds (range in brackets); the ratio is SQLite's median time / OnePool's median time for the same
file (= OnePool's rows/s ÷ SQLite's rows/s).

Usage: channels_report.py results.jsonl
"""

import statistics
import sys

import bench_common


def load(path):
    return bench_common.load_runs(path)


def rate(value):
    if value >= 1e6:
        return "%.2fM" % (value / 1e6)
    if value >= 1e3:
        return "%.1fk" % (value / 1e3)
    return "%.0f" % value


def med(entries, key):
    return statistics.median(e["result"][key] for e in entries)


def spread(entries, key, fmt):
    values = [e["result"][key] for e in entries]
    middle = statistics.median(values)
    if len(values) == 1:
        return fmt(middle)
    return "%s (%s–%s)" % (fmt(middle), fmt(min(values)), fmt(max(values)))


def main():
    runs = load(sys.argv[1])
    table, notes = [], []
    ours, theirs = runs.get(("onepool", "import"), []), runs.get(("sqlite", "import"), [])
    if ours and theirs:
        o, s = ours[0]["result"], theirs[0]["result"]
        ratio = med(theirs, "total_s") / med(ours, "total_s")
        table.append(("import %s-line Shopify export (%d order lines), one durable batch: wall time" % (
            "{:,}".format(o["rows"]), o["order_lines"]),
            spread(ours, "total_s", lambda v: "%.2f s" % v), spread(theirs, "total_s", lambda v: "%.2f s" % v),
            "%.2f×" % ratio, "≥ 3×", "met" if ratio >= 3 else "MISSED"))
        table.append(("  rows/s", spread(ours, "rows_per_second", rate), spread(theirs, "rows_per_second", rate), "", "", ""))
        table.append(("  events/s (OnePool: %s events appended)" % "{:,}".format(o["events"]),
                      spread(ours, "events_per_second", rate), "—", "", "", ""))
        phases = [("read, parse, plan and stage, streamed (rows → lines → staged batch, pieces written)", "stream_s"),
                  ("last records + fdatasync", "commit_s")]
        for label, key in phases:
            share = med(ours, key) / med(ours, "total_s") * 100
            table.append(("  " + label, "%.2f s (%.0f%%)" % (med(ours, key), share), "", "", "", ""))
        table.append(("  SQLite side: csv module + carry order fields", "", "%.2f s" % med(theirs, "parse_s"), "", "", ""))
        table.append(("  SQLite side: executemany INSERT OR IGNORE + COMMIT", "", "%.2f s" % med(theirs, "insert_commit_s"), "", "", ""))
        table.append(("  OnePool peak memory above the opened store's own (target ≤ 256 MiB)",
                      "%.0f MiB (store open: %.0f MiB)" % (max(e["result"]["peak_above_open_kb"] for e in ours) / 1024,
                                                          med(ours, "open_rss_kb") / 1024), "", "", "≤ 256 MiB",
                      "met" if max(e["result"]["peak_above_open_kb"] for e in ours) <= 256 * 1024 else "MISSED"))
        table.append(("  CPU time / peak memory", "%.1f s / %.0f MiB" % (med(ours, "cpu_s"), max(e["result"]["vmhwm_kb"] for e in ours) / 1024),
                      "%.1f s / %.0f MiB" % (med(theirs, "cpu_s"), max(e["result"]["vmhwm_kb"] for e in theirs) / 1024), "", "", ""))
        notes.append("per-round ratios: %s; load average before each OnePool / SQLite run: %s" % (
            ", ".join("%.2f×" % (t["result"]["total_s"] / u["result"]["total_s"]) for u, t in zip(ours, theirs)),
            ", ".join("%s / %s" % (u["load_before"].split()[0], t["load_before"].split()[0]) for u, t in zip(ours, theirs))))
        notes.append("state after the import: %s idempotency keys, %s open lines; the import's own bookkeeping "
                     "(a digest and line per order and per order line): %.1f MiB" % (
                         "{:,}".format(o["idempotency_keys"]), "{:,}".format(o["open_lines"]), o["bookkeeping_bytes"] / 1048576))
        notes.append("OnePool's events: placed %d, shipped %d, history only %d, parked (unmapped) %d; unchanged lines %d "
                     "(cancelled before ever seen open), skipped rows %d (custom items without a SKU), problems %d" % (
                         o["placed"], o["shipped"], o["history_only"], o["parked"], o["unchanged"], o["skipped"], o["problems"]))
        notes.append("catalogue first (%d SKUs, generic catalogue CSV): OnePool %.0f ms (%d events), SQLite %.0f ms; "
                     "the snapshot `onepool import` would then write (snapshotInterval 100,000): %.0f ms — neither is in the ratio" % (
                         o["catalogue_skus"], med(ours, "catalogue_s") * 1000, o["catalogue_events"], med(theirs, "catalogue_s") * 1000,
                         med(ours, "snapshot_s") * 1000))
    alloc = runs.get(("onepool", "allocation"), [])
    if alloc:
        a = alloc[0]["result"]
        if "rule_full_ns_per_sku" in a:  # results from before the book kept its inputs lack it
            table.append(("full allocation recompute, %s SKUs × %d channels (a rule change): AllocationBook.reallocate" % ("{:,}".format(a["skus"]), a["channels"]),
                          "%.1f ns/SKU (%.2f ms; best %.2f ms)" % (a["rule_full_ns_per_sku"], a["rule_full_ms"], a["rule_full_min_ms"]), "", "",
                          "< 100 ns", "met" if a["rule_full_ns_per_sku"] < 100 else "MISSED"))
        table.append(("  building the book from the state (start-up): AllocationBook(state:)",
                      "%.0f ns/SKU (%.1f ms; best %.1f ms)" % (a["book_full_ns_per_sku"], a["book_full_ms"], a["book_full_min_ms"]), "", "",
                      "", ""))
        table.append(("  raw loop over Allocator.allocate on flat arrays",
                      "%.1f ns/SKU (%.2f ms; best %.2f ms)" % (a["raw_full_ns_per_sku"], a["raw_full_ms"], a["raw_full_min_ms"]), "", "",
                      "< 100 ns", "met" if a["raw_full_ns_per_sku"] < 100 else "MISSED"))
        table.append(("incremental: StockState.commit(orderPlaced) + AllocationBook.update, p50 / p99 (%s events)" % "{:,}".format(a["events"]),
                      "%.2f / %.2f µs" % (a["incremental_p50_ns"] / 1000, a["incremental_p99_ns"] / 1000), "", "",
                      "< 2 µs", ("p50 met" if a["incremental_p50_ns"] < 2000 else "p50 MISSED")
                      + (", p99 met" if a["incremental_p99_ns"] < 2000 else ", p99 MISSED")))
        table.append(("  of which commit / update, p50", "%.2f / %.2f µs" % (a["commit_p50_ns"] / 1000, a["update_p50_ns"] / 1000), "", "", "", ""))
        notes.append("allocation: the book and the raw loop agree on every SKU: %s; the incrementally kept book equals a fresh one: %s; "
                     "clock read ≈ %.0f ns per sample; load before/after: %s / %s" % (
                         "yes" if a["mismatches"] == 0 else "NO (%d)" % a["mismatches"], "yes" if a["book_consistent"] else "NO",
                         a["clock_p50_ns"], alloc[0]["load_before"], alloc[0]["load_after"]))
    publish = runs.get(("onepool", "publish"), [])
    if publish:
        p = publish[0]["result"]
        table.append(("publish full Amazon file, %s listings: PublishPlan.make + UploadWriter.amazonPriceQuantity" % "{:,}".format(p["listings"]),
                      "%.0f ms (%.0f + %.0f)" % (p["total_ms"], p["plan_ms"], p["write_ms"]), "", "", "—", ""))
        notes.append("publish: %.1f MiB, %s units offered; median of %d runs; load before/after: %s / %s" % (
            p["bytes"] / 1048576, "{:,}".format(p["units"]), p["runs"], publish[0]["load_before"], publish[0]["load_after"]))

    headers = ("benchmark", "OnePool", "SQLite", "ratio", "target", "")
    bench_common.print_table(headers, table, notes)


if __name__ == "__main__":
    main()
