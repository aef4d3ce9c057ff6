import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { TrialId, Trial } from '../lib/trial.js';
import { valueOf } from '../lib/objective.js';

/** The incumbent: the best completed trial so far. */
export interface Best<C> {
  readonly trialId: TrialId;
  readonly config: C;
  /** The objective metric's final value, in its own direction. */
  readonly value: number;
  /** The same, normalised so higher is better. */
  readonly score: number;
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Trials finished (any outcome) when this incumbent was found. */
  readonly finished: number;
}

/**
 * Emits the incumbent each time a completed trial beats it (by its last report's objective value).
 *
 * ```
 * events: ──e1──e2──e3──e4──|      e = TrialEnded (completed) with values 5, 3, 4, 1
 * best:   ──b1──b2──────b4──|
 * ```
 *
 * ## Example
 * ```ts
 * study(options, pipeline).pipe(bestSoFar()).subscribe((b) => console.log(b.value, b.config));
 * ```
 * @return A function that returns an Observable of improving incumbents.
 */
export const bestSoFar =
  <C>(): OperatorFunction<TrialEvent<C>, Best<C>> =>
  (events$) =>
    new Observable<Best<C>>((subscriber) => {
      const live = new Map<
        TrialId,
        { trial: Trial<C>; score?: number; step?: number; metrics?: Readonly<Record<string, number>> }
      >();
      let best: Best<C> | undefined;
      let finished = 0;
      return events$.subscribe({
        next: (e) => {
          switch (e._tag) {
            case 'TrialStarted':
              live.set(e.trial.id, { trial: e.trial });
              return;
            case 'TrialReported': {
              const r = live.get(e.trialId);
              if (r) live.set(e.trialId, { ...r, score: e.score, step: e.report.step, metrics: e.report.metrics });
              return;
            }
            case 'TrialEnded': {
              const r = live.get(e.trialId);
              live.delete(e.trialId);
              if (e.outcome !== 'paused') finished++;
              if (!r || e.outcome !== 'completed' || r.score === undefined) return;
              if (best && best.score >= r.score) return;
              best = {
                trialId: e.trialId,
                config: r.trial.config,
                value: valueOf(r.trial.study.objective, r.score),
                score: r.score,
                step: r.step ?? 0,
                metrics: r.metrics ?? {},
                finished,
              };
              subscriber.next(best);
              return;
            }
            default:
              return;
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
