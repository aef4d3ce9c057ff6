#!/usr/bin/env python3
"""Applies the TPE sampler-quality target (docs/samplers.md) to any result files, 10 seeds at a time.

The target: the median final regret over 10 seeds is at most the better of the reference's `tpe` and
`tpe_mv` medians (bench/reference/optuna-samplers.json, seeds 0-9) on at least 7 of the 9 sampler
problems, and never above 1.25x it; the univariate form likewise against `tpe` alone. Given Optuna's own
runs on other seeds (run_samplers.py --samplers tpe,tpe_mv --seeds 10-29), this shows how the target
treats the reference implementation itself; given rxhpo runs (npm run bench:samplers -- --out F), how it
treats ours. Each file is any JSON with a "runs" list in the bench protocol's shape. Example:

    /usr/bin/python3 bench/qualityTargetCheck.py --samplers tpe,tpe_mv \
        bench/results/tpe-eval/optuna-heldout.json bench/results/rxhpo-samplers-final.json
"""
import argparse
import json
import os
import statistics

PROBLEMS = [
    "branin", "hartmann3", "hartmann6", "rosenbrock5", "rosenbrock10",
    "ackley10", "rastrigin10", "mixed_hartmann6", "svm_conditional",
]
REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference", "optuna-samplers.json")


def medians(runs, sampler, seeds):
    out = {}
    for p in PROBLEMS:
        v = [r["regret"] for r in runs if r["problem"] == p and r["sampler"] == sampler and r["seed"] in seeds]
        if len(v) != len(seeds):
            return None
        out[p] = statistics.median(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--samplers", default="tpe,tpe_mv,tpe_uni")
    ap.add_argument("--reference", default=REFERENCE)
    a = ap.parse_args()
    ref = json.load(open(a.reference))["runs"]
    ref_tpe = medians(ref, "tpe", range(10))
    ref_mv = medians(ref, "tpe_mv", range(10))
    better = {p: min(ref_tpe[p], ref_mv[p]) for p in PROBLEMS}
    print("| file | sampler | seeds | <= better of tpe/tpe_mv | worst ratio | <= tpe | worst ratio |")
    print("|---|---|---|---|---|---|---|")
    for f in a.files:
        runs = json.load(open(f))["runs"]
        for s in a.samplers.split(","):
            for lo in range(0, 100, 10):
                m = medians(runs, s, range(lo, lo + 10))
                if m is None:
                    continue
                r1 = [m[p] / better[p] for p in PROBLEMS]
                r2 = [m[p] / ref_tpe[p] for p in PROBLEMS]
                print(f"| {os.path.basename(f)} | {s} | {lo}-{lo + 9} | {sum(x <= 1 for x in r1)}/9 | {max(r1):.2f} "
                      f"| {sum(x <= 1 for x in r2)}/9 | {max(r2):.2f} |")


if __name__ == "__main__":
    main()
