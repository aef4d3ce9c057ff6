import { performance } from 'node:perf_hooks';
import type { Sampler } from '../lib/sampler.js';
import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import type { Problem } from './problems/loadProblems.js';
import { regretOf } from './problems/loadProblems.js';

/** One run of the sampler protocol, in the `<prefix>-samplers.json` shape of bench/reference/README.md. */
export interface SamplerRun {
  readonly problem: string;
  readonly sampler: string;
  readonly seed: number;
  readonly n_trials: number;
  readonly best_at: Readonly<Record<string, number>>;
  readonly best: number;
  readonly regret: number;
  readonly best_params: Config | null;
  readonly time_ask_suggest_s: number;
  readonly time_tell_s: number;
  readonly time_objective_s: number;
  readonly wall_s: number;
  readonly values: ReadonlyArray<number>;
}

const METRIC = 'value';

/**
 * One sequential study of exactly `problem.trials` trials through the ask/tell facade, timing `ask`
 * (rxhpo's ask returns the whole config: it is Optuna's ask + all suggests) and report + `tell`
 * separately from the objective. Stops early only if the sampler is exhausted (a finite grid).
 *
 * @example
 * ```ts
 * const run = samplerRun(problem, 'random', randomSampler(), 0);
 * run.best_at['100']; // best value over the first 100 trials
 * ```
 */
export const samplerRun = (
  problem: Problem,
  samplerName: string,
  sampler: Sampler<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  seed: number,
): SamplerRun => {
  const budget = problem.trials;
  if (budget === undefined) throw new RangeError(`problem ${problem.name} has no trial budget (multi-fidelity?)`);
  const minimise = problem.json.direction === 'minimize';
  const study = askTell({
    space: problem.space,
    objective: { metric: METRIC, mode: minimise ? 'min' : 'max' },
    sampler,
    seed,
    budget: { trials: budget },
  });
  const values: number[] = [];
  const bestSoFar: number[] = [];
  let best = minimise ? Infinity : -Infinity;
  let bestParams: Config | null = null;
  let tAsk = 0;
  let tTell = 0;
  let tObj = 0;
  const w0 = performance.now();
  for (let k = 0; k < budget; k++) {
    const a = performance.now();
    const trial = study.ask();
    const b = performance.now();
    tAsk += b - a;
    if (trial === undefined) break;
    const v = problem.evaluate(trial.config);
    const c = performance.now();
    study.report(trial.id, 1, { [METRIC]: v });
    study.tell(trial.id);
    const d = performance.now();
    tObj += c - b;
    tTell += d - c;
    values.push(v);
    if (minimise ? v < best : v > best) {
      best = v;
      bestParams = trial.config;
    }
    bestSoFar.push(best);
  }
  const wall = performance.now() - w0;
  const bestAt: Record<string, number> = {};
  for (const k of problem.checkpoints) if (k <= bestSoFar.length) bestAt[String(k)] = bestSoFar[k - 1] as number;
  return {
    problem: problem.name,
    sampler: samplerName,
    seed,
    n_trials: values.length,
    best_at: bestAt,
    best,
    regret: regretOf(problem, best),
    best_params: bestParams,
    time_ask_suggest_s: tAsk / 1e3,
    time_tell_s: tTell / 1e3,
    time_objective_s: tObj / 1e3,
    wall_s: wall / 1e3,
    values,
  };
};
