"""Optuna beside rxhpo/distributed: P processes share one JournalFileStorage and run N no-op trials.

Usage: /usr/bin/python3 bench/optunaJournalThroughput.py PATH TRIALS PROCESSES
Prints one JSON line: wall seconds from the first process's first trial to the last one's end (imports
and study loading excluded), and the CPU seconds of all processes during their trials.
"""
import json
import multiprocessing as mp
import sys
import time

import optuna
from optuna.storages import JournalFileStorage, JournalStorage


def run(path: str, n: int, seed: int, out) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = JournalStorage(JournalFileStorage(path))
    study = optuna.load_study(study_name="bench", storage=storage, sampler=optuna.samplers.RandomSampler(seed=seed))
    t0, c0 = time.time(), time.process_time()
    study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=n)
    out.put((t0, time.time(), time.process_time() - c0))


def main() -> None:
    path, trials, procs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    optuna.create_study(study_name="bench", storage=JournalStorage(JournalFileStorage(path)))
    out = mp.Queue()
    ps = [mp.Process(target=run, args=(path, trials // procs, i, out)) for i in range(procs)]
    for p in ps:
        p.start()
    rs = [out.get() for _ in ps]
    for p in ps:
        p.join()
    wall = max(r[1] for r in rs) - min(r[0] for r in rs)
    print(json.dumps({"trials": trials // procs * procs, "processes": procs, "wall_s": wall, "cpu_s": sum(r[2] for r in rs)}))


if __name__ == "__main__":
    main()
