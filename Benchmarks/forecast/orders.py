#!/usr/bin/env python3
# Order by order: which orders of `onepool simulate --data` made a series' stock (round 15 of
# README.md). A throwaway diagnostic, not part of the product:
#   git apply Benchmarks/forecast/order-trace.diff && swift build -c release --product onepool
#   ONEPOOL_SIM_TRACE=1 .build/release/onepool simulate --data ../shared/data/pasta_daily.csv --days 364 \
#       --closed ../shared/data/pasta_closed_days.txt --service-level 0.90 2> trace.txt
#   python3 Benchmarks/forecast/orders.py ../shared/data/pasta_daily.csv ../shared/data/pasta_promo_days.csv \
#       trace.txt PASTA_B4_6 PASTA_B4_4
# It replays each series with PolicySimulation's rules (lead 14, review 7, warm-up 21, case 1, MOQ 1)
# from the traced s and S, and prints every order: s, position, quantity, the forecast's 21-day
# mean and sd, the demand (and promotion days) in the 14 days before and the 28 after it arrives.
import sys, csv, collections, datetime
data, promo, trace = sys.argv[1:4]
want = set(sys.argv[4:])
dem = collections.defaultdict(list); first = {}
for r in csv.DictReader(open(data)):
    if want and r['series_id'] not in want: continue
    if r['series_id'] not in first: first[r['series_id']] = datetime.date.fromisoformat(r['date'])
    dem[r['series_id']].append(int(float(r['demand'] or 0)))
promos = collections.defaultdict(set)
for r in csv.DictReader(open(promo)):
    promos[r['series_id']].add(datetime.date.fromisoformat(r['date']))
lv = collections.defaultdict(dict)
for line in open(trace):
    if not line.startswith('TRACE,'): continue
    f = line.strip().split(',')
    sku, day, absd, s, S, mean, var, cls, meth, pr, lift = f[1:12]
    lv[sku][int(day)] = (int(s), int(S), float(mean), float(var), cls, meth, float(lift))
L, R, warm = 14, 7, 21
for sku in sorted(want or lv):
    d = dem[sku]; start = len(d) - 364 - warm; play = d[start:]
    t = lv[sku]; base = first[sku]
    date = lambda i: base + datetime.timedelta(days=start + i)
    isp = lambda i: date(i) in promos[sku]
    on = t[0][0] + 1; pipe = {}; onorder = 0; lostc = False
    orders = []; cycles = []; inv = []; curorder = None
    for day, w in enumerate(play):
        if day in pipe:
            q = pipe.pop(day); onorder -= q; on += q
            if day >= warm: cycles.append((day, not lostc))
            lostc = False
        if (day - warm) % R == 0:
            s, S, mean, var, cls, meth, lift = t[day]
            pos = on + onorder
            if pos <= s:
                q = max(1, S - pos); pipe[day + L] = pipe.get(day + L, 0) + q; onorder += q
                orders.append(dict(day=day, s=s, pos=pos, q=q, mean=mean, sd=var**.5, cls=cls, meth=meth,
                                   lift=lift, onhand=on))
        sv = min(on, w); on -= sv
        if sv < w: lostc = True
        if day >= warm: inv.append(on)
    avg = sum(inv) / len(inv)
    short = sum(1 for c in cycles if not c[1])
    print(f"\n== {sku}: avg inv {avg:.1f}, orders {len(orders)}, cycles {len(cycles)}, short {short}, "
          f"mean demand replay {sum(play[warm:])/364:.2f}/d, promo days in replay {sum(isp(i) for i in range(warm, len(play)))}")
    for o in orders:
        i = o['day']
        before = play[max(0, i - 14):i]; pb = sum(isp(k) for k in range(max(0, i - 14), i))
        after = play[i + L:i + L + 28]; pa = sum(isp(k) for k in range(i + L, i + L + 28))
        # how long the stock at arrival lasts (days until on-hand after arrival is used up), approx:
        print(f"  {date(i)} d{i:3d} s={o['s']:4d} pos={o['pos']:4d} q={o['q']:4d} fmean={o['mean']:7.1f} sd={o['sd']:6.1f} "
              f"{o['cls'][:5]} {o['meth'][:30]:30s} lift={o['lift']:.2f} | 14d before: sum {sum(before):4d} promo {pb:2d} "
              f"| 28d after arrival: sum {sum(after):4d} promo {pa:2d}")
