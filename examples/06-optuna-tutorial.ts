// Optuna's tutorial objective, ported: a network with n_layers hidden layers, and for each present
// layer i its width n_units_l{i} (log scale) and dropout rate dropout_l{i}. The config stays flat with
// Optuna's own names and is fully typed; TPE models n_layers as an ordered integer.
// Run: npx tsx examples/06-optuna-tutorial.ts [trials]
import { identity, lastValueFrom, of, pipe } from 'rxjs';
import { categorical, float, int, param } from '../lib/index.js';
import type { ConfigOf } from '../lib/index.js';
import { bestSoFar, sampleWith, study, trainWith } from '../operators/index.js';
import type { Best } from '../operators/index.js';
import { tpeSampler } from '../strategies/index.js';
import { progress } from '../adapters/node/index.js';

export const space = {
  n_layers: int(1, 3, { each: { n_units_l: int(4, 128, { log: true }), dropout_l: float(0.2, 0.5) } }),
  optimizer: categorical(['Adam', 'RMSprop', 'SGD']),
  lr: float(1e-5, 1e-1, { log: true }),
};
export type TutorialConfig = ConfigOf<typeof space>;

/**
 * Stands in for training the tutorial's network on FashionMNIST: a smooth "validation accuracy" that
 * prefers two layers of about 64 units, dropout near 0.3, Adam and a learning rate near 1e-3.
 */
export const accuracy = (config: TutorialConfig): number => {
  let fit = 0;
  for (let i = 0; i < config.n_layers; i++) {
    const out = param(config, `n_units_l${i}`);
    const p = param(config, `dropout_l${i}`);
    fit += Math.log2(out / 64) ** 2 / 8 + ((p - 0.3) / 0.1) ** 2 / 8;
  }
  fit += (config.n_layers - 2) ** 2 / 4 + (Math.log10(config.lr) + 3) ** 2 / 4;
  return 0.9 * Math.exp(-fit / 4) + (config.optimizer === 'Adam' ? 0.05 : 0);
};

export const main = async (
  trials = 60,
  log: (line: string) => void = console.log,
  showProgress = false,
): Promise<Best<TutorialConfig>> => {
  const best = await lastValueFrom(
    study(
      { space, objective: { metric: 'accuracy', mode: 'max' }, seed: 0, budget: { trials } },
      pipe(
        sampleWith(tpeSampler()),
        trainWith((trial) => of({ step: 1, metrics: { accuracy: accuracy(trial.config) } })),
      ),
    ).pipe(showProgress ? progress() : identity, bestSoFar()),
  );
  log(`best accuracy ${best.value.toFixed(4)} after ${trials} trials with ${JSON.stringify(best.config)}`);
  return best;
};

if (import.meta.url === `file://${process.argv[1]}`) await main(Number(process.argv[2] ?? 60), console.log, true);
