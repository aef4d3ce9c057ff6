#!/usr/bin/env python3
"""CPU time per trial of Optuna's CmaEsSampler on the 10-D overhead space (for bench/cmaesSpeed.ts).

    /usr/bin/python3 bench/cmaesSpeedOptuna.py --repeats 3 --trials 1000 --out bench/results/optuna-cmaes-cpu.json

Per repeat r (sampler seed r): ask + suggest_float x0..x9 in [-5, 5] + tell(sum of squares), timed with
time.process_time over the whole loop (CPU time of this process, objective included); prints and writes
the per-repeat mean CPU ms per trial.
"""
import argparse
import json
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    per = []
    for r in range(a.repeats):
        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.CmaEsSampler(seed=r))
        t0 = time.process_time()
        for _ in range(a.trials):
            t = study.ask()
            xs = [t.suggest_float(f"x{i}", -5.0, 5.0) for i in range(10)]
            study.tell(t, sum(x * x for x in xs))
        per.append((time.process_time() - t0) * 1e3 / a.trials)
        print(f"repeat {r}: {per[-1]:.3f} ms CPU per trial")
    res = {"optuna": optuna.__version__, "n_trials": a.trials, "per_trial_cpu_ms": per}
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f)


if __name__ == "__main__":
    main()
