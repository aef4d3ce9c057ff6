// A worker trainer that does no work: one report, then done. What a trial costs on the pool is then
// only the pool's own overhead (task dispatch, the port, the codecs, the Observable).
import { Observable } from 'rxjs';
import { defineWorkerTrainer } from '../../adapters/workers/workerModule.js';
import type { Trainer } from '../../lib/trainer.js';

/** The same trainer, for the in-process baseline. */
export const noopTrainer: Trainer<{ readonly x: number }> = (trial) =>
  new Observable((subscriber) => {
    subscriber.next({ step: 1, metrics: { loss: trial.config.x } });
    subscriber.complete();
  });

export default defineWorkerTrainer<{ readonly x: number }>(() => noopTrainer);
