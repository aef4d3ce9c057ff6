import type { Observable } from 'rxjs';
import type { Config } from './config.js';
import type { MetricReport } from './metricReport.js';
import type { Trial } from './trial.js';

/**
 * Trains one trial. Must be cold: subscribing starts training, unsubscribing really stops it (a
 * scheduler prunes by unsubscribing). Emit one report per step; complete when done; error to fail the
 * trial (the study goes on). To resume, start from `trial.resumeFrom` at `trial.startStep` and stop
 * after `trial.budget` when set.
 *
 * @example
 * ```ts
 * const trainer: Trainer<{ lr: number }> = (trial) =>
 *   interval(10).pipe(take(5), map((i) => ({ step: i + 1, metrics: { loss: trial.config.lr / (i + 1) } })));
 * ```
 */
export type Trainer<C = Config> = (trial: Trial<C>) => Observable<MetricReport>;
