#!/usr/bin/env python3
"""Round 17's screening of selection variants on a dump of `forecast evaluate` (half A only).

The dump comes from a build with pooled-selection.diff applied: `ONEPOOL_TRACE=1 onepool forecast
evaluate … --half A` prints, per evaluation origin and series, the point forecast and every
candidate's backtest (paths at each scored origin, totals, score). This script re-ranks and
re-combines the candidates in Python and scores each variant's point on the held-out horizon
(RMSSE / totErr / bias per evaluation origin, newest first). A re-ranked combination keeps the
base's ratio of planned to expected total (the calibrated median is not recomputed), so these
figures screen ideas; the chosen rule is then measured exactly with the Swift build.

Usage: selection_variants.py DUMP.jsonl DATA.csv HORIZON YEAR [A|B|all]
   e.g. selection_variants.py /tmp/dumpA.jsonl ../shared/data/pasta_daily.csv 28 364 A
"""
import csv
import json
import math
import sys
from collections import defaultdict


def is_a(series_id):
    h = 0xCBF29CE484222325
    for b in series_id.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h % 2 == 0


def load(path):
    """Series in file order; series with an empty demand are dropped, as `forecast evaluate` does."""
    series, bad = defaultdict(list), set()
    with open(path) as f:
        rows = csv.reader(f)
        next(rows)
        for sid, _, demand in rows:
            if demand.strip() == "":
                bad.add(sid)
            series[sid].append(float(demand or 0))
    return {k: v for k, v in series.items() if k not in bad}


def rmsse(train, actual, forecast):
    first = next((i for i, v in enumerate(train) if v != 0), None)
    if first is None or first + 1 >= len(train):
        return None
    scale = sum((train[t] - train[t - 1]) ** 2 for t in range(first + 1, len(train))) / (len(train) - first - 1)
    if scale <= 0:
        return None
    return math.sqrt(sum((a - f) ** 2 for a, f in zip(actual, forecast)) / len(actual) / scale)


def main():
    dump, data, H, YEAR = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    half = sys.argv[5] if len(sys.argv) > 5 else "A"
    s = load(data)
    ids = [k for k in s if half == "all" or is_a(k) == (half == "A")]
    recs = [json.loads(line) for line in open(dump) if line.startswith("{")]
    for r in recs:
        r["id"] = ids[r["series"]]
    n = len(s[ids[0]])
    sums = [0.0]
    for t in range(n):
        sums.append(sums[-1] + sum(s[k][t] for k in ids))

    def share(k, o):  # the series' last-year mean × the set's last 2 horizons over its last year
        year = min(YEAR, o)
        recent = min(2 * H, year)
        yearly = (sums[o] - sums[o - year]) / year
        return None if yearly <= 0 else sum(s[k][o - year:o]) / year * (sums[o] - sums[o - recent]) / recent / yearly

    def historic(r):
        return sum(s[r["id"]][: r["cut"]]) / r["cut"]

    def reselect(r, pooled=False, metric="total", combine=3):
        k, origins, actuals = r["id"], r["origins"], r["actuals"]
        rows = [dict(x) for x in r["rows"]]

        def score(x):
            if metric == "total":
                return sum(abs(a - b) for a, b in zip(x["totals"], actuals))
            if metric == "squared total":
                return sum((a - b) ** 2 for a, b in zip(x["totals"], actuals))
            return sum(sum((f - a) ** 2 for f, a in zip(p, s[k][o:o + H])) for o, p in zip(origins, x["bt"]))

        chosen = sorted((x for x in rows if not x["excluded"]), key=score)[:combine]
        paths = [x["path"] for x in chosen]
        past = [share(k, o) for o in origins]
        now = share(k, r["cut"])
        if pooled and now and None not in past:
            paths.append([now] * H)
        expected = [sum(p[h] for p in paths) / len(paths) for h in range(H)]
        base = sum(r["expected"])
        ratio = sum(r["final"]) / base if base > 0 else 1
        return [e * ratio for e in expected]

    variants = {
        "base (as dumped)": lambda r: r["final"],
        "share forecast alone": lambda r: [share(r["id"], r["cut"]) or 0.0] * H,
        "shrink 1/3 to the share forecast": lambda r: [
            p * 2 / 3 + (share(r["id"], r["cut"]) or p) / 3 for p in r["final"]],
        "shrink 0.30 to the historic average": lambda r: [0.7 * p + 0.3 * historic(r) for p in r["final"]],
        "re-ranked as today (check)": lambda r: reselect(r),
        "share forecast as a 4th member": lambda r: reselect(r, pooled=True),
        "ranked by squared total error": lambda r: reselect(r, metric="squared total"),
        "ranked by squared error per period": lambda r: reselect(r, metric="period"),
        "per period, best 4": lambda r: reselect(r, metric="period", combine=4),
        "per period + share as a 4th member": lambda r: reselect(r, pooled=True, metric="period"),
    }
    print(f"{'variant':38} per origin (newest first): RMSSE / totErr / bias   mean RMSSE, totErr")
    for name, forecast in variants.items():
        out = defaultdict(lambda: [[], 0.0, 0.0, 0.0])
        for r in recs:
            k, cut = r["id"], r["cut"]
            train, actual, f = s[k][:cut], s[k][cut:cut + H], forecast(r)
            score, o = rmsse(train, actual, f), out[r["back"]]
            if score is not None:
                o[0].append(score)
            o[1] += abs(sum(f) - sum(actual))
            o[2] += sum(actual)
            o[3] += sum(f) - sum(actual)
        res = [(sum(v[0]) / len(v[0]), v[1] / v[2], v[3] / v[2]) for _, v in sorted(out.items())]
        cells = "  ".join(f"{a:.4f}/{b:.3f}/{c:+.3f}" for a, b, c in res)
        print(f"{name:38} {cells}   {sum(x[0] for x in res) / len(res):.4f}, {sum(x[1] for x in res) / len(res):.4f}")


main()
