#!/usr/bin/env python3
"""Demand data sets of shapes the shared ones lack, from known processes (seeded, reproducible).

    python3 Benchmarks/forecast/make_datasets.py OUT_DIR

writes, in the long format of ../shared/data (series_id,date|period,demand):
- retail_peak_daily.csv   300 series, 2021-01-01 .. 2023-12-20: weekly shape (Saturday peak), a
                          level drifting by a random walk, and a pre-Christmas ramp (Nov 1 -> Dec 20,
                          up to 1.5-4x); negative binomial noise. The last 28 days held out are the ramp.
- spare_parts_monthly.csv 1000 series, 60 months: demand occurs with probability 0.04-0.5 a month,
                          sizes geometric-like with mean 1-12 (lumpy); a fifth become obsolete
                          (occurrence falls tenfold) somewhere in the last two years.
- trend_daily.csv         300 series, 2022-01-01 .. 2023-12-31: a linear trend of -60%..+120% a year,
                          weekly shape, Poisson-gamma noise.
"""
import datetime
import os
import sys

import numpy as np


def negative_binomial(rng, mean, dispersion):
    """Counts with the given mean and variance mean * (1 + mean / dispersion)."""
    mean = np.maximum(mean, 1e-9)
    return rng.poisson(rng.gamma(dispersion, mean / dispersion))


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def retail_peak(rng, path):
    dates = list(days(datetime.date(2021, 1, 1), datetime.date(2023, 12, 20)))
    with open(path, "w") as out:
        out.write("series_id,date,demand\n")
        for s in range(300):
            base = rng.lognormal(np.log(3), 0.9)
            weekly = np.array([0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 0.9])  # Mon..Sun
            peak = rng.uniform(1.5, 4.0)
            dispersion = rng.uniform(1.5, 8)
            level = 1.0
            for day in dates:
                level = float(np.clip(level * np.exp(rng.normal(0, 0.01)), 0.4, 2.5))
                season = 1.0
                if day.month == 11 or (day.month == 12 and day.day <= 24):
                    start = datetime.date(day.year, 11, 1)
                    progress = min(1.0, (day - start).days / 49)
                    season = 1 + (peak - 1) * progress
                mean = base * level * weekly[day.weekday()] * season
                out.write(f"RETAIL_{s:03d},{day.isoformat()},{negative_binomial(rng, mean, dispersion)}\n")


def spare_parts(rng, path):
    with open(path, "w") as out:
        out.write("series_id,period,demand\n")
        for s in range(1000):
            occurrence = rng.uniform(0.04, 0.5)
            size = rng.uniform(1, 12)
            obsolete_at = rng.integers(36, 60) if rng.random() < 0.2 else 99
            for month in range(60):
                p = occurrence / 10 if month >= obsolete_at else occurrence
                demand = 1 + rng.geometric(1 / size) - 1 if rng.random() < p else 0
                year, m = 2019 + month // 12, month % 12 + 1
                out.write(f"PART_{s:04d},{year}-{m:02d},{demand}\n")


def trend(rng, path):
    dates = list(days(datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)))
    with open(path, "w") as out:
        out.write("series_id,date,demand\n")
        for s in range(300):
            base = rng.lognormal(np.log(4), 0.8)
            slope = rng.uniform(-0.6, 1.2) / 365
            weekly = np.array([0.9, 0.9, 1.0, 1.0, 1.1, 1.4, 0.7])
            dispersion = rng.uniform(2, 20)
            for t, day in enumerate(dates):
                mean = max(0.05, base * (1 + slope * t)) * weekly[day.weekday()]
                out.write(f"TREND_{s:03d},{day.isoformat()},{negative_binomial(rng, mean, dispersion)}\n")


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(target, exist_ok=True)
    rng = np.random.default_rng(20261206)
    retail_peak(rng, os.path.join(target, "retail_peak_daily.csv"))
    spare_parts(rng, os.path.join(target, "spare_parts_monthly.csv"))
    trend(rng, os.path.join(target, "trend_daily.csv"))
