"""Fits BG/NBD and Gamma-Gamma with Python's `lifetimes` to a CSV written by
`rapport-bench fit --csv` (frequency, recency, T, monetary_value), timed the
same way: the fit calls alone, data already in memory."""
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

data = pd.read_csv(sys.argv[1])
started = time.perf_counter()
bgf = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
bgnbd_seconds = time.perf_counter() - started
repeat = data[data["frequency"] > 0]
started = time.perf_counter()
ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
gg_seconds = time.perf_counter() - started
p = bgf.params_
g = ggf.params_
print(
    f"customers {len(data)}; lifetimes BG/NBD r {p['r']:.4f} alpha {p['alpha']:.4f} a {p['a']:.4f} b {p['b']:.4f} "
    f"in {bgnbd_seconds:.3f} s; Gamma-Gamma p {g['p']:.4f} q {g['q']:.4f} gamma {g['v']:.4f} in {gg_seconds:.3f} s"
)
