import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import { filter, map, take } from 'rxjs';
import type { StudyState } from '../lib/studyState.js';
import { budgetSpent, hardStopped } from '../lib/studyState.js';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialDecided, trialEnded } from '../lib/trialEvent.js';
import { stop } from '../lib/decision.js';
import { relayRun } from './relayRun.js';

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
        events: relayRun<TrialEvent<C>, C>(run.trial.id, run.events, (r) => {
          const id = run.trial.id;
          r.add(
            states$
              .pipe(filter(hardStopped), take(1))
              .subscribe((s) =>
                r.end([trialDecided(stop(id, `budget: ${budgetSpent(s) ?? 'spent'}`)), trialEnded(id, 'stopped')]),
              ),
          );
          return { next: (e) => r.emit(e) };
        }),
      })),
    );
