/**
 * The cost-frugality toy: a boosted-trees-like objective whose training cost grows with the number of
 * trees and their depth, as FLAML's CFO and BlendSearch papers assume.
 *
 *   npm run bench:cost -- --samplers random,cfo,blendsearch --seeds 0-9 --trials 100 --out bench/results/rxhpo-cost.json
 *
 * Per seed: random search runs `trials` trials; its best loss is the target and its total cost the
 * reference. Every other sampler runs until it reaches that target or spends `--limit` times random's
 * cost (default 1). Reported per sampler: the share of seeds that reached the target, and the median cost
 * to reach it relative to random's total (below 0.5 is FLAML's claim). Cost is simulated (reported as the
 * `fit_seconds` metric, which cfoSampler and blendSearch read), so the run is deterministic and cheap.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import { float, int } from '../lib/distribution.js';
import type { Sampler } from '../lib/sampler.js';
import { blendSearch } from '../strategies/samplers/blendSearch.js';
import { cfoSampler } from '../strategies/samplers/cfoSampler.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { tpeSampler } from '../strategies/samplers/tpeSampler.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';
import { fmt, markdownTable, median } from './stats.js';

/** The toy's space: the cost-related parameters are `trees` and `depth`. */
export const costSpace = {
  trees: int(4, 4096, { log: true }),
  depth: int(1, 16),
  lr: float(1e-3, 1, { log: true }),
  subsample: float(0.3, 1),
};

/** The cheap corner, as a user would give it: few, shallow trees. */
export const costLowInit = { trees: 4, depth: 1 };

/**
 * Validation loss of the toy: best when trees × lr is about 30 (the learning-rate/trees trade-off), depth
 * about 6, subsample about 0.8, plus 0.08·lr (so the cheap way there, few trees at lr 1, is not free):
 * 0.11 at 250 trees and lr 0.12, and only 0.1006 at 4096 trees and lr 0.0073. The last hundredth is
 * the expensive part, as with real boosted trees.
 *
 * @example
 * ```ts
 * costLoss({ trees: 250, depth: 6, lr: 0.12, subsample: 0.8 }); // 0.1096
 * ```
 */
export const costLoss = (c: Config): number => {
  const trees = c['trees'] as number;
  const depth = c['depth'] as number;
  const lr = c['lr'] as number;
  const sub = c['subsample'] as number;
  const fit = Math.log((trees * lr) / 30) ** 2 / 8;
  return 0.1 + fit + ((depth - 6) / 6) ** 2 * 0.1 + (sub - 0.8) ** 2 * 0.2 + 0.08 * lr;
};

/** Simulated seconds to train a config: linear in trees × depth, plus a fixed overhead. */
export const costSeconds = (c: Config): number => 0.02 + 1e-3 * (c['trees'] as number) * (c['depth'] as number);

type AnySampler = Sampler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const samplers: Readonly<Record<string, () => AnySampler>> = {
  random: () => randomSampler(),
  tpe: () => tpeSampler(),
  cfo: () => cfoSampler({ lowCostInit: costLowInit }),
  blendsearch: () => blendSearch({ lowCostInit: costLowInit }),
};

interface CostRun {
  readonly sampler: string;
  readonly seed: number;
  readonly trials: number;
  readonly best: number;
  readonly cost: number;
  /** Cost spent when the run first reached random's best of the same seed (null: never). */
  readonly costToTarget: number | null;
  readonly trialsToTarget: number | null;
}

const run = (name: string, seed: number, maxTrials: number, maxCost: number, target: number): CostRun => {
  const study = askTell({
    space: costSpace,
    objective: { metric: 'loss', mode: 'min' },
    sampler: (samplers[name] as () => AnySampler)(),
    seed,
    budget: { trials: maxTrials },
  });
  let best = Infinity;
  let cost = 0;
  let n = 0;
  let costToTarget: number | null = null;
  let trialsToTarget: number | null = null;
  for (let t = study.ask(); t !== undefined && cost < maxCost; t = study.ask()) {
    const loss = costLoss(t.config);
    cost += costSeconds(t.config);
    n += 1;
    study.report(t.id, 1, { loss, fit_seconds: costSeconds(t.config) });
    study.tell(t.id);
    best = Math.min(best, loss);
    if (costToTarget === null && best <= target) [costToTarget, trialsToTarget] = [cost, n];
  }
  return { sampler: name, seed, trials: n, best, cost, costToTarget, trialsToTarget };
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      samplers: { type: 'string', default: 'random,cfo,blendsearch,tpe' },
      seeds: { type: 'string', default: '0-9' },
      trials: { type: 'string', default: '100' },
      limit: { type: 'string', default: '1' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-cost.json') },
    },
  });
  const names = args.samplers.split(',').map((s) => s.trim());
  for (const n of names)
    if (!samplers[n]) throw new Error(`unknown sampler ${n}; known: ${Object.keys(samplers).join(', ')}`);
  const seeds = parseSeeds(args.seeds);
  const trials = Number(args.trials);
  const limit = Number(args.limit);
  const runs: CostRun[] = [];
  for (const seed of seeds) {
    const ref = run('random', seed, trials, Infinity, -Infinity);
    runs.push({ ...ref, costToTarget: ref.cost, trialsToTarget: ref.trials });
    for (const n of names.filter((x) => x !== 'random'))
      runs.push(run(n, seed, 100 * trials, limit * ref.cost, ref.best));
  }
  const meta = {
    ...benchMeta(),
    description: 'cost-frugality toy: cost to reach random search best (same seed, same trial count)',
    space: 'trees int(4, 4096, log), depth int(1, 16), lr float(1e-3, 1, log), subsample float(0.3, 1)',
    cost: 'simulated seconds 0.02 + 1e-3 · trees · depth, reported as the fit_seconds metric',
    lowCostInit: costLowInit,
    seeds,
    trials,
    limit,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ meta, runs }));
  const refCost = (seed: number): number => runs.find((r) => r.sampler === 'random' && r.seed === seed)?.cost ?? NaN;
  const rows = names.map((n) => {
    const rs = runs.filter((r) => r.sampler === n);
    const reached = rs.filter((r) => r.costToTarget !== null);
    const ratios = rs.map((r) => (r.costToTarget === null ? Infinity : r.costToTarget / refCost(r.seed)));
    return [
      n,
      `${reached.length}/${rs.length}`,
      fmt(median(ratios)),
      fmt(median(rs.map((r) => r.trialsToTarget ?? Infinity))),
      fmt(median(rs.map((r) => r.best))),
    ];
  });
  console.log(`\n### Cost to reach random search's best of ${trials} trials (seeds ${args.seeds})\n`);
  console.log(
    markdownTable(
      ['sampler', 'reached', 'median cost / random total', 'median trials to reach', 'median best loss'],
      rows,
    ),
  );
  console.log(`\n${runs.length} runs written to ${args.out}`);
};

runCli(main);
