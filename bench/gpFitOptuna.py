#!/usr/bin/env python3
"""Optuna 4.9's GP fit on the trials of bench/gpFitDump.ts, beside rxhpo's fit of the same data.

    OMP_NUM_THREADS=1 PYTHONPATH=OPTUNA_4_9_SOURCE_TREE /usr/bin/python3 bench/gpFitOptuna.py gp-fits.json

Needs Debian's python3-torch (1.13) and an Optuna 4.9 source tree on PYTHONPATH (Debian's Optuna 3.1
has no GPSampler). For each seed and prefix (30, 50, all trials): both MAP losses (without constants),
the largest relative difference between the two fits' length scales, and both posteriors at the optimum.
"""
import json
import sys

import numpy as np
import torch
from optuna._gp import gp, prior

data = json.load(open(sys.argv[1]))
xstar = torch.tensor(data["optimum"], dtype=torch.float64)
worst = 0.0
print("seed  n    loss optuna / rxhpo    max |dl|/l   mean±sd at optimum optuna / rxhpo   y at optimum")
for run in data["runs"]:
    X = np.array(run["X"], dtype=np.float64)
    y = -np.array(run["y"], dtype=np.float64)  # maximised, as the samplers see it
    for n, ours in run["fits"].items():
        n = int(n)
        s = y[:n]
        ys = (s - s.mean()) / s.std()
        g = gp.fit_kernel_params(
            X=X[:n], Y=ys, is_categorical=np.zeros(X.shape[1], dtype=bool),
            log_prior=prior.default_log_prior, minimum_noise=prior.DEFAULT_MINIMUM_NOISE_VAR,
            deterministic_objective=False,
        )
        with torch.no_grad():
            loss = -(g.marginal_log_likelihood() + prior.default_log_prior(g)).item()
            mean, var = g.posterior(xstar)
        dl = float(np.max(np.abs(g.length_scales - np.array(ours["lengthscales"])) / g.length_scales))
        worst = max(worst, dl)
        print(f"{run['seed']:>4} {n:>3}  {loss:9.3f} / {ours['loss']:9.3f}  {dl:10.2e}   "
              f"{mean.item():6.3f}±{var.sqrt().item():.3f} / {ours['meanAtOptimum']:6.3f}±{ours['sdAtOptimum']:.3f}   "
              f"{ours['yAtOptimum']:.3f}")
print(f"largest relative length-scale difference: {worst:.2e}")
