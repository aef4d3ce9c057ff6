import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { FailFast, FailureTally } from '../lib/failFast.js';
import { emptyTally, endVerdict, failureVerdict, tallyFailures } from '../lib/failFast.js';

/**
 * Errors the event stream with a `StudyFailedError` when failed trials call for it under `failFast`
 * (see `FailFast`): right after the `TrialEnded` that tips it, or at completion when trials failed and
 * none completed. Erroring unsubscribes the study, which stops every running trainer. `study` appends it.
 *
 * ```
 * events:  ──f──f──f──…       f = TrialEnded{failed} for the same reason, none completed
 * out:     ──f──f──f#         # = StudyFailedError naming the reason
 * ```
 *
 * ## Example
 * ```ts
 * closeLoop(start, loop).pipe(failFastGuard(options.failFast));
 * ```
 * @param failFast The rule; `undefined` is the default.
 * @return A function that returns the events, erroring when the study has failed.
 */
export const failFastGuard =
  <C>(failFast: FailFast): MonoTypeOperatorFunction<TrialEvent<C>> =>
  (events$) =>
    failFast === false
      ? events$
      : new Observable<TrialEvent<C>>((subscriber) => {
          let tally: FailureTally = emptyTally;
          return events$.subscribe({
            next: (e) => {
              subscriber.next(e);
              if (e._tag !== 'TrialEnded') return;
              tally = tallyFailures(tally, e as TrialEvent);
              const err = failureVerdict(tally, failFast);
              if (err) subscriber.error(err);
            },
            error: (err: unknown) => subscriber.error(err),
            complete: () => {
              const err = endVerdict(tally, failFast);
              if (err) subscriber.error(err);
              else subscriber.complete();
            },
          });
        });
