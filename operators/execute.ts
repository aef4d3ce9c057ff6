import type { OperatorFunction } from 'rxjs';
import { Observable, Subscriber, mergeMap } from 'rxjs';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded } from '../lib/trialEvent.js';
import type { TrialId } from '../lib/trial.js';

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
      mergeMap(
        (run) =>
          new Observable<TrialEvent<C>>((subscriber) => {
            const sink = new RunSink<C>(run.trial.id, subscriber);
            subscriber.add(sink);
            run.events.subscribe(sink);
          }),
      ),
    );

/** Forwards a run's events; a run that completes without its own `TrialEnded` gets one (`RunCut`). */
class RunSink<C> extends Subscriber<TrialEvent<C>> {
  private ended = false;
  constructor(
    private readonly id: TrialId,
    private readonly out: Subscriber<TrialEvent<C>>,
  ) {
    super();
  }
  protected override _next(e: TrialEvent<C>): void {
    if (e._tag === 'TrialEnded' && e.trialId === this.id) this.ended = true;
    this.out.next(e);
  }
  protected override _error(err: unknown): void {
    this.out.error(err);
  }
  protected override _complete(): void {
    if (!this.ended) this.out.next(trialEnded(this.id, 'stopped', RUN_CUT));
    this.out.complete();
  }
}

const RUN_CUT = { name: 'RunCut', message: 'the run ended without TrialEnded (an operator cut it)' } as const;
