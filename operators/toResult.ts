import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { StudyResult } from '../lib/studyResult.js';
import { studyResult } from '../lib/studyResult.js';
import type { StudyState } from '../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../lib/studyState.js';
import type { TrialEvent } from '../lib/trialEvent.js';

// For a stream that does not begin with StudyStarted: rows read each trial's own objective, so the
// study-level fields are not needed.
const UNKNOWN_STUDY = {
  seed: 0,
  objective: { metric: '', mode: 'max' },
  space: {},
  concurrency: 1,
  budget: {},
} as const;

/**
 * Emits the study's result once, when its events complete: every trial as a row (config, state, last
 * step, objective value in the metric's own sign, why it failed), the best completed trial and the
 * count per state. It always emits, so `lastValueFrom` never throws an `EmptyError`: when no trial
 * completed, `best` is `undefined` and the rows say why each one failed. A study error passes through.
 *
 * ```
 * events: ──s──e──e──e──|
 * result: ──────────────(r|)
 * ```
 *
 * ## Example
 * ```ts
 * const { trials, best } = await lastValueFrom(study(options, pipeline).pipe(toResult()));
 * console.table(trials);
 * console.log('best', best?.value, best?.config);
 * ```
 * @return A function that returns an Observable of one `StudyResult`.
 */
export const toResult =
  <C = Config>(): OperatorFunction<TrialEvent<C>, StudyResult<C>> =>
  (events$) =>
    new Observable<StudyResult<C>>((subscriber) => {
      let state: StudyState | undefined;
      return events$.subscribe({
        next: (e) => {
          const event = e as TrialEvent;
          if (state === undefined) {
            const { seed, objective, space, concurrency, budget } =
              event._tag === 'StudyStarted' ? event : UNKNOWN_STUDY;
            state = initialStudyState({ seed, objective, space, concurrency, budget });
          }
          state = reduceStudy(state, event);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          subscriber.next(studyResult(state ?? initialStudyState(UNKNOWN_STUDY)) as StudyResult<C>);
          subscriber.complete();
        },
      });
    });
