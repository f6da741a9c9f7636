#!/usr/bin/env python3
"""The SQLite peer of onepool-bench: the same logical events into SQLite, measured the same way.

SQLite settings: WAL journal mode, PRAGMA synchronous=FULL, a UNIQUE index on the idempotency
key, INSERT OR IGNORE (a repeated key changes nothing, as in OnePool). Each subcommand does one
measurement in its own process and prints one line of JSON; only the database calls are timed
(rows are generated before the clock starts, as onepool-bench does).

  sqlite_peer.py append DB [--events N] [--batch B]   # one transaction per B rows
  sqlite_peer.py single DB [--commits N] [--create]   # one transaction per row
  sqlite_peer.py open DB                              # connect + read the last row (reference)
  sqlite_peer.py verify-workload [--events N]

The workload is Sources/BenchWorkload/Workload.swift's, line for line: keep them in step
(run.sh compares `verify-workload` digests of both before measuring).
"""

import argparse
import json
import os
import sqlite3
import sys
import time

import bench_common

CHANNELS = ["shopify", "amazon", "ebay", "wholesale"]
SKU_COUNT = 300
RECEIVED_PER_SKU = 20_000
FIRST_ORDER_ID = 100_000
START_MS = 1_767_571_200_000
ACTOR = "import:bench"
SETUP_EVENT_COUNT = 4 + 2 * 300
OPEN_LINE_LAG = 1000


def sku_code(index):
    return "SKU-%04d" % index


def sku_price_cents(index):
    return 499 + (index * 137) % 9500


def row(index, lag=OPEN_LINE_LAG):
    """(kind, channel, order_id, line, sku, qty, price_cents, time_ms, key) of order-line event `index`."""
    if index < lag:
        kind, n = "order-placed", index
    else:
        j = index - lag
        if j % 2 == 0:
            kind, n = "order-placed", lag + j // 2
        else:
            kind, n = "order-shipped", (j - 1) // 2
    order = n // 2
    channel = CHANNELS[order % 4]
    order_id = str(FIRST_ORDER_ID + order)
    line = n % 2 + 1
    sku = (n * 7919 + 13) % SKU_COUNT
    prefix = "order" if kind == "order-placed" else "ship"
    return (kind, channel, order_id, line, sku_code(sku), 1 + n % 3, sku_price_cents(sku),
            START_MS + index * 1000, "%s:%s:%s:%d" % (prefix, channel, order_id, line))


def row_text(r):
    return "|".join(str(v) for v in r)


