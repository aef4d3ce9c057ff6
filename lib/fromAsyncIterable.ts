import { Observable } from 'rxjs';
import type { Config } from './config.js';
import type { MetricReport } from './metricReport.js';
import type { Trainer } from './trainer.js';
import type { Trial } from './trial.js';
import { InvalidOptionsError, TrialFailedError, show } from './errors.js';
import { TrialStoppedError } from './trialStoppedError.js';

/** Reports of one trial as an (async) iterable: see {@link fromAsyncIterable}. */
export type ReportsOf<C = Config> = (
  trial: Trial<C>,
  signal: AbortSignal,
) => AsyncIterable<MetricReport> | Iterable<MetricReport>;

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

const noop = (): void => undefined;

/**
 * A trainer from an async generator (or any async or sync iterable) of metric reports: one `yield` per
 * step. When a scheduler stops or pauses the trial, or the study is unsubscribed, the iterator's
 * `return()` is called, so the generator ends at its next `yield` and its `finally` blocks run (close
 * files, free tensors there); `signal` aborts at the same moment, with a `TrialStoppedError` as its
 * reason, for the waits in between. Ending the generator completes the trial; throwing fails it with
 * the error's message (the study goes on).
 *
 * ```
 * yield:    1──2──3(stop)     the scheduler stops the trial on the report of step 3
 * generator: ─────── └ return() at the `yield`: finally runs, step 4 never starts
 * ```
 *
 * @example
 * ```ts
 * async function* train(trial: Trial<{ lr: number }>, signal: AbortSignal) {
 *   const model = init(trial.config);
 *   try {
 *     for (let step = trial.startStep + 1; step <= (trial.budget ?? 20); step++)
 *       yield { step, metrics: { loss: await trainEpoch(model, { signal }) } };
 *   } finally {
 *     model.dispose();
 *   }
 * }
 * study(options, pipe(sampleWith(randomSampler()), trainWith(fromAsyncIterable(train)), asha({ minStep: 1, maxStep: 20 })));
 * ```
 * @param reports Makes the trial's reports; called once per trial, on subscription.
 * @return A cold trainer.
 * @throws InvalidOptionsError when `reports` is not a function.
 */
export const fromAsyncIterable = <C = Config>(reports: ReportsOf<C>): Trainer<C> => {
  if (typeof reports !== 'function')
    throw new InvalidOptionsError('fromAsyncIterable', [
      `expects a function (trial, signal) => AsyncIterable<MetricReport>, got ${show(reports)}`,
    ]);
  return (trial) =>
    new Observable<MetricReport>((subscriber) => {
      const abort = new AbortController();
      let lastStep: number | undefined;
      let inNext = false;
      let finished = false;
      let iterator: AsyncIterator<MetricReport> | undefined;
      subscriber.add(() => {
        if (finished) return;
        abort.abort(new TrialStoppedError(trial.id, lastStep, inNext));
        // An async generator queues this after the step it is running: it ends at its next `yield`.
        try {
          if (iterator?.return) Promise.resolve(iterator.return()).catch(noop);
        } catch {
          // a synchronous generator still running cannot be returned; it ends at its next report
        }
      });
      const emit = (r: MetricReport): void => {
        lastStep = typeof r === 'object' && r !== null ? r.step : undefined;
        inNext = true;
        try {
          subscriber.next(r);
        } finally {
          inNext = false;
        }
      };
      const iterable = reports(trial, abort.signal);
      if (!isAsyncIterable(iterable)) {
        if (typeof (iterable as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function')
          throw new TrialFailedError(
            trial.id,
            `the reports function returned ${show(iterable)}, not an iterable or async iterable of MetricReport`,
          );
        // A synchronous iterable runs to its end within this call unless a report stops it.
        const it = (iterable as Iterable<MetricReport>)[Symbol.iterator]();
        iterator = it as unknown as AsyncIterator<MetricReport>;
        for (;;) {
          const r = it.next();
          if (r.done) {
            finished = true;
            return subscriber.complete();
          }
          emit(r.value);
          if (subscriber.closed) return;
        }
      }
      const it = iterable[Symbol.asyncIterator]();
      iterator = it;
      const pump = async (): Promise<void> => {
        for (;;) {
          const r = await it.next();
          if (subscriber.closed) return;
          if (r.done) {
            finished = true;
            return subscriber.complete();
          }
          emit(r.value);
          if (subscriber.closed) return;
        }
      };
      pump().catch((e: unknown) => {
        if (subscriber.closed) return; // a rejection after the trial was stopped is not an error
        finished = true;
        subscriber.error(e);
      });
    });
};
