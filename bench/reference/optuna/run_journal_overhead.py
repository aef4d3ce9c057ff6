#!/usr/bin/env python3
"""Framework overhead of Optuna's random sampler with a journal file storage (JournalFileStorage).

Usage (from the repository root; resumable like run_overhead.py):
    /usr/bin/python3 bench/reference/optuna/run_journal_overhead.py --repeats 3 --out FILE
Options: --repeats 3  --trials 1000  --time-limit 480  --dir TMPDIR

The protocol of run_overhead.py (10-D space x0..x9 in [-5, 5], objective sum x_i^2 excluded from timing,
per trial study.ask() + 10 x trial.suggest_float() and study.tell(trial, value), windows [0,100),
[400,500), [900,1000), repeat r uses RandomSampler(seed=r)), but the study is stored in
JournalStorage(JournalFileStorage(path)) with a fresh file per repeat in a temporary directory, as a user
who wants a study to survive a crash sets it up. create_study is untimed, as in run_overhead.py.
"""

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import optuna  # noqa: E402

OUT_DEFAULT = os.path.join(common.RESULTS_DIR, "optuna-journal-overhead.json")
WINDOWS = [(0, 100), (400, 500), (900, 1000)]
DIM = 10


def journal_storage(path):
    # Optuna 3.1 names it JournalFileStorage; Optuna 4+ moved it to journal.JournalFileBackend.
    st = optuna.storages
    backend = getattr(st, "JournalFileStorage", None)
    if backend is None:
        backend = st.journal.JournalFileBackend
    return st.JournalStorage(backend(path))


def run_one(seed, n_trials, tmp_root):
    d = tempfile.mkdtemp(prefix="optuna-journal-", dir=tmp_root)
    path = os.path.join(d, "journal.log")
    try:
        sampler = common.make_sampler("random", seed)
        study = optuna.create_study(direction="minimize", sampler=sampler, storage=journal_storage(path),
                                    study_name=f"journal-overhead-random-{seed}")
        names = [f"x{i}" for i in range(DIM)]
        ask_ms, tell_ms = [], []
        gc.collect()
        w0 = time.perf_counter()
        for _ in range(n_trials):
            a = time.perf_counter()
            trial = study.ask()
            xs = [trial.suggest_float(n, -5.0, 5.0) for n in names]
            b = time.perf_counter()
            v = sum(x * x for x in xs)
            c = time.perf_counter()
            study.tell(trial, v)
            dd = time.perf_counter()
            ask_ms.append((b - a) * 1e3)
            tell_ms.append((dd - c) * 1e3)
        wall = time.perf_counter() - w0
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            lines = sum(1 for _ in f)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    tot = [x + y for x, y in zip(ask_ms, tell_ms)]
    windows = {}
    for lo, hi in WINDOWS:
        if hi > n_trials:
            continue
        seg = tot[lo:hi]
        windows[f"{lo}-{hi}"] = {
            "mean_ms": statistics.fmean(seg), "median_ms": statistics.median(seg),
            "mean_ask_suggest_ms": statistics.fmean(ask_ms[lo:hi]), "mean_tell_ms": statistics.fmean(tell_ms[lo:hi]),
        }
    return {"sampler": "random", "seed": seed, "n_trials": n_trials, "dim": DIM, "wall_s": wall,
            "total_framework_s": sum(tot) / 1e3, "windows": windows, "journal_bytes": size,
            "journal_lines": lines, "per_trial_ms": [round(x, 4) for x in tot], "load_avg": os.getloadavg()[0]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--time-limit", type=float, default=480.0)
    ap.add_argument("--dir", default=None, help="where the temporary journal files go (default: the system's)")
    ap.add_argument("--out", default=OUT_DEFAULT)
    args = ap.parse_args()

    res = common.load_json(args.out, None) or {"meta": {}, "runs": []}
    env = common.env_info()
    env["storage"] = "JournalStorage(JournalFileStorage(path)), a fresh file per repeat"
    res["meta"] = {
        "description": __doc__.strip().splitlines()[0],
        "space": "10 floats x0..x9 in [-5,5]; objective sum x_i^2",
        "timing": "per trial: study.ask() + 10 suggest_float + study.tell(); objective excluded",
        "windows": [f"{lo}-{hi}" for lo, hi in WINDOWS],
        "env": env, "samplers": {"random": common.SAMPLER_DESCRIPTIONS["random"]},
        "journal_dir": args.dir or tempfile.gettempdir(),
        "note": "2-core shared machine; load_avg recorded per run",
    }
    done = {r["seed"] for r in res["runs"]}
    todo = [r for r in range(args.repeats) if r not in done]
    dl = common.Deadline(args.time_limit)
    for r in todo:
        if dl.left() <= 0:
            break
        out = run_one(r, args.trials, args.dir)
        res["runs"].append(out)
        common.save_json(args.out, res)
        w = "  ".join(f"{k}: {v['mean_ms']:.2f}ms" for k, v in out["windows"].items())
        print(f"[{dl.elapsed():6.1f}s] random+journal rep={r} wall={out['wall_s']:.1f}s  {w}", flush=True)
    left = [r for r in todo if r not in {x["seed"] for x in res["runs"]}]
    print(f"{len(res['runs'])} runs stored; {len(left)} remaining" + ("; all runs done" if not left else ""))


if __name__ == "__main__":
    main()
