#!/usr/bin/env python3
"""A day-one store of a large catalogue, made the way an operator makes one: a catalogue CSV with
on-hand counts, then two years of order history in OnePool's generic order CSV (every line shipped
before the count, so each becomes demand history). One line per SKU per day with demand.

    make_catalogue_store.py OUT_DIR [--skus 100000] [--days 730] [--end 2026-11-30] [--seed 1]
        [--files 8]

Writes OUT_DIR/catalogue.csv and OUT_DIR/orders-N.csv (the history split over --files files so
one import never holds it all). The mix is a long-tailed catalogue: 55% slow intermittent SKUs
(a sale on 2-25% of days, 1-3 units), 15% lumpy (3-20% of days, 1-40 units), 20% smooth
(0.5-10 a day with a weekly shape, gamma-mixed Poisson), 10% erratic (1-8 a day, occasional
5-20x orders). Then, with the release binary B and ONEPOOL_NOW the day after --end:
    B init --store S --time-zone UTC; B channel add --store S shop
    B import --store S OUT_DIR/catalogue.csv --as-of END T23:59:59Z
    for f in OUT_DIR/orders-*.csv; do B import --store S $f; done
"""
import argparse, datetime, os
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--skus", type=int, default=100000)
p.add_argument("--days", type=int, default=730)
p.add_argument("--end", default="2026-11-30")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--files", type=int, default=8)
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
rng = np.random.default_rng(a.seed)
end = datetime.date.fromisoformat(a.end)
first = end - datetime.timedelta(days=a.days - 1)
dates = [(first + datetime.timedelta(days=d)).isoformat() for d in range(a.days)]
weekly = np.array([0.85, 0.9, 0.95, 1.0, 1.1, 1.4, 0.8])
weekday = np.array([(first + datetime.timedelta(days=d)).weekday() for d in range(a.days)])

with open(os.path.join(a.out, "catalogue.csv"), "w") as f:
    f.write("sku,title,barcode,cost,price,on_hand\n")
    onhand = rng.integers(0, 61, a.skus)
    for i in range(a.skus):
        f.write(f"S{i:06d},Item {i},,2.50,6.00,{onhand[i]}\n")

kinds = rng.random(a.skus)
files = [open(os.path.join(a.out, f"orders-{n}.csv"), "w") for n in range(a.files)]
for f in files:
    f.write("channel,order_id,line,sku,qty,unit_price,placed_at,status\n")
lines = 0
for i in range(a.skus):
    k = kinds[i]
    if k < 0.55:
        units = np.where(rng.random(a.days) < rng.uniform(0.02, 0.25), rng.integers(1, 4, a.days), 0)
    elif k < 0.70:
        units = np.where(rng.random(a.days) < rng.uniform(0.03, 0.2), rng.integers(1, 41, a.days), 0)
    elif k < 0.90:
        mean = rng.uniform(0.5, 10) * weekly[weekday] * np.maximum(0.05, 1 + 0.3 * rng.standard_normal(a.days))
        units = rng.poisson(mean)
    else:
        mean = rng.uniform(1, 8)
        units = np.where(rng.random(a.days) < 0.03, rng.integers(5, 21, a.days) * int(mean), rng.poisson(mean, a.days))
    code = f"S{i:06d}"
    for d in np.nonzero(units)[0]:
        files[d * a.files // a.days].write(f"shop,{code}-{d},1,{code},{units[d]},6.00,{dates[d]},shipped\n")
    lines += int(np.count_nonzero(units))
for f in files:
    f.close()
print(f"{a.skus} SKUs, {a.days} days ({dates[0]} .. {dates[-1]}), {lines} order lines")
