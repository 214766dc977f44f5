"""Fits BG/NBD and Gamma-Gamma with Python's `lifetimes` to a CSV written by
`rapport-bench fit --csv` (frequency, recency, T, monetary_value), timed the
same way: the fit calls alone, data already in memory, the median of ROUNDS.

    python models.py CSV [ROUNDS]
"""
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

data = pd.read_csv(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
# As Rapport does: customers with a repeat purchase of positive value.
repeat = data[(data["frequency"] > 0) & (data["monetary_value"] > 0)]
bgnbd_times, gg_times = [], []
for _ in range(rounds):
    started = time.perf_counter()
    bgf = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    bgnbd_times.append(time.perf_counter() - started)
    started = time.perf_counter()
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    gg_times.append(time.perf_counter() - started)
# The median, as the Rust side reports.
bgnbd_seconds = sorted(bgnbd_times)[len(bgnbd_times) // 2]
gg_seconds = sorted(gg_times)[len(gg_times) // 2]
p = bgf.params_
g = ggf.params_
print(
    f"customers {len(data)}; lifetimes BG/NBD r {p['r']:.4f} alpha {p['alpha']:.4f} a {p['a']:.4f} b {p['b']:.4f} "
    f"in {bgnbd_seconds:.4f} s; Gamma-Gamma p {g['p']:.4f} q {g['q']:.4f} gamma {g['v']:.4f} in {gg_seconds:.4f} s"
)
