/**
 * How often gpSampler ends a problem in a local optimum, per startup design:
 *
 *   npx tsx bench/gpStuckSeeds.ts --problem hartmann6 --variants sobol,random,local10,cand2048 --seeds 0-29
 *
 * Per variant: the final regret of each seed and how many exceed 0.01 ("stuck"). `sobol` is the default
 * (10 scrambled Sobol' startup trials), `random` is `startup: 'random'` (Optuna's RandomSampler startup),
 * `local10` has Optuna's 10 local searches, `cand2048` Optuna's 2048 candidates, `every` refits at every
 * ask, and `optunaLike` has all of Optuna's choices at once (random startup, 2048 candidates, 10 local
 * searches, a refit and a fresh candidate pool at every ask).
 */
import { parseArgs } from 'node:util';
import type { Sampler } from '../lib/sampler.js';
import { gpSampler } from '../strategies/samplers/gpSampler.js';
import { defaultProblemsPath, loadProblems } from './problems/loadProblems.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';
import { samplerRun } from './samplerRun.js';

const VARIANTS: Readonly<Record<string, () => Sampler<unknown>>> = {
  sobol: () => gpSampler() as Sampler<unknown>,
  random: () => gpSampler({ startup: 'random' }) as Sampler<unknown>,
  local10: () => gpSampler({ localSearches: 10 }) as Sampler<unknown>,
  cand2048: () => gpSampler({ candidatesPerParam: 2048 }) as Sampler<unknown>,
  every: () => gpSampler({ refitGrowth: 0 }) as Sampler<unknown>,
  optunaLike: () =>
    gpSampler({ startup: 'random', localSearches: 10, candidatesPerParam: 2048, refitGrowth: 0 }) as Sampler<unknown>,
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      problem: { type: 'string', default: 'hartmann6' },
      variants: { type: 'string', default: 'sobol,random' },
      seeds: { type: 'string', default: '0-29' },
    },
  });
  const { problems } = loadProblems(defaultProblemsPath, { only: [args.problem] });
  const problem = problems[0];
  if (problem === undefined) throw new Error(`no problem named ${JSON.stringify(args.problem)}`);
  for (const v of args.variants.split(',')) {
    const make = VARIANTS[v];
    if (make === undefined)
      throw new Error(`--variants: unknown ${JSON.stringify(v)} (known: ${Object.keys(VARIANTS).join(', ')})`);
    const regrets = parseSeeds(args.seeds).map((seed) => samplerRun(problem, v, make(), seed).regret);
    console.log(
      `${v.padEnd(7)} stuck (regret > 0.01) on ${regrets.filter((r) => r > 0.01).length}/${regrets.length} seeds: ${regrets.map((r) => r.toPrecision(2)).join(' ')}`,
    );
  }
};

runCli(main);
