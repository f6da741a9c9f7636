#!/usr/bin/env python3
"""Does a larger order lot lower the stock a SKU needs for a given *cycle* service level?

A model replay, not OnePool: demand of a known, stationary distribution; a periodic review every
R = 7 days, lead time L = 14, lost sales; policy (s, S = s + Q): at a review with position <= s,
order S - position. For each lot Q (1 unit -- OnePool's S = s + 1 -- then half, one, two and four
reviews' mean demand) s is the smallest whole number whose replayed cycle service (the share of
arrival-to-arrival cycles with no lost demand, as `onepool simulate` counts it) reaches the target;
the table gives the average end-of-day stock at that s.

Usage: python3 Benchmarks/forecast/lot_size.py [days]   (deterministic; ~1 min per shape)
"""
import sys

import numpy as np

L, R = 14, 7


def shapes(days):
    rng = np.random.default_rng(1)
    # lumpy: a sale on 12% of days, sizes geometric with mean 16 (ADI 8, CV^2 of sizes ~0.9)
    lumpy = ((rng.random(days) < 0.12) * (rng.negative_binomial(1.0, 1 / 16.0, days) + 1)).astype(int)
    # promotion spells: Poisson(0.5) a day, plus 5-day bursts of Poisson(12) starting on 2% of days
    spells = rng.poisson(0.5, days)
    for start in np.where(rng.random(days) < 0.02)[0]:
        spells[start:start + 5] += rng.poisson(12, len(spells[start:start + 5]))
    smooth = rng.poisson(5, days)
    return {"lumpy": lumpy, "promotion spells": spells, "smooth": smooth}


def replay(demand, s, big_s):
    on_hand, pipeline, on_order = big_s, {}, 0
    cycles = served_cycles = 0
    lost = False
    stock = 0
    for day, wanted in enumerate(demand):
        if day in pipeline:
            quantity = pipeline.pop(day)
            on_order -= quantity
            on_hand += quantity
            cycles += 1
            served_cycles += not lost
            lost = False
        if day % R == 0 and on_hand + on_order <= s:
            quantity = max(1, big_s - on_hand - on_order)
            pipeline[day + L] = quantity
            on_order += quantity
        sold = min(on_hand, wanted)
        on_hand -= sold
        lost = lost or sold < wanted
        stock += on_hand
    return served_cycles / cycles, stock / len(demand), cycles


def main():
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    print("| shape | target | lot Q | s | cycle service | avg stock | cycles |")
    print("|---|---|---|---|---|---|---|")
    for name, demand in shapes(days).items():
        review_mean = demand.mean() * R
        for target in (0.90, 0.98):
            for lot in [1] + [int(f * review_mean) + 1 for f in (0.5, 1, 2, 4)]:
                low, high = 0, int(demand.mean() * (L + R) * 6) + 50
                while low < high:
                    middle = (low + high) // 2
                    if replay(demand, middle, middle + lot)[0] >= target:
                        high = middle
                    else:
                        low = middle + 1
                service, stock, cycles = replay(demand, low, low + lot)
                print(f"| {name} | {target:.0%} | {lot} | {low} | {service:.2%} | {stock:.1f} | {cycles} |")


if __name__ == "__main__":
    main()
