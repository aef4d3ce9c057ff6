// Tunes a Python training script: each trial runs `python3 train.py` with its config in RXHPO_CONFIG,
// ASHA stops the laggards (killing their processes), and the result is printed as a table.
// Run: npx tsx examples/05-tune-a-script/tune.ts
import { fileURLToPath } from 'node:url';
import { identity, lastValueFrom, pipe } from 'rxjs';
import { float, int } from '../../lib/index.js';
import type { StudyResult } from '../../lib/index.js';
import { asha, sampleWith, study, toResult, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { commandTrainer, progress } from '../../adapters/node/index.js';

const space = { lr: float(1e-3, 1e-1, { log: true }), width: int(8, 128, { log: true }) };
const script = fileURLToPath(new URL('./train.py', import.meta.url));

export const main = async (trials = 12, print = true): Promise<StudyResult<{ lr: number; width: number }>> => {
  const trainer = commandTrainer<{ lr: number; width: number }>({ command: 'python3', args: [script] });
  // Processes, so trials really run in parallel: two at a time.
  const result = await lastValueFrom(
    study(
      { space, objective: { metric: 'loss', mode: 'min' }, seed: 3, concurrency: 2, budget: { trials } },
      pipe(sampleWith(randomSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 9, reductionFactor: 3 })),
    ).pipe(print ? progress() : identity, toResult()),
  );
  if (print) {
    console.table(result.trials);
    console.log(`${result.counts.completed} completed, ${result.counts.stopped} stopped by ASHA`);
    console.log(`best: trial ${result.best?.number}, loss ${result.best?.value.toFixed(4)}`, result.best?.config);
  }
  return result;
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
