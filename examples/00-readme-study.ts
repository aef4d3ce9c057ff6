// The README's study, verbatim (imports from the source tree instead of the package name).
import { of, pipe } from 'rxjs';
import { float, categorical } from '../lib/index.js';
import { study, sampleWith, trainWith, bestSoFar } from '../operators/index.js';
import { randomSampler } from '../strategies/index.js';

const space = { lr: float(1e-4, 1e-1, { log: true }), act: categorical(['relu', 'tanh']) };
const myLoss = (c: { lr: number; act: string }) => (Math.log10(c.lr) + 2.5) ** 2 + (c.act === 'relu' ? 0 : 0.1);

export const events$ = study(
  { space, objective: { metric: 'loss', mode: 'min' }, seed: 42, budget: { trials: 50 } },
  pipe(
    sampleWith(randomSampler()),
    // trial.config is typed { lr: number; act: 'relu' | 'tanh' }
    trainWith((trial) => of({ step: 1, metrics: { loss: myLoss(trial.config) } })),
  ),
);

if (import.meta.url === `file://${process.argv[1]}`)
  events$.pipe(bestSoFar()).subscribe({
    next: (best) => console.log(best.value, best.config),
    // A misspelt metric or a broken trainer fails the study with a StudyFailedError naming the reason.
    error: (err: Error) => console.error(err.message),
  });
