import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import { Observable as Obs, Subscription, filter, map, take } from 'rxjs';
import type { StudyState } from '../lib/studyState.js';
import { budgetSpent, hardStopped } from '../lib/studyState.js';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialDecided, trialEnded } from '../lib/trialEvent.js';
import { stop } from '../lib/decision.js';

/**
 * Ends every running run, on the frame it happens, once the study's step budget is spent or its
 * deadline has passed: `TrialDecided(stop(id, 'budget: steps'|'budget: deadline'))` then
 * `TrialEnded{stopped}`, and the trainer is unsubscribed. `study` appends it after the user's pipeline.
 *
 * ## Example
 * ```ts
 * states$.pipe(pipeline, budgetGuard(states$), execute());
 * ```
 * @param states$ The study's (shared) state stream.
 * @return A function that returns the runs, cut when the budget is spent.
 */
export const budgetGuard =
  <C>(states$: Observable<StudyState>): MonoTypeOperatorFunction<TrialRun<C>> =>
  (runs$) =>
    runs$.pipe(
      map((run) => ({
        trial: run.trial,
        events: new Obs<TrialEvent<C>>((subscriber) => {
          const id = run.trial.id;
          let done = false;
          const inner = new Subscription();
          inner.add(
            states$.pipe(filter(hardStopped), take(1)).subscribe((s) => {
              if (done) return;
              done = true;
              subscriber.next(trialDecided(stop(id, `budget: ${budgetSpent(s) ?? 'spent'}`)));
              subscriber.next(trialEnded(id, 'stopped'));
              subscriber.complete();
              inner.unsubscribe();
            }),
          );
          if (!done)
            inner.add(
              run.events.subscribe({
                next: (e) => {
                  if (done) return;
                  if (e._tag === 'TrialEnded' && e.trialId === id) done = true;
                  subscriber.next(e);
                },
                error: (err: unknown) => subscriber.error(err),
                complete: () => subscriber.complete(),
              }),
            );
          return inner;
        }),
      })),
    );
