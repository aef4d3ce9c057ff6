// Random search on the Branin function, reactive style: a study is an Observable of events.
// Run: npx tsx examples/01-random-search-branin.ts [trials] [seed]
import { identity, of, pipe, lastValueFrom, tap } from 'rxjs';
import { float } from '../lib/index.js';
import { bestSoFar, sampleWith, study, trainWith } from '../operators/index.js';
import type { Best } from '../operators/index.js';
import { randomSampler } from '../strategies/index.js';
import { progress } from '../adapters/node/index.js';

/** Branin–Hoo: three global minima of 0.397887. */
export const branin = (x0: number, x1: number): number => {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  const y = x1 - b * x0 * x0 + c * x0 - 6;
  return y * y + 10 * (1 - t) * Math.cos(x0) + 10;
};

const space = { x0: float(-5, 10), x1: float(0, 15) };

export const main = async (
  trials = 200,
  seed = 0,
  log: (line: string) => void = console.log,
  showProgress = false,
): Promise<Best<{ x0: number; x1: number }>> => {
  const events$ = study(
    { space, objective: { metric: 'value', mode: 'min' }, seed, budget: { trials }, concurrency: 4 },
    pipe(
      sampleWith(randomSampler()),
      trainWith((trial) => of({ step: 1, metrics: { value: branin(trial.config.x0, trial.config.x1) } })),
    ),
  );
  const best = await lastValueFrom(
    events$.pipe(
      showProgress ? progress() : identity,
      bestSoFar(),
      tap((b) => log(`trial ${b.trialId.padStart(4)} (${b.finished}/${trials} done)  new best ${b.value.toFixed(5)}`)),
    ),
  );
  log(
    `best after ${trials} trials: ${best.value.toFixed(5)} at x0=${best.config.x0.toFixed(4)}, x1=${best.config.x1.toFixed(4)} (optimum 0.39789)`,
  );
  return best;
};

if (import.meta.url === `file://${process.argv[1]}`)
  await main(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 0), console.log, true);
