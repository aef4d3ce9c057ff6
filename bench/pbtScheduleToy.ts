/**
 * A second PBT toy where the best hyper-parameters move during training, so a good run needs a schedule:
 * two hyper-parameters h ∈ [0, 1]²; a member's reward grows each step by
 * exp(−‖h − h*(t)‖² / (2·0.15²)) plus N(0, 0.05²) noise, with the best h drifting linearly from
 * (0.2, 0.8) at step 0 to (0.8, 0.2) at the last step. The metric members are ranked on is the
 * cumulative reward R_t (like an RL return that training improves); results report R_t/t (at most ≈ 1). A fixed h is good only while h* passes by; PBT and PB2 must follow h*(t). Members start
 * from random configs; run through `study()` in virtual time, one step per virtual millisecond, with a
 * checkpoint (R) every step.
 */
import type { Observable } from 'rxjs';
import { VirtualTimeScheduler, defer, map, pipe, take, timer } from 'rxjs';
import type { CheckpointRef } from '../lib/checkpointStore.js';
import { memoryCheckpointStore } from '../lib/checkpointStore.js';
import { float } from '../lib/distribution.js';
import type { MetricReport } from '../lib/metricReport.js';
import { derive, normalFrom, rngFromSeed, withRng } from '../lib/rng.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import type { Trainer } from '../lib/trainer.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { fifo } from '../operators/fifo.js';
import { pb2 } from '../operators/pb2.js';
import { pbt } from '../operators/pbt.js';
import { retainCheckpoints } from '../operators/retainCheckpoints.js';
import { sampleWith } from '../operators/sampleWith.js';
import { study } from '../operators/study.js';
import { trainWith } from '../operators/trainWith.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';

/** The methods compared on the schedule toy. */
export const SCHEDULE_TOY_METHODS = ['pb2', 'pbt', 'random'] as const;
export type ScheduleToyMethod = (typeof SCHEDULE_TOY_METHODS)[number];

/** The schedule toy's setup. */
export interface ScheduleToySetup {
  readonly population: number;
  readonly steps: number;
  readonly interval: number;
  readonly noise: number;
}

export const DEFAULT_SCHEDULE_TOY_SETUP: ScheduleToySetup = { population: 4, steps: 100, interval: 5, noise: 0.05 };

/** The best h at step t of T. */
export const bestH = (t: number, steps: number): readonly [number, number] => {
  const u = t / steps;
  return [0.2 + 0.6 * u, 0.8 - 0.6 * u];
};

/** The noise-free reward rate of h at step t. */
export const rate = (h0: number, h1: number, t: number, steps: number): number => {
  const [a, b] = bestH(t, steps);
  return Math.exp(-((h0 - a) ** 2 + (h1 - b) ** 2) / (2 * 0.15 ** 2));
};

/** One run's result. */
export interface ScheduleToyRun {
  readonly method: ScheduleToyMethod;
  readonly population: number;
  readonly seed: number;
  /** The best member's reward per step at the last step. */
  readonly final: number;
  /** The best member's reward per step after each step 1..steps. */
  readonly by_step: number[];
  readonly forks: number;
  /** CPU seconds of the run (user + system, this process). */
  readonly cpu_s: number;
}

const trainer = (
  setup: ScheduleToySetup,
  store: ReturnType<typeof memoryCheckpointStore<number>>,
  clock: VirtualTimeScheduler,
): Trainer<{ readonly h0: number; readonly h1: number }> => {
  return (trial) =>
    defer((): Observable<MetricReport> => {
      let r = trial.resumeFrom === undefined ? 0 : store.load(trial.resumeFrom as CheckpointRef);
      const { h0, h1 } = trial.config;
      const last = trial.budget ?? setup.steps;
      return timer(1, 1, clock).pipe(
        take(Math.max(0, last - trial.startStep)),
        map((i) => {
          const step = trial.startStep + i + 1;
          const [eps] = withRng(rngFromSeed(derive(trial.seed, step)), (next) => normalFrom(next));
          r += rate(h0, h1, step, setup.steps) + setup.noise * eps;
          return { step, metrics: { reward: r }, checkpoint: store.save(trial.id, step, r) };
        }),
      );
    });
};

const schedulerOf = (method: ScheduleToyMethod, setup: ScheduleToySetup): SchedulerOperator => {
  const common = { perturbationInterval: setup.interval, maxStep: setup.steps } as const;
  switch (method) {
    case 'pb2':
      return pb2({ ...common, bounds: { h0: [0, 1], h1: [0, 1] } });
    case 'pbt':
      return pbt({ ...common, mutations: { h0: float(0, 1), h1: float(0, 1) } });
    case 'random':
      return fifo();
  }
};

/**
 * Runs one method with one seed on the schedule toy: `population` members at once (asynchronous PBT/PB2
 * with Ray's defaults, quantile 0.25), random initial configs.
 *
 * @example
 * ```ts
 * const r = runScheduleToy('pb2', 0, { ...DEFAULT_SCHEDULE_TOY_SETUP, population: 8 });
 * ```
 */
export const runScheduleToy = (
  method: ScheduleToyMethod,
  seed: number,
  setup: ScheduleToySetup = DEFAULT_SCHEDULE_TOY_SETUP,
): ScheduleToyRun => {
  const cpu0 = process.cpuUsage();
  const clock = new VirtualTimeScheduler();
  const store = memoryCheckpointStore<number>();
  const byStep: number[] = Array.from({ length: setup.steps }, () => -Infinity);
  let forks = 0;
  let done = false;
  let failure: unknown;
  const n = setup.population;
  study(
    {
      space: { h0: float(0, 1), h1: float(0, 1) },
      objective: { metric: 'reward', mode: 'max' },
      seed,
      concurrency: n,
      budget: { trials: n },
    },
    pipe(sampleWith(randomSampler()), trainWith(trainer(setup, store, clock)), schedulerOf(method, setup)),
  )
    .pipe(retainCheckpoints(store))
    .subscribe({
      next: (e: TrialEvent<unknown>) => {
        if (e._tag === 'TrialReported') {
          const i = e.report.step - 1;
          byStep[i] = Math.max(byStep[i] as number, (e.report.metrics['reward'] as number) / e.report.step);
        }
        if (e._tag === 'TrialDecided' && e.decision._tag === 'Fork') forks++;
        if (e._tag === 'TrialEnded' && e.outcome === 'failed') failure = e.error;
      },
      error: (err: unknown) => (failure = err),
      complete: () => (done = true),
    });
  clock.flush();
  if (failure !== undefined) throw new Error(`schedule toy ${method} seed ${seed}: ${JSON.stringify(failure)}`);
  if (!done) throw new Error(`schedule toy ${method} seed ${seed}: the study did not complete`);
  const cpu = process.cpuUsage(cpu0);
  return {
    method,
    population: n,
    seed,
    final: byStep[setup.steps - 1] as number,
    by_step: byStep,
    forks,
    cpu_s: (cpu.user + cpu.system) / 1e6,
  };
};
