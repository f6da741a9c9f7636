#!/usr/bin/env python3
"""The SQLite peer of channels-bench's import: the same Shopify orders export loaded into SQLite.

It reads the file with Python's csv module, carries each order's fields (created at, fulfilled at,
cancelled at, status, refunded amount, Id) from its first row to the rows after it, decides each
line's status as OnePool's reader does (cancelled / shipped / open; custom items without a SKU are
skipped), and inserts one row per order line with INSERT OR IGNORE into a table with a UNIQUE key
on (order id, line position), in ONE transaction. SQLite: WAL journal mode, synchronous=FULL, so
the COMMIT is durable. Times stay text (SQLite has no time type; OnePool parses them, see
CHANNELS.md). The catalogue (sku,title,barcode,cost,price,on_hand) is loaded first, in its own
transaction, and timed on its own, as channels-bench does.

  channels_sqlite_peer.py import DB --orders FILE --catalogue FILE    # prints one line of JSON

Everything from opening the orders file to the end of COMMIT is timed (read+parse, insert+commit).
"""

import argparse
import csv
import json
import os
import sqlite3
import sys
import time

import bench_common

SCHEMA = """
CREATE TABLE skus (
    sku      TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    barcode  TEXT,
    cost     INTEGER,
    price    INTEGER,
    on_hand  INTEGER
);
CREATE TABLE order_lines (
    order_id   TEXT NOT NULL,
    line       INTEGER NOT NULL,
    sku        TEXT NOT NULL,
    qty        INTEGER NOT NULL,
    unit_price INTEGER,
    placed_at  TEXT NOT NULL,
    status     TEXT NOT NULL,
    status_at  TEXT,
    refunded   INTEGER NOT NULL,
    UNIQUE (order_id, line)
);
"""


vm_kb = bench_common.vm_kb


def cents(text):
    """'12.99' → 1299; '' → None."""
    text = text.strip()
    if not text:
        return None
    whole, _, fraction = text.partition(".")
    return int(whole or "0") * 100 + int((fraction + "00")[:2])


def connect(path):
    return bench_common.connect(path, "channels_sqlite_peer")


def load_catalogue(connection, path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        at = {name: index for index, name in enumerate(header)}
        rows = [(r[at["sku"]], r[at["title"]], r[at["barcode"]] or None, cents(r[at["cost"]]), cents(r[at["price"]]),
                 int(r[at["on_hand"]])) for r in reader if r]
    connection.execute("BEGIN")
    connection.executemany("INSERT OR IGNORE INTO skus VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    return len(rows)


def read_orders(path):
    """The order lines of a Shopify orders export, as rows for order_lines; and counts."""
    lines = []
    skipped = 0
    rows = 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        at = {name: index for index, name in enumerate(header)}
        name, created, quantity = at["Name"], at["Created at"], at["Lineitem quantity"]
        sku, price = at["Lineitem sku"], at["Lineitem price"]
        order_id, fulfilled_at, cancelled_at = at["Id"], at["Fulfilled at"], at["Cancelled at"]
        order_status, line_status, refunded = at["Fulfillment Status"], at["Lineitem fulfillment status"], at["Refunded Amount"]
        orders = {}
        for row in reader:
            if not row or (len(row) == 1 and not row[0]):
                continue
            rows += 1
            key = row[name].strip()
            if row[created].strip():
                if key in orders:
                    sys.exit("order %s twice" % key)
                refund = cents(row[refunded]) or 0
                order = [row[order_id].strip() or key, row[created].strip(), row[fulfilled_at].strip() or None,
                         row[cancelled_at].strip() or None, row[order_status].strip() == "fulfilled", 1 if refund > 0 else 0, 0]
                orders[key] = order
            else:
                order = orders.get(key)
                if order is None:
                    sys.exit("row %d: no first row for order %s" % (rows, key))
            order[6] += 1
            listing = row[sku].strip()
            units = int(row[quantity])
            if units < 1:
                sys.exit("row %d: quantity %d" % (rows, units))
            unit_price = cents(row[price])
            if not listing:
                skipped += 1
                continue
            item = row[line_status].strip()
            if order[3] is not None:
                status, status_at = "cancelled", order[3]
            elif item == "fulfilled" or (not item and order[4]):
                status, status_at = "shipped", order[2]
            else:
                status, status_at = "open", None
            lines.append((order[0], order[6], listing, units, unit_price, order[1], status, status_at, order[5]))
    return lines, rows, skipped


def cmd_import(args):
    if os.path.exists(args.db):
        sys.exit("channels_sqlite_peer: %s already exists" % args.db)
    connection = connect(args.db)
    connection.executescript(SCHEMA)
    began = time.perf_counter()
    skus = load_catalogue(connection, args.catalogue)
    catalogue_seconds = time.perf_counter() - began

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    lines, rows, skipped = read_orders(args.orders)
    t1 = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany("INSERT OR IGNORE INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)
    connection.execute("COMMIT")
    t2 = time.perf_counter()
    cpu = time.process_time() - cpu0
    stored = connection.execute("SELECT count(*) FROM order_lines").fetchone()[0]
    connection.close()
    if stored != len(lines):
        sys.exit("channels_sqlite_peer: %d rows stored, %d expected" % (stored, len(lines)))
    print(json.dumps({
        "benchmark": "import", "rows": rows, "order_lines": len(lines), "skipped": skipped,
        "parse_s": t1 - t0, "insert_commit_s": t2 - t1, "total_s": t2 - t0, "cpu_s": cpu,
        "rows_per_second": rows / (t2 - t0), "lines_per_second": len(lines) / (t2 - t0),
        "catalogue_skus": skus, "catalogue_s": catalogue_seconds, "vmhwm_kb": vm_kb("VmHWM"),
        "sqlite_version": sqlite3.sqlite_version,
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    imported = commands.add_parser("import")
    imported.add_argument("db")
    imported.add_argument("--orders", required=True)
    imported.add_argument("--catalogue", required=True)
    args = parser.parse_args()
    {"import": cmd_import}[args.command](args)


if __name__ == "__main__":
    main()
