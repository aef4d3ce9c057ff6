import type { Observable } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { Trial, TrialId } from '../lib/trial.js';
import type { TrialRun } from '../lib/trialRun.js';
import { trainWith } from '../operators/trainWith.js';
import { fakeTrainer, fakeTrial } from './fakeTrainer.js';

/** The part of `TestScheduler.run`'s helpers that {@link runsOf} needs. */
export interface ColdFactory {
  cold<T = string>(marbles: string, values?: Record<string, T>, error?: unknown): Observable<T>;
}

/** Options of {@link runsOf}. */
export interface RunsOfOptions {
  /** Trials to use per letter (default: `fakeTrial(letter)`, numbered in letter order). */
  readonly trials?: Readonly<Record<TrialId, Trial>>;
  /** An error value for `#` in the marble. */
  readonly error?: unknown;
}

/**
 * A stream of trial runs from a marble of trial letters, each backed by the fake trainer of the same
 * letter: the input a scheduler operator sees inside a study.
 *
 * @example
 * ```ts
 * ts.run((helpers) => {
 *   const A = helpers.cold('a----b|', { a: report(1, { loss: 0.5 }), b: report(2, { loss: 0.2 }) });
 *   const B = helpers.cold('a----b|', { a: report(1, { loss: 0.9 }), b: report(2, { loss: 0.8 }) });
 *   const out$ = runsOf(helpers, 'AB', { A, B }).pipe(myScheduler, execute());
 * });
 * ```
 */
export const runsOf = (
  helpers: ColdFactory,
  marble: string,
  trainers: Readonly<Record<TrialId, Observable<MetricReport>>>,
  options: RunsOfOptions = {},
): Observable<TrialRun<Config>> => {
  const letters = [...new Set(marble.replace(/[^A-Za-z0-9]/g, '').split(''))].filter(
    (l) => l in trainers || options.trials?.[l],
  );
  const trials: Record<string, Trial> = {};
  letters.forEach((l, i) => (trials[l] = options.trials?.[l] ?? fakeTrial(l, {}, { number: i })));
  return helpers.cold<Trial>(marble, trials, options.error).pipe(trainWith(fakeTrainer(trainers)));
};
