#!/usr/bin/env python3
"""The best statsforecast peer on pasta's RMSSE and totErr (HistoricAverage), per validation half.

HistoricAverage forecasts every held-out day at the mean of the whole training part. RMSSE and
totErr as ../shared/data/README.md defines them (RMSSE's scale: one-step naive differences from
the first sale). The halves are `forecast evaluate --half`'s: FNV-1a 64 of the series id, even = A.
On all series this reproduces peer_results.csv (0.7363 / 0.3412); each half's figure is the bar
that half is judged against. Also prints a flat oracle (every held-out day at the held-out mean).

With a closed-days file (`forecast evaluate --closed`) it also prints the same peer told the
store-closed days ahead (forecast 0 there), so `--closed` figures are compared at equal information.

Usage: Benchmarks/forecast/peer.py [../shared/data/pasta_daily.csv] [horizon=28] [closed_days.txt]
"""
import csv
import math
import sys
from collections import defaultdict


def is_a(series_id):
    h = 0xCBF29CE484222325
    for b in series_id.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h % 2 == 0


def rmsse(train, actual, forecast):
    first = next((i for i, v in enumerate(train) if v != 0), None)
    if first is None or first + 1 >= len(train):
        return None
    diffs = [(train[t] - train[t - 1]) ** 2 for t in range(first + 1, len(train))]
    scale = sum(diffs) / len(diffs)
    if scale <= 0:
        return None
    mse = sum((a - f) ** 2 for a, f in zip(actual, forecast)) / len(actual)
    return math.sqrt(mse / scale)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/pasta_daily.csv"
    h = int(sys.argv[2]) if len(sys.argv) > 2 else 28
    closed = set(open(sys.argv[3]).read().split()) if len(sys.argv) > 3 else set()
    series = defaultdict(list)
    dates = []
    with open(path) as f:
        for row in csv.DictReader(f):
            if not series or row["series_id"] == next(iter(series)):
                dates.append(row.get("date", row.get("period")))
            series[row["series_id"]].append(float(row["demand"]))
    shut = [day in closed for day in dates[-h:]]
    parts = {"all": lambda s: True, "A": is_a, "B": lambda s: not is_a(s)}
    for name, keep in parts.items():
        scores, oracle, told, abs_err, told_err, actual_sum, n = [], [], [], 0.0, 0.0, 0.0, 0
        for sid, values in series.items():
            if not keep(sid):
                continue
            train, actual = values[:-h], values[-h:]
            mean = sum(train) / len(train)
            score = rmsse(train, actual, [mean] * h)
            ahead = [0.0 if s else mean for s in shut]
            if score is not None:
                scores.append(score)
                held = sum(actual) / h
                oracle.append(rmsse(train, actual, [held] * h))
                told.append(rmsse(train, actual, ahead))
            abs_err += abs(mean * h - sum(actual))
            told_err += abs(sum(ahead) - sum(actual))
            actual_sum += sum(actual)
            n += 1
        print(
            f"{name:3} series {n:4}  HistoricAverage RMSSE {sum(scores) / len(scores):.4f}"
            f"  totErr {abs_err / actual_sum:.4f}  3% bar {0.97 * sum(scores) / len(scores):.4f}"
            f"  flat oracle RMSSE {sum(oracle) / len(oracle):.4f}"
        )
        if closed:
            print(f"    told the {sum(shut)} closed day(s) ahead: RMSSE {sum(told) / len(told):.4f}  totErr {told_err / actual_sum:.4f}")


main()
