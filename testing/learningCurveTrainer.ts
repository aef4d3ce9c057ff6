import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { Trainer } from '../lib/trainer.js';
import type { Trial } from '../lib/trial.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { unknownOptionProblems } from '../lib/optionKeys.js';

/** Options of {@link learningCurveTrainer}. */
export interface LearningCurveTrainerOptions<C> {
  /**
   * The metric(s) after `step` (1-based) for a trial: a number is reported as `metric`. Must be a pure
   * function of its arguments, so a resumed trial continues the very same curve.
   */
  readonly curve: (config: C, step: number, trial: Trial<C>) => number | Readonly<Record<string, number>>;
  /** The last step a trial can train (its trainer completes there even without a budget). */
  readonly maxStep: number;
  /** The metric name for a numeric curve. Default `'loss'`. */
  readonly metric?: string;
  /**
   * Time per step on `scheduler`. Default 1. With 0 every step is reported synchronously; with a
   * positive duration each step is its own task, so a study folds each report (its step budget, its
   * schedulers) before the next step trains.
   */
  readonly stepDuration?: number;
  /** The clock steps run on. Default `asyncScheduler` (virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * A synthetic trainer that follows a learning curve and honours the resume contract exactly: a fresh
 * trial trains steps 1, 2, …; a continuation trains from `trial.startStep + 1`, requiring
 * `trial.resumeFrom` to be that step (its checkpoint is the step reached, so no step is trained twice
 * or skipped); every segment stops after `trial.budget` (or `maxStep`). Each report carries
 * `checkpoint: step`. Unsubscribing stops it before the next step.
 *
 * ```
 * fresh, budget 3:           ─1─2─3|
 * resumed from 3, budget 9:  ─4─5─6─7─8─9|
 * ```
 *
 * @example
 * ```ts
 * const trainer = learningCurveTrainer<{ lr: number }>({
 *   curve: (c, t) => 0.1 + (2 - 0.1) * Math.exp(-t * c.lr),
 *   maxStep: 81,
 * });
 * study({ space, objective: { metric: 'loss', mode: 'min' }, budget: { trials: 100 } }, pipe(sampleWith(randomSampler()), trainWith(trainer), asha()));
 * ```
 * @throws InvalidOptionsError for a bad `maxStep` or `stepDuration`. A trial whose `resumeFrom` does not
 * match its `startStep` fails (the run errors), since resuming elsewhere would train steps twice.
 */
export const learningCurveTrainer = <C = Config>(options: LearningCurveTrainerOptions<C>): Trainer<C> => {
  const { curve, maxStep, metric = 'loss', stepDuration = 1, scheduler = asyncScheduler } = options;
  const p: string[] = unknownOptionProblems(options, ['curve', 'maxStep', 'metric', 'stepDuration', 'scheduler']);
  if (typeof curve !== 'function') p.push(`curve must be a function, got ${show(curve)}`);
  if (!(Number.isInteger(maxStep) && maxStep >= 1)) p.push(`maxStep must be an integer >= 1, got ${show(maxStep)}`);
  if (!(typeof stepDuration === 'number' && stepDuration >= 0))
    p.push(`stepDuration must be a number >= 0, got ${show(stepDuration)}`);
  if (p.length > 0) throw new InvalidOptionsError('learningCurveTrainer options', p);

  return (trial) =>
    new Observable<MetricReport>((subscriber) => {
      const from = trial.startStep;
      const resumed = trial.resumeFrom;
      if ((from === 0 && resumed !== undefined) || (from > 0 && resumed !== from)) {
        subscriber.error(
          new Error(
            `learningCurveTrainer: trial ${trial.id} starts at step ${from} but resumes from checkpoint ${show(resumed)}`,
          ),
        );
        return undefined;
      }
      const last = Math.min(maxStep, trial.budget ?? maxStep);
      const reportAt = (step: number): MetricReport => {
        const v = curve(trial.config, step, trial);
        return { step, metrics: typeof v === 'number' ? { [metric]: v } : v, checkpoint: step };
      };
      if (stepDuration === 0) {
        for (let step = from + 1; step <= last && !subscriber.closed; step++) subscriber.next(reportAt(step));
        subscriber.complete();
        return undefined;
      }
      if (from >= last) {
        subscriber.complete();
        return undefined;
      }
      return scheduler.schedule<number>(
        function (this: SchedulerAction<number>, step = from + 1) {
          subscriber.next(reportAt(step));
          if (step >= last) subscriber.complete();
          else if (!subscriber.closed) this.schedule(step + 1, stepDuration);
        },
        stepDuration,
        from + 1,
      );
    });
};
