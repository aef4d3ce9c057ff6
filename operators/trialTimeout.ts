import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler, map } from 'rxjs';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded } from '../lib/trialEvent.js';
import { longTimer } from '../lib/longTimer.js';
import { InvalidOptionsError, show } from '../lib/errors.js';

/**
 * Fails each run that has not ended `ms` after it started: the run ends with
 * `TrialEnded{failed, error: { name: 'TrialTimeout', … }}` and its trainer is unsubscribed on that frame
 * (which stops a worker-thread or process trainer). Each segment of a paused and resumed trial gets its
 * own limit. `study` appends it after the pipeline when given `trialTimeout`, so a hung trainer cannot
 * stall a study; placed right after `trainWith` instead, the schedulers that follow see the failure too.
 *
 * ```
 * run A:  (s)─r──────────…        ms = 5
 * out A:  (s)─r───(e)|            e = TrialEnded(A, failed, TrialTimeout); trainer unsubscribed
 * ```
 *
 * ## Example
 * ```ts
 * study({ space, objective, budget: { trials: 50 }, trialTimeout: 10 * 60_000 }, pipeline);
 * pipe(sampleWith(randomSampler()), trainWith(trainer), trialTimeout(600_000), hyperband()); // schedulers see it
 * ```
 * @param ms The limit per run, in milliseconds on `scheduler`'s clock (any length).
 * @param scheduler The clock. Default `asyncScheduler`.
 * @return A function that returns the runs, each cut at its limit.
 * @throws InvalidOptionsError unless `ms` is a number > 0.
 */
export const trialTimeout = <C>(
  ms: number,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<TrialRun<C>> => {
  if (!(typeof ms === 'number' && ms > 0))
    throw new InvalidOptionsError('trialTimeout', [`ms must be a number of milliseconds > 0, got ${show(ms)}`]);
  return (runs$) =>
    runs$.pipe(
      map((run) => ({
        trial: run.trial,
        events: new Observable<TrialEvent<C>>((subscriber) => {
          const id = run.trial.id;
          let ended = false;
          const inner = run.events.subscribe({
            next: (e) => {
              if (e._tag === 'TrialEnded' && e.trialId === id) ended = true;
              subscriber.next(e);
            },
            error: (err: unknown) => subscriber.error(err),
            complete: () => subscriber.complete(),
          });
          if (ended || inner.closed) return inner;
          const limit = longTimer(ms, scheduler).subscribe(() => {
            inner.unsubscribe();
            if (ended) return subscriber.complete();
            ended = true;
            subscriber.next(
              trialEnded(id, 'failed', {
                name: 'TrialTimeout',
                message: `trial ${id}: the run did not end within the trial timeout of ${ms} ms; its trainer was stopped`,
              }),
            );
            subscriber.complete();
          });
          return () => {
            limit.unsubscribe();
            inner.unsubscribe();
          };
        }),
      })),
    );
};
