/**
 * The trials of gpSampler runs and the GP it fits on them, for a side-by-side check of the model against
 * Optuna 4.9's (bench/gpFitOptuna.py reads the file):
 *
 *   npx tsx bench/gpFitDump.ts --problem hartmann6 --seeds 0-9 --out gp-fits.json
 *
 * Per seed: the final regret, every trial's unit-space coordinates and value, and for the first 30, 50
 * and all trials a fresh MAP fit (from the default start, uncapped) on the scores standardised as the
 * sampler does (maximised), with the posterior mean and standard deviation at the problem's optimum.
 * Continuous problems only (the unit coordinates are the raw values of [0, 1] parameters).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Sampler } from '../lib/sampler.js';
import { askTell } from '../lib/askTell.js';
import { gpSampler } from '../strategies/samplers/gpSampler.js';
import { fitGp } from '../strategies/models/gp/fitGp.js';
import { gpModel, gpPosterior } from '../strategies/models/gp/gpModel.js';
import { standardise } from '../strategies/models/gp/standardise.js';
import { defaultProblemsPath, loadProblems, regretOf } from './problems/loadProblems.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';

const PREFIXES = [30, 50];

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      problem: { type: 'string', default: 'hartmann6' },
      seeds: { type: 'string', default: '0-9' },
      out: { type: 'string', default: 'gp-fits.json' },
    },
  });
  const { problems } = loadProblems(defaultProblemsPath, { only: [args.problem] });
  const problem = problems[0];
  if (problem === undefined) throw new Error(`no problem named ${JSON.stringify(args.problem)}`);
  const names = problem.json.params.map((p) => p.name);
  if (problem.json.params.some((p) => p.type !== 'float' || p.low !== 0 || p.high !== 1 || p.log))
    throw new Error(`--problem ${args.problem}: every parameter must be a float in [0, 1]`);
  // The problem file gives the optimum's location too; the decoder keeps only its value in the type.
  const xstar = (problem.json.optimum as { readonly x?: ReadonlyArray<number> }).x;
  if (xstar === undefined) throw new Error(`--problem ${args.problem} has no known optimum`);
  const n = problem.trials ?? 100;
  const runs = parseSeeds(args.seeds).map((seed) => {
    const study = askTell({
      space: problem.space,
      objective: { metric: 'value', mode: 'min' },
      sampler: gpSampler() as Sampler<unknown>,
      seed,
      budget: { trials: n },
    });
    const X: number[][] = [];
    const y: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = study.ask();
      if (t === undefined) break;
      const v = problem.evaluate(t.config);
      study.report(t.id, 1, { value: v });
      study.tell(t.id);
      X.push(names.map((name) => t.config[name] as number));
      y.push(v);
    }
    const fits = Object.fromEntries(
      [...PREFIXES, y.length].map((m) => {
        // Maximised, then standardised: the scores the sampler's GP sees.
        const { y: ys, mean, std: sd } = standardise(y.slice(0, m).map((v) => -v));
        const inputs = {
          x: Float64Array.from(X.slice(0, m).flat()),
          n: m,
          d: names.length,
          cat: new Uint8Array(names.length),
        };
        const fit = fitGp(inputs, ys, {});
        const model = gpModel(inputs, ys, fit.params);
        const [mu, variance] = model ? gpPosterior(model, xstar) : [NaN, NaN];
        return [
          String(m),
          {
            // Optuna's loss keeps no constant; ours includes n/2·ln(2π).
            loss: fit.loss - (m / 2) * Math.log(2 * Math.PI),
            lengthscales: fit.params.invSqLengthscales.map((k) => 1 / Math.sqrt(k)),
            scale: fit.params.scale,
            noise: fit.params.noise,
            meanAtOptimum: mu,
            sdAtOptimum: Math.sqrt(variance),
            yAtOptimum: (-problem.optimum - mean) / sd,
          },
        ];
      }),
    );
    const regret = regretOf(problem, Math.min(...y));
    console.log(`seed ${seed}: regret ${regret.toPrecision(3)}`);
    return { seed, regret, X, y, fits };
  });
  writeFileSync(args.out, `${JSON.stringify({ problem: problem.name, optimum: xstar, runs })}\n`);
};

runCli(main);
