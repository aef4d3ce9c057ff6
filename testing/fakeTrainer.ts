import type { Observable } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { Objective } from '../lib/objective.js';
import type { Trainer } from '../lib/trainer.js';
import type { Trial, TrialId } from '../lib/trial.js';

/**
 * A trainer backed by a table of cold observables, one per trial id: in a marble test the cold
 * observable *is* the training run, and its `subscriptions` prove when it was cancelled.
 *
 * @example
 * ```ts
 * const A = cold('a----b|', { a: report(1, { loss: 0.5 }), b: report(2, { loss: 0.4 }) });
 * const trainer = fakeTrainer({ A });
 * // … later: expectSubscriptions(A.subscriptions).toBe('^-----!');
 * ```
 * @throws Error when asked for a trial id that has no entry (a typo in the test).
 */
export const fakeTrainer =
  <C = Config>(byId: Readonly<Record<TrialId, Observable<MetricReport>>>): Trainer<C> =>
  (trial) => {
    const run = byId[trial.id];
    if (!run)
      throw new Error(
        `fakeTrainer: no run for trial ${JSON.stringify(trial.id)} (have ${Object.keys(byId).join(', ')})`,
      );
    return run;
  };

/**
 * A metric report, for value tables.
 *
 * @example
 * ```ts
 * { a: report(1, { loss: 0.5 }), b: report(2, { loss: 0.4 }, 'ckpt-2') }
 * ```
 */
export const report = (step: number, metrics: Readonly<Record<string, number>>, checkpoint?: unknown): MetricReport =>
  checkpoint === undefined ? { step, metrics } : { step, metrics, checkpoint };

/** The objective the test kit assumes unless told otherwise. */
export const TEST_OBJECTIVE: Objective = { metric: 'loss', mode: 'min' };

/**
 * A trial for tests: id, config and any fields to override.
 *
 * @example
 * ```ts
 * fakeTrial('A', { lr: 0.1 }, { budget: 9 })
 * ```
 */
export const fakeTrial = <C = Config>(
  id: TrialId,
  config: C = {} as C,
  overrides: Partial<Trial<C>> = {},
): Trial<C> => ({
  id,
  number: 0,
  config,
  seed: 0,
  segment: 0,
  startStep: 0,
  lineage: [],
  study: { seed: 0, objective: TEST_OBJECTIVE },
  ...overrides,
});
