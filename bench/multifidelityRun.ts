import { VirtualTimeScheduler, pipe } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { Trial } from '../lib/trial.js';
import { askTell } from '../lib/askTell.js';
import { learningCurveTrainer } from '../testing/learningCurveTrainer.js';
import { sampleWith } from '../operators/sampleWith.js';
import { study } from '../operators/study.js';
import { trainWith } from '../operators/trainWith.js';
import type { Problem } from './problems/loadProblems.js';
import { loss, observed } from './problems/learningCurve.js';
import { makeSampler } from './samplerRegistry.js';
import type { Fidelity } from './multifidelityMethods.js';
import { mfMethod } from './multifidelityMethods.js';
import type { MfRecord } from './multifidelityRecorder.js';
import { mfRecorder } from './multifidelityRecorder.js';

/** How a run is driven: the ask/tell facade in a plain loop, or the reactive `study()` in virtual time. */
export type MfDriver = 'asktell' | 'study';

/** One run of the multi-fidelity protocol: the `--out` JSON shape plus `problem`, `n_paused`, `n_promotions`. */
export interface MfRun extends MfRecord {
  readonly problem: string;
  readonly method: string;
  readonly seed: number;
  readonly driver: MfDriver;
  readonly budget_epochs: number;
  readonly wall_s: number;
}

/** The protocol parameters of a multi-fidelity problem. */
export interface MfProtocol {
  readonly budget: number;
  readonly checkpoints: ReadonlyArray<number>;
  readonly fidelity: Fidelity;
}

/**
 * The protocol parameters of a problem: `budget.total_epochs`, checkpoints at `budget.checkpoint_fractions`
 * (default 25/50/100 %), fidelity from `fidelity.min/max`.
 *
 * @example
 * ```ts
 * mfProtocol(lcHartmann6); // { budget: 3240, checkpoints: [810, 1620, 3240], fidelity: { minStep: 1, maxStep: 81 } }
 * ```
 */
export const mfProtocol = (p: Problem): MfProtocol => {
  const j = p.json as unknown as {
    budget?: { total_epochs?: number; checkpoint_fractions?: number[] };
    fidelity?: { min?: number; max?: number };
  };
  const maxStep = j.fidelity?.max;
  const budget = j.budget?.total_epochs;
  if (typeof maxStep !== 'number' || typeof budget !== 'number')
    throw new Error(`problem ${p.name}: a multi-fidelity problem needs fidelity.max and budget.total_epochs`);
  const fractions = j.budget?.checkpoint_fractions ?? [0.25, 0.5, 1];
  return {
    budget,
    checkpoints: fractions.map((f) => Math.round(f * budget)),
    fidelity: { minStep: j.fidelity?.min ?? 1, maxStep },
  };
};

/**
 * Runs one (problem, method, seed) under the multi-fidelity protocol of bench/reference/README.md and returns its
 * record. Trials are sequential; the noise of epoch t of trial n is `observed(x, t; seed, n)`; the run
 * ends when the epoch budget is spent.
 *
 * - `asktell` (default; follows the protocol exactly): a plain loop over the ask/tell facade with the
 *   method's pure policy. Before each epoch, if the budget is spent the trial is told failed
 *   (truncated) and the run ends; each epoch is reported, the policy's decision about it stops or
 *   pauses the trial; a trial that reaches the last epoch is told complete. A continuation trains from
 *   its `startStep + 1` to its `budget`.
 * - `study`: `study({ concurrency: 1, budget: { steps } })` with `sampleWith`, `trainWith` of the
 *   learning-curve trainer (one virtual time unit per epoch) and the method's operator. The step
 *   budget's guard cuts the running trial on the epoch that spends it, as the protocol's truncation;
 *   when that epoch is a trial's last, the protocol counts the trial complete and so does the recorder.
 *
 * @example
 * ```ts
 * const run = mfRun(problem, 'random_asha_promote', 0, 'asktell');
 * run.checkpoints['3240']?.best_final_observed;
 * ```
 */
export const mfRun = (problem: Problem, method: string, seed: number, driver: MfDriver = 'asktell'): MfRun => {
  const m = mfMethod(method);
  const proto = mfProtocol(problem);
  const { maxStep } = proto.fidelity;
  const scheduler = m.scheduler?.(proto.fidelity);
  const sampler = makeSampler(m.sampler, { space: problem.space, trials: Math.ceil(proto.budget / maxStep) });
  const objective = { metric: 'loss', mode: 'min' } as const;
  const rec = mfRecorder({
    maxStep,
    checkpoints: proto.checkpoints,
    optimum: problem.optimum,
    trueFinal: (c: Config) => loss(problem.json, c, maxStep),
    metric: 'loss',
  });
  const value = (config: Config, t: number, trial: Trial): number =>
    observed(problem.json, config, t, seed, trial.number);
  const t0 = performance.now();

  if (driver === 'asktell') {
    const s = askTell({
      space: problem.space,
      objective,
      sampler,
      seed,
      ...(scheduler ? { policy: scheduler.policy } : {}),
    });
    let cursor = 0;
    const drain = (): void => {
      for (; cursor < s.events.length; cursor++) rec.push(s.events[cursor] as TrialEvent);
    };
    let consumed = 0;
    run: for (;;) {
      const t = s.ask();
      drain();
      if (!t) break;
      const last = Math.min(maxStep, t.budget ?? maxStep);
      let decided = false;
      for (let step = t.startStep + 1; step <= last; step++) {
        if (consumed >= proto.budget) {
          s.tell(t.id, { state: 'failed', error: new Error('truncated: epoch budget spent') });
          drain();
          break run;
        }
        consumed++;
        const d = s.report(t.id, step, { loss: value(t.config, step, t) }, step);
        drain();
        if (d) {
          decided = true;
          break;
        }
      }
      if (!decided) {
        s.tell(t.id);
        drain();
      }
      if (consumed >= proto.budget) break;
    }
  } else {
    const clock = new VirtualTimeScheduler();
    const trainer = learningCurveTrainer<Config>({
      curve: (c, t, trial) => value(c, t, trial),
      maxStep,
      scheduler: clock,
      stepDuration: 1,
    });
    let failure: unknown;
    study(
      { space: problem.space, objective, seed, concurrency: 1, budget: { steps: proto.budget } },
      scheduler
        ? pipe(sampleWith(sampler), trainWith(trainer), scheduler.operator)
        : pipe(sampleWith(sampler), trainWith(trainer)),
    ).subscribe({ next: (e) => rec.push(e as TrialEvent), error: (e: unknown) => (failure = e) });
    clock.flush();
    if (failure !== undefined) throw failure;
  }
  return {
    problem: problem.name,
    method,
    seed,
    driver,
    budget_epochs: proto.budget,
    ...rec.finish(),
    wall_s: (performance.now() - t0) / 1e3,
  };
};
