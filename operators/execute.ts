import type { OperatorFunction } from 'rxjs';
import { mergeMap } from 'rxjs';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded } from '../lib/trialEvent.js';
import { relayRun } from './relayRun.js';

/**
 * Runs every trial run concurrently and flattens their events into one stream, in the order they
 * happen. Concurrency is already bounded upstream by `sampleWith`, which only emits a trial when a slot
 * is free. A run that ends without a `TrialEnded` (cut by a custom operator) still gets one, with
 * outcome `stopped`, so no trial is ever left "running" and the study can end.
 *
 * ```
 * runs:   ──A────B──────
 * A:        (s)─r─(e)|
 * B:             (s)──r──(e)|
 * out:    ──(s)─r─(es)─r──(e)
 * ```
 *
 * ## Example
 * ```ts
 * runsOf('AB', trainers).pipe(asha({ minStep: 1, maxStep: 9 }), execute())
 * ```
 * @return A function that returns an Observable of every run's events.
 */
export const execute =
  <C>(): OperatorFunction<TrialRun<C>, TrialEvent<C>> =>
  (runs$) =>
    runs$.pipe(
      mergeMap((run) =>
        relayRun<TrialEvent<C>, C>(run.trial.id, run.events, (r) => ({
          next: (e) => r.emit(e),
          complete: () => r.end([trialEnded(run.trial.id, 'stopped', RUN_CUT)]),
        })),
      ),
    );

const RUN_CUT = { name: 'RunCut', message: 'the run ended without TrialEnded (an operator cut it)' } as const;
