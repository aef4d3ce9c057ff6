import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { TrialId } from '../lib/trial.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded } from '../lib/trialEvent.js';
import { InvalidOptionsError, errorInfo, show } from '../lib/errors.js';

/**
 * Passes every event through unchanged and hands each one to `sink` first (an event log, a journal, a
 * dashboard). The sink's record is always closed: if the study is unsubscribed before it completes (a
 * `take`, a shutdown), the sink gets one `TrialEnded{stopped, error: { name: 'StudyUnsubscribed' }}`
 * per trial that started and had not ended; if the study errors, one with `name: 'StudyErrored'`.
 * Nothing can be emitted downstream after an unsubscribe, so these go to the sink only.
 *
 * ```
 * events:  S─a─b─────…        a, b = TrialStarted
 * out:     S─a─b──!           unsubscribed
 * sink:    S─a─b──(xy)        x, y = TrialEnded(a|b, stopped, StudyUnsubscribed)
 * ```
 *
 * ## Example
 * ```ts
 * const log: TrialEvent[] = [];
 * study(options, pipeline).pipe(recordEvents((e) => log.push(e)), take(100)).subscribe();
 * // every TrialStarted in log has its TrialEnded
 * ```
 * @param sink Called with each event, in order, before it goes downstream.
 * @return A function that returns the events unchanged.
 * @throws InvalidOptionsError unless `sink` is a function.
 */
export const recordEvents = <C>(sink: (event: TrialEvent<C>) => void): MonoTypeOperatorFunction<TrialEvent<C>> => {
  if (typeof sink !== 'function')
    throw new InvalidOptionsError('recordEvents', [`sink must be a function (event) => void, got ${show(sink)}`]);
  return (events$) =>
    new Observable<TrialEvent<C>>((subscriber) => {
      const open = new Set<TrialId>();
      let finished = false;
      const closeAll = (name: string, message: string): void => {
        const ids = [...open];
        open.clear();
        for (const id of ids) sink(trialEnded(id, 'stopped', { name, message }));
      };
      const sub = events$.subscribe({
        next: (e) => {
          if (e._tag === 'TrialStarted') open.add(e.trial.id);
          else if (e._tag === 'TrialEnded') open.delete(e.trialId);
          sink(e);
          subscriber.next(e);
        },
        error: (err: unknown) => {
          finished = true;
          closeAll('StudyErrored', `the study errored before the trial ended: ${errorInfo(err).message}`);
          subscriber.error(err);
        },
        complete: () => {
          finished = true;
          subscriber.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        if (!finished) closeAll('StudyUnsubscribed', 'the study was unsubscribed while the trial ran');
      };
    });
};