vm_kb = bench_common.vm_kb


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, -(-len(ordered) * fraction // 1) - 1))
    return ordered[int(index)]


SCHEMA = """
CREATE TABLE events (
    seq      INTEGER PRIMARY KEY,
    time     INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    channel  TEXT,
    order_id TEXT,
    line     INTEGER,
    sku      TEXT,
    qty      INTEGER,
    price    INTEGER,
    key      TEXT
);
CREATE UNIQUE INDEX events_key ON events(key);
"""

INSERT = ("INSERT OR IGNORE INTO events (seq, time, actor, kind, channel, order_id, line, sku, qty, price, key) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def connect(path):
    return bench_common.connect(path, "sqlite_peer")


def create(path):
    if os.path.exists(path):
        sys.exit("sqlite_peer: %s already exists" % path)
    connection = connect(path)
    connection.executescript(SCHEMA)
    # The same setup facts as OnePool's (channels, SKUs, a receipt each): rows, untimed.
    rows = []
    seq = 0
    t = START_MS
    for channel in CHANNELS:
        seq += 1
        rows.append((seq, t, "bench-setup", "channel-added", channel, None, None, None, None, None, None))
    for index in range(SKU_COUNT):
        seq += 1
        rows.append((seq, t, "bench-setup", "sku-created", None, None, None, sku_code(index), None,
                     sku_price_cents(index), None))
    for index in range(SKU_COUNT):
        seq += 1
        rows.append((seq, t, "bench-setup", "received", None, None, None, sku_code(index), RECEIVED_PER_SKU, None,
                     "receipt:initial:" + sku_code(index)))
    connection.execute("BEGIN")
    connection.executemany(INSERT, rows)
    connection.execute("COMMIT")
    assert seq == SETUP_EVENT_COUNT
    return connection


def last_seq(connection):
    return connection.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]


def full_row(seq, index):
    kind, channel, order_id, line, sku, qty, price, time_ms, key = row(index)
    return (seq, time_ms, ACTOR, kind, channel, order_id, line, sku, qty, price, key)


def db_bytes(path):
    return sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-shm") if os.path.exists(p))


def cmd_append(args):
    connection = create(args.db)
    first_seq = last_seq(connection) + 1
    batches = []
    for start in range(0, args.events, args.batch):
        end = min(args.events, start + args.batch)
        batches.append([full_row(first_seq + i, i) for i in range(start, end)])
    print("appending %d rows in %d transactions…" % (args.events, len(batches)), file=sys.stderr)
    latencies = []
    began_all = time.perf_counter()
    for batch in batches:
        began = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(INSERT, batch)
        connection.execute("COMMIT")
        latencies.append(time.perf_counter() - began)
    seconds = time.perf_counter() - began_all
    count = last_seq(connection) - first_seq + 1
    if count != args.events:
        sys.exit("sqlite_peer: %d rows stored, %d expected" % (count, args.events))
    connection.close()
    print(json.dumps({
        "benchmark": "append", "events": args.events, "batch": args.batch, "commits": len(batches),
        "seconds": seconds, "events_per_second": args.events / seconds,
        "commit_p50_ms": percentile(latencies, 0.5) * 1000, "commit_p99_ms": percentile(latencies, 0.99) * 1000,
        "commit_max_ms": max(latencies) * 1000, "store_bytes": db_bytes(args.db), "vmhwm_kb": vm_kb("VmHWM"),
        "sqlite_version": sqlite3.sqlite_version,
    }))


def cmd_single(args):
    connection = create(args.db) if args.create else connect(args.db)
    before = last_seq(connection)
    first_index = before - SETUP_EVENT_COUNT
    rows = [full_row(before + 1 + k, first_index + k) for k in range(args.commits)]
    print("%d single-row transactions on a table of %d rows…" % (args.commits, before), file=sys.stderr)
    latencies = []
    execute = connection.execute
    began_all = time.perf_counter()
    for values in rows:
        began = time.perf_counter()
        execute("BEGIN IMMEDIATE")
        execute(INSERT, values)
        execute("COMMIT")
        latencies.append(time.perf_counter() - began)
    seconds = time.perf_counter() - began_all
    if last_seq(connection) != before + args.commits:
        sys.exit("sqlite_peer: rows missing after single commits")
    connection.close()
    print(json.dumps({
        "benchmark": "single", "events_before": before, "commits": args.commits, "seconds": seconds,
        "commits_per_second": args.commits / seconds,
        "p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000, "vmhwm_kb": vm_kb("VmHWM"),
    }))


def cmd_open(args):
    baseline = vm_kb("VmHWM")
    began = time.perf_counter()
    connection = connect(args.db)
    last = connection.execute("SELECT seq, key FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seconds = time.perf_counter() - began
    connection.close()
    print(json.dumps({
        "benchmark": "open", "events": last[0], "seconds": seconds, "vmhwm_kb": vm_kb("VmHWM"),
        "vmhwm_before_open_kb": baseline,
    }))


def cmd_verify(args):
    digest = 0xcbf29ce484222325
    for index in range(args.events):
        for byte in (row_text(row(index)) + "\n").encode():
            digest = ((digest ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    print(json.dumps({"events": args.events, "digest": "%x" % digest, "row0": row_text(row(0)),
                      "row1001": row_text(row(1001))}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    append = commands.add_parser("append")
    append.add_argument("db")
    append.add_argument("--events", type=int, default=1_000_000)
    append.add_argument("--batch", type=int, default=1000)
    single = commands.add_parser("single")
    single.add_argument("db")
    single.add_argument("--commits", type=int, default=3000)
    single.add_argument("--create", action="store_true")
    opened = commands.add_parser("open")
    opened.add_argument("db")
    verify = commands.add_parser("verify-workload")
    verify.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    {"append": cmd_append, "single": cmd_single, "open": cmd_open, "verify-workload": cmd_verify}[args.command](args)


if __name__ == "__main__":
    main()
