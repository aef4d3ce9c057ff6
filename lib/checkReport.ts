import type { MetricReport } from './metricReport.js';
import type { Trial } from './trial.js';
import type { TrialReported } from './trialEvent.js';
import { trialReported } from './trialEvent.js';
import { scoreOf } from './objective.js';
import { TrialFailedError, show } from './errors.js';

/**
 * Checks a trainer's report and turns it into a `TrialReported` with the objective normalised to a
 * score. A report that is malformed, lacks the objective metric, or has a metric that is NaN or ±Infinity
 * fails the trial.
 *
 * @example
 * ```ts
 * checkReport(trial, { step: 1, metrics: { loss: NaN } }); // throws TrialFailedError: metric "loss" is NaN at step 1
 * ```
 * @throws TrialFailedError naming the metric, its value and the step.
 */
export const checkReport = (trial: Trial<unknown>, r: MetricReport): TrialReported => {
  const fail = (m: string): never => {
    throw new TrialFailedError(trial.id, m);
  };
  if (typeof r !== 'object' || r === null) fail(`reported ${show(r)}, not a MetricReport {step, metrics}`);
  if (typeof r.step !== 'number' || !Number.isFinite(r.step))
    fail(`report step ${show(r.step)} is not a finite number`);
  if (typeof r.metrics !== 'object' || r.metrics === null) fail(`report at step ${r.step} has no metrics object`);
  for (const [k, v] of Object.entries(r.metrics))
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`metric ${show(k)} is ${show(v)} at step ${r.step}`);
  const objective = trial.study.objective;
  // Metric names are data: `constructor` or `toString` must not be found on Object.prototype.
  if (!Object.hasOwn(r.metrics, objective.metric))
    fail(
      `report at step ${r.step} has no objective metric ${show(objective.metric)} (got ${show(Object.keys(r.metrics))})`,
    );
  return trialReported(trial.id, r, scoreOf(objective, r.metrics[objective.metric] as number));
};
