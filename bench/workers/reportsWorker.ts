// A worker trainer that does no work but reports BENCH_REPORTS times (default 10): what each report
// costs the coordinator, beside the no-op trainer's one report.
import { Observable } from 'rxjs';
import { defineWorkerTrainer } from '../../adapters/workers/workerModule.js';

const count = Number(process.env['BENCH_REPORTS'] ?? 10);

export default defineWorkerTrainer<{ readonly x: number }>(
  () => (trial) =>
    new Observable((subscriber) => {
      for (let step = 1; step <= count; step++) subscriber.next({ step, metrics: { loss: trial.config.x / step } });
      subscriber.complete();
    }),
);
