#!/usr/bin/env python3
"""Optuna 3.1's sampler baseline with the optuna#5110 density fix patched in.

Optuna < 3.5 left -log(sigma) out of the continuous truncated-normal kernel density (optuna#5109).
This wraps bench/reference/optuna/run_samplers.py (same arguments) after subtracting log(scale) in
optuna.samplers._tpe._truncnorm.logpdf, so the univariate `tpe` column can be compared with and
without the bug (docs/benchmarks.md, "Sampler quality"). Example, from the repository root:

    /usr/bin/python3 bench/optunaFixedDensity.py --samplers tpe --seeds 0-9 --out bench/results/optuna-fixed.json
"""
import os
import runpy
import sys

import numpy as np
from optuna.samplers._tpe import _truncnorm
import optuna.samplers._tpe.parzen_estimator as parzen_estimator

BASELINE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference", "optuna")
_logpdf = _truncnorm.logpdf


def logpdf(x, a, b, loc=0, scale=1):
    return _logpdf(x, a, b, loc, scale) - np.log(scale)


_truncnorm.logpdf = logpdf
assert parzen_estimator.truncnorm is _truncnorm  # the estimator calls the patched module function
sys.path.insert(0, BASELINE)
sys.argv = ["run_samplers.py"] + sys.argv[1:]
runpy.run_path(os.path.join(BASELINE, "run_samplers.py"), run_name="__main__")
