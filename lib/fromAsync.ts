import { Observable } from 'rxjs';
import type { Config } from './config.js';
import type { MetricReport } from './metricReport.js';
import type { Trainer } from './trainer.js';
import type { Trial } from './trial.js';
import { InvalidOptionsError, show } from './errors.js';
import { TrialStoppedError } from './trialStoppedError.js';

/** What a trainer function written with {@link fromAsync} gets besides its trial. */
export interface TrialControl {
  /**
   * Reports one step. The study handles the report before this returns (a scheduler decides on it in
   * the same call). Resolves to continue; rejects with a `TrialStoppedError` when the trial was stopped
   * or paused (on this report or earlier), so `await report(...)` ends the loop with no check of its own.
   */
  readonly report: (step: number, metrics: Readonly<Record<string, number>>, checkpoint?: unknown) => Promise<void>;
  /**
   * Aborted, with the `TrialStoppedError` as its reason, at the moment the trial is stopped: pass it
   * to `fetch`, child processes or your own waits, or loop `while (!signal.aborted)`.
   */
  readonly signal: AbortSignal;
}

/** A training loop as a plain async function: see {@link fromAsync}. */
export type AsyncTrainerFn<C = Config> = (trial: Trial<C>, control: TrialControl) => Promise<void> | void;

const RESOLVED: Promise<void> = Promise.resolve();
const noop = (): void => undefined;
// A rejection the caller may never await (a `report()` fired and forgotten) must not be an unhandled
// rejection, which would crash Node: mark it handled; awaiting it still throws.
const rejected = (e: Error): Promise<void> => {
  const p = Promise.reject(e);
  p.catch(noop);
  return p;
};

/**
 * A trainer from a plain async training loop. The function gets the trial and `{ report, signal }`; it
 * calls `await report(step, metrics, checkpoint?)` after each step, which emits a `MetricReport`.
 *
 * This is Optuna's `trial.report(value, step)` followed by `if trial.should_prune(): raise TrialPruned()`
 * in one call: when a scheduler stops or pauses the trial on a report (or the study is unsubscribed),
 * `report` rejects with a `TrialStoppedError` and `signal` aborts at that same moment, so the code after
 * the deciding report never runs to completion. Letting that rejection propagate is the normal way to
 * end: a rejection after the trial was stopped is not an error. Returning ends the trial as completed;
 * throwing (or rejecting) anything else ends it as failed with that error's message, and the study goes on.
 *
 * The Observable stays the contract underneath: this returns an ordinary cold `Trainer` (subscribing
 * calls the function, unsubscribing rejects `report` and aborts `signal`). Trials of one study
 * interleave on one thread at each `await`: CPU-bound steps gain nothing from `concurrency > 1` unless
 * they run in workers or processes (see `rxhpo/workers`, `commandTrainer` in `rxhpo/node`).
 *
 * ```
 * report:  1──2──3(stop)             the scheduler stops the trial on the report of step 3
 * loop:    ───────└ report(3) rejects with TrialStoppedError; signal.aborted === true
 * ```
 *
 * @example
 * ```ts
 * const trainer = fromAsync<{ lr: number }>(async (trial, { report, signal }) => {
 *   const model = init(trial.config, trial.seed);
 *   for (let step = trial.startStep + 1; step <= (trial.budget ?? 20); step++) {
 *     const loss = await trainEpoch(model, trial.config.lr, { signal });
 *     await report(step, { loss }); // rejects when a scheduler prunes the trial: the loop ends here
 *   }
 * });
 * study(options, pipe(sampleWith(tpeSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 20 })));
 * ```
 * @param fn The training loop.
 * @return A cold trainer.
 * @throws InvalidOptionsError when `fn` is not a function.
 */
export const fromAsync = <C = Config>(fn: AsyncTrainerFn<C>): Trainer<C> => {
  if (typeof fn !== 'function')
    throw new InvalidOptionsError('fromAsync', [
      `expects a function (trial, { report, signal }) => Promise<void>, got ${show(fn)}`,
    ]);
  return (trial) =>
    new Observable<MetricReport>((subscriber) => {
      const abort = new AbortController();
      let lastStep: number | undefined;
      let inReport = false;
      let finished = false; // the function returned or threw: the run ended on its own
      let stopped: TrialStoppedError | undefined;
      // Added before the function runs, so a stop during its synchronous part (a report before the first
      // `await`) is seen at once.
      subscriber.add(() => {
        if (finished) return;
        stopped = new TrialStoppedError(trial.id, lastStep, inReport);
        abort.abort(stopped);
      });
      const report: TrialControl['report'] = (step, metrics, checkpoint) => {
        if (stopped) return rejected(stopped);
        if (finished)
          return rejected(new Error(`trial ${trial.id}: report at step ${step} after the trainer function returned`));
        lastStep = step;
        inReport = true;
        try {
          subscriber.next(checkpoint === undefined ? { step, metrics } : { step, metrics, checkpoint });
        } finally {
          inReport = false;
        }
        return stopped ? rejected(stopped) : RESOLVED;
      };
      const end = (error?: { readonly e: unknown }): void => {
        if (stopped || finished) return;
        finished = true;
        if (error) subscriber.error(error.e);
        else subscriber.complete();
      };
      let result: unknown;
      try {
        result = fn(trial, { report, signal: abort.signal });
      } catch (e) {
        return end({ e });
      }
      Promise.resolve(result).then(
        () => end(),
        (e: unknown) => end({ e }),
      );
    });
};
