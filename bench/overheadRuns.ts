import { performance } from 'node:perf_hooks';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { identity, of, pipe } from 'rxjs';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { Sampler } from '../lib/sampler.js';
import { askTell } from '../lib/askTell.js';
import { study } from '../operators/study.js';
import { sampleWith } from '../operators/sampleWith.js';
import { trainWith } from '../operators/trainWith.js';
import { overheadSpace, sumOfSquares } from './overheadSpace.js';
import { mean, median } from './stats.js';

type AnySampler = Sampler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Per-trial framework times of one run, in milliseconds, objective excluded. */
export interface TrialTimes {
  /** ask (+ the whole config) per trial; for the reactive path, the whole framework time per trial. */
  readonly ask: ReadonlyArray<number>;
  /** report + tell per trial (0 for the reactive path, where they are not separable). */
  readonly tell: ReadonlyArray<number>;
  readonly wall_s: number;
  readonly objective_s: number;
  /** Reactive path: the study's start-up before the first trial (Optuna's create_study is untimed too). */
  readonly startup_s?: number;
}

/** The window summary of the overhead JSON shape. */
export interface WindowStats {
  readonly mean_ms: number;
  readonly median_ms: number;
  readonly mean_ask_suggest_ms: number;
  readonly mean_tell_ms: number;
}

/**
 * Runs `n` sequential trials of the 10-D overhead problem through the ask/tell facade, timing ask and
 * report + tell around the objective (Optuna's run_overhead.py times ask + 10 suggests + tell).
 *
 * @example
 * ```ts
 * const t = askTellTimes(randomSampler(), 0, 1000);
 * ```
 */
export const askTellTimes = (sampler: AnySampler, seed: number, n: number): TrialTimes => {
  const s = askTell({
    space: overheadSpace,
    objective: { metric: 'value', mode: 'min' },
    sampler,
    seed,
    budget: { trials: n },
  });
  const ask: number[] = [];
  const tell: number[] = [];
  let obj = 0;
  const w0 = performance.now();
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    const trial = s.ask();
    const b = performance.now();
    if (trial === undefined) throw new Error(`askTell ended after ${i} of ${n} trials`);
    const v = sumOfSquares(trial.config);
    const c = performance.now();
    s.report(trial.id, 1, { value: v });
    s.tell(trial.id);
    const d = performance.now();
    ask.push(b - a);
    tell.push(d - c);
    obj += c - b;
  }
  return { ask, tell, wall_s: (performance.now() - w0) / 1e3, objective_s: obj / 1e3 };
};

/**
 * Runs `n` trials through the reactive pipeline `study(sampleWith(sampler), trainWith(of(report)))`
 * with a synchronous trainer. Per-trial framework time = the gap between consecutive trainer calls
 * minus the objective, so the gaps sum to the wall time less objective time. `tail` is piped after the
 * study (e.g. `journalTo(path)`), so its work on each event counts in the trial that emitted it.
 *
 * @example
 * ```ts
 * const t = studyTimes(randomSampler(), 0, 1000); // t.wall_s / 1000 = overhead per trial
 * ```
 */
export const studyTimes = (
  sampler: AnySampler,
  seed: number,
  n: number,
  tail: MonoTypeOperatorFunction<TrialEvent<any>> = identity, // eslint-disable-line @typescript-eslint/no-explicit-any
): TrialTimes => {
  const starts: number[] = [];
  const objs: number[] = [];
  let events = 0;
  const w0 = performance.now();
  study(
    { space: overheadSpace, objective: { metric: 'value', mode: 'min' }, seed, budget: { trials: n } },
    pipe(
      sampleWith(sampler),
      trainWith((trial) => {
        const a = performance.now();
        const v = sumOfSquares(trial.config);
        starts.push(a);
        objs.push(performance.now() - a);
        return of({ step: 1, metrics: { value: v } });
      }),
    ),
  )
    .pipe(tail)
    .subscribe({ next: () => events++ });
  const w1 = performance.now();
  if (starts.length !== n) throw new Error(`study ran ${starts.length} of ${n} trials (is it asynchronous?)`);
  // Trial i's framework time: from its own trainer call to the next one (its events, the state fold,
  // the next ask), minus its objective. The study's start-up before the first trainer call (subscribing
  // the pipeline, the first ask) is reported apart, as Optuna's protocol leaves create_study untimed.
  const ask = starts.map((t, i) => (i + 1 < n ? (starts[i + 1] as number) : w1) - t - (objs[i] as number));
  const objective = objs.reduce((x, y) => x + y, 0);
  return {
    ask,
    tell: ask.map(() => 0),
    wall_s: (w1 - w0) / 1e3,
    objective_s: objective / 1e3,
    startup_s: ((starts[0] as number) - w0) / 1e3,
  };
};

/**
 * Window statistics ("lo-hi" → mean/median ms per trial and the ask/tell split) of per-trial times.
 *
 * @example
 * ```ts
 * windowStats(times, [[0, 100], [900, 1000]])['900-1000']?.mean_ms;
 * ```
 */
export const windowStats = (
  t: TrialTimes,
  windows: ReadonlyArray<readonly [number, number]>,
): Record<string, WindowStats> => {
  const out: Record<string, WindowStats> = {};
  for (const [lo, hi] of windows) {
    if (hi > t.ask.length) continue;
    const ask = t.ask.slice(lo, hi);
    const tell = t.tell.slice(lo, hi);
    const tot = ask.map((a, i) => a + (tell[i] as number));
    out[`${lo}-${hi}`] = {
      mean_ms: mean(tot),
      median_ms: median(tot),
      mean_ask_suggest_ms: mean(ask),
      mean_tell_ms: mean(tell),
    };
  }
  return out;
};

/** Per-trial totals (ask + tell), ms. */
export const perTrialMs = (t: TrialTimes): number[] => t.ask.map((a, i) => a + (t.tell[i] as number));
