#!/usr/bin/env python3
# Which SKUs miss the cycle service target in `onepool simulate`, per lead time, demand class and
# growth (round 8 of README.md). A throwaway diagnostic, not part of the product:
#   git apply Benchmarks/forecast/sim-diagnosis.diff && swift build -c release --product onepool
#   ONEPOOL_NOW=2026-12-01T08:00:00Z ONEPOOL_SIM_DUMP=1 .build/release/onepool simulate \
#       --store DEMO --service-level 0.90 2> diag.txt
#   python3 Benchmarks/forecast/sim-diagnosis.py diag.txt
# Columns: real = the replay's cycle service; histPred = the weighted share of the SKUs' calibration
# scores (history before the replay) below the level used, i.e. what the calibration promised;
# replPred = the same scoring applied at every review of the replay itself (uncalibrated forecasts
# from the history so far); hW, rW = the scores' weight per SKU (expected cycles); lvl = the
# calibrated level at the start; growth = mean demand in the replay / in the 90 days before it
# (down < 0.85 <= flat < 1.2 <= up).
import sys, collections
rows=[]
for line in open(sys.argv[1]):
    if not line.startswith("DIAG,"): continue
    f=line.strip().split(",")[1:]
    rows.append(dict(sku=f[0],lead=int(f[1]),pack=int(f[2]),moq=int(f[3]),cls=f[4],level=float(f[5]),hW=float(f[6]),hOK=float(f[7]),rW=float(f[8]),rOK=float(f[9]),cyc=int(f[10]),ok=int(f[11]),orders=int(f[12]),inv=float(f[13]),hmean=float(f[14]),rmean=float(f[15]),nh=int(f[16])))
def grp(key,name):
    g=collections.defaultdict(list)
    for r in rows: g[key(r)].append(r)
    print(f"{name:>12} {'n':>4} {'cycles':>6} {'real':>6} {'histPred':>8} {'replPred':>8} {'hW/sku':>6} {'rW/sku':>6} {'lvl':>5} {'growth':>6}")
    for k in sorted(g):
        rs=g[k]; c=sum(r['cyc'] for r in rs); ok=sum(r['ok'] for r in rs)
        hW=sum(r['hW'] for r in rs); hOK=sum(r['hOK'] for r in rs); rW=sum(r['rW'] for r in rs); rOK=sum(r['rOK'] for r in rs)
        gr=sum(r['rmean'] for r in rs)/max(1e-9,sum(r['hmean'] for r in rs))
        print(f"{str(k):>12} {len(rs):4d} {c:6d} {ok/max(1,c):6.3f} {hOK/max(1e-9,hW):8.3f} {rOK/max(1e-9,rW):8.3f} {hW/len(rs):6.2f} {rW/len(rs):6.2f} {sum(r['level'] for r in rs)/len(rs):5.3f} {gr:6.2f}")
grp(lambda r: 'all','all')
grp(lambda r: r['lead'],'lead')
grp(lambda r: r['cls'],'class')
grp(lambda r: (r['lead'],r['cls']),'lead,class')
def gbin(r):
    x=r['rmean']/max(1e-9,r['hmean']); return 'down' if x<0.85 else ('flat' if x<1.2 else 'up')
grp(gbin,'growth')
grp(lambda r:(r['lead'],gbin(r)),'lead,growth')
