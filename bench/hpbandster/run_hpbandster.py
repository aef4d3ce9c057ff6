#!/usr/bin/env python3
"""HpBandSter's own BOHB and HyperBand on lc_hartmann6 under the multi-fidelity protocol of
bench/reference/README.md: one worker (so jobs run one at a time), budgets 1..81 epochs, eta 3.
A job for a config that already ran to epoch p continues from p (the protocol's continuation), so it
costs b - p epochs; epoch t of the n-th config (in order of first run) is observed(x, t; seed, n).
Jobs are logged in execution order and the protocol's 3240-epoch budget is applied afterwards.
Needs HpBandSter's source (HPBANDSTER_SRC = a folder holding its `hpbandster` package; git clone
https://github.com/automl/HpBandSter) and Debian's python3-numpy, python3-scipy, python3-statsmodels,
python3-pyro4, python3-netifaces, python3-serpent. ConfigSpace (not packaged) is replaced by the
minimal stand-in beside this file.
Usage: HPBANDSTER_SRC=DIR python3 bench/hpbandster/run_hpbandster.py --methods bohb,hyperband --seeds 0-29 --out FILE"""
import argparse, json, logging, os, sys, time
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the ConfigSpace stand-in
if not os.path.isdir(os.path.join(os.environ.get('HPBANDSTER_SRC', ''), 'hpbandster')):
    sys.exit('set HPBANDSTER_SRC to a folder that holds HpBandSter\'s hpbandster package')
sys.path.insert(0, os.environ['HPBANDSTER_SRC'])
sys.path.insert(0, os.path.join(HERE, '..', 'reference', 'pyref'))
import numpy as np
import ConfigSpace as CS
import hpbandster.core.nameserver as hpns
from hpbandster.core.worker import Worker
from hpbandster.optimizers import BOHB, HyperBand
from bench_problems import get_problem

logging.basicConfig(level=logging.ERROR)
P = get_problem('lc_hartmann6')
BUDGET, CHECKS, MAXT = 3240, (810, 1620, 3240), 81


def space(seed):
    cs = CS.ConfigurationSpace(seed=seed)
    for p in P.params:
        if p['type'] == 'int':
            cs.add_hyperparameter(CS.UniformIntegerHyperparameter(p['name'], p['low'], p['high']))
        else:
            cs.add_hyperparameter(CS.UniformFloatHyperparameter(p['name'], p['low'], p['high'], log=p['log']))
    return cs


class LcWorker(Worker):
    def __init__(self, seed, *a, **kw):
        super().__init__(*a, **kw)
        self.seed, self.numbers, self.reached, self.log = seed, {}, {}, []

    def compute(self, config_id, config, budget, **kwargs):
        n = self.numbers.setdefault(tuple(config_id), len(self.numbers))
        prev, b = self.reached.get(tuple(config_id), 0), int(round(budget))
        vals = [P.observed_loss(config, t, self.seed, n) for t in range(prev + 1, b + 1)]
        self.reached[tuple(config_id)] = max(prev, b)
        self.log.append((n, prev, b, vals, dict(config)))
        return {'loss': P.observed_loss(config, b, self.seed, n), 'info': {}}


def protocol(log):
    consumed, best, inc, snaps, started = 0, float('inf'), None, {}, set()
    for n, prev, b, vals, config in log:
        started.add(n)
        for i, v in enumerate(vals):
            if consumed >= BUDGET:
                return snaps
            consumed += 1
            t = prev + 1 + i
            if t == MAXT and v < best:
                best, inc = v, config
            if consumed in CHECKS:
                true = P.curve_loss(inc, MAXT) if inc else None
                snaps[str(consumed)] = {'best_final_observed': best if inc else None,
                                        'regret': (true - P.optimum) if inc else None, 'n_started': len(started)}
    return snaps


def run(method, seed, port):
    np.random.seed(seed)
    rid = f'{method}-{seed}'
    ns = hpns.NameServer(run_id=rid, host='127.0.0.1', port=port)
    ns.start()
    w = LcWorker(seed, nameserver='127.0.0.1', nameserver_port=port, run_id=rid)
    w.run(background=True)
    cls = BOHB if method == 'bohb' else HyperBand
    opt = cls(configspace=space(seed), run_id=rid, nameserver='127.0.0.1', nameserver_port=port,
              min_budget=1, max_budget=MAXT, eta=3)
    opt.run(n_iterations=15)  # 3 rounds of 5 brackets: more than 3240 epochs
    opt.shutdown(shutdown_workers=True)
    ns.shutdown()
    return {'method': f'hpbandster_{method}', 'seed': seed, 'checkpoints': protocol(w.log), 'jobs': len(w.log)}


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--methods', default='bohb,hyperband')
    ap.add_argument('--seeds', default='0-9')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    lo, _, hi = a.seeds.partition('-')
    seeds = range(int(lo), int(hi or lo) + 1)
    runs, port = [], 9100 + os.getpid() % 500
    for m in a.methods.split(','):
        for s in seeds:
            t0 = time.time()
            runs.append(run(m, s, port))
            c = runs[-1]['checkpoints']
            print(m, s, [round(c[k]['best_final_observed'], 4) if c.get(k) and c[k]['best_final_observed'] else None for k in map(str, CHECKS)], f'{time.time() - t0:.1f}s', flush=True)
            json.dump({'runs': runs}, open(a.out, 'w'))
