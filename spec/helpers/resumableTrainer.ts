import { defer, map, take, timer } from 'rxjs';
import type { CheckpointRef, CheckpointStore } from '../../lib/checkpointStore.js';
import type { Config } from '../../lib/config.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';

/** What {@link resumableTrainer} records about each run, for assertions. */
export interface RunLog {
  readonly trial: Trial;
  /** The weight loaded at start (0 for a fresh trial). */
  readonly loaded: number;
  readonly reports: MetricReport[];
  /** The weight after each report, in order. */
  readonly weights: number[];
}

/** Options of {@link resumableTrainer}. */
export interface ResumableTrainerOptions {
  readonly maxStep: number;
  /** Virtual frames per step, per trial (default 1). */
  readonly period?: (trial: Trial) => number;
  /** Fail the run at this step (throws before reporting it). */
  readonly failAt?: (trial: Trial) => number | undefined;
}

/**
 * A resumable fake trainer for virtual time: the "weights" are one number that grows by `config.lr`
 * per step (loss = 1 / (1 + w), so a larger lr is better); every report saves a checkpoint to `store`,
 * and a trial with `resumeFrom` loads it before its first report and continues at `startStep + 1`.
 */
export const resumableTrainer = <C extends Config = Config>(
  store: CheckpointStore<number>,
  options: ResumableTrainerOptions,
  logs: RunLog[] = [],
): Trainer<C> => {
  return (typed) =>
    defer(() => {
      const trial = typed as Trial;
      const loaded = trial.resumeFrom === undefined ? 0 : store.load(trial.resumeFrom as CheckpointRef);
      const log: RunLog = { trial, loaded, reports: [], weights: [] };
      logs.push(log);
      let w = loaded;
      const max = Math.min(options.maxStep, trial.budget ?? options.maxStep);
      const period = options.period?.(trial) ?? 1;
      const failAt = options.failAt?.(trial);
      return timer(period, period).pipe(
        take(Math.max(0, max - trial.startStep)),
        map((i) => {
          const step = trial.startStep + i + 1;
          if (failAt !== undefined && step >= failAt) throw new Error(`trainer ${trial.id} died at step ${step}`);
          w += trial.config['lr'] as number;
          const r: MetricReport = { step, metrics: { loss: 1 / (1 + w) }, checkpoint: store.save(trial.id, step, w) };
          log.reports.push(r);
          log.weights.push(w);
          return r;
        }),
      );
    });
};
