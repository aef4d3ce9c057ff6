/**
 * Restarts against a single run on multimodal problems, at a larger budget than the protocol's:
 *
 *   npx tsx bench/cmaesRestarts.ts [--trials 2000] [--seeds 0-9] [--problem rastrigin10,ackley10]
 *       [--samplers cmaes,cmaes_ipop,cmaes_bipop] [--out bench/results/rxhpo-cmaes-restarts.json]
 *
 * Each (problem, sampler, seed) is one sequential study of `--trials` trials; prints the median
 * best-so-far regret at checkpoints (the curves) and a two-sided Mann–Whitney test of each restart
 * variant's final regret against plain `cmaes`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchMeta, repoRoot } from './benchMeta.js';
import { mannWhitney } from './mannWhitney.js';
import { parseSeeds } from './parseSeeds.js';
import { defaultProblemsPath, loadProblems } from './problems/loadProblems.js';
import { describeSampler, makeSampler } from './samplerRegistry.js';
import type { SamplerRun } from './samplerRun.js';
import { samplerRun } from './samplerRun.js';
import { fmt, markdownTable, median, medianIqr } from './stats.js';
import { runCli } from './runCli.js';

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      trials: { type: 'string', default: '2000' },
      seeds: { type: 'string', default: '0-9' },
      problem: { type: 'string', default: 'rastrigin10,ackley10' },
      samplers: { type: 'string', default: 'cmaes,cmaes_ipop,cmaes_bipop' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-cmaes-restarts.json') },
    },
  });
  const trials = Number(args.trials);
  const seeds = parseSeeds(args.seeds);
  const samplers = args.samplers.split(',').map((s) => s.trim());
  const checkpoints = [100, 200, 500, 1000, 1500, 2000, 5000, 10000].filter((k) => k <= trials);
  const { problems } = loadProblems(defaultProblemsPath, { only: args.problem.split(',').map((s) => s.trim()) });
  const runs: SamplerRun[] = [];
  for (const p0 of problems) {
    const p = { ...p0, trials, checkpoints };
    for (const s of samplers)
      for (const seed of seeds) runs.push(samplerRun(p, s, makeSampler(s, { space: p.space, trials }), seed));
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    JSON.stringify({
      meta: {
        ...benchMeta(),
        description: `CMA-ES restarts: ${trials} trials per study`,
        samplers: Object.fromEntries(samplers.map((s) => [s, describeSampler(s)])),
        seeds,
      },
      runs,
    }),
  );
  for (const p of problems) {
    const of = (s: string): SamplerRun[] => runs.filter((r) => r.problem === p.name && r.sampler === s);
    console.log(`\n**${p.name}** — ${trials} trials, best-so-far regret, median [q25, q75] over seeds ${args.seeds}\n`);
    console.log(
      markdownTable(
        ['sampler', ...checkpoints.map((k) => `@${k}`)],
        samplers.map((s) => [
          s,
          ...checkpoints.map((k) => medianIqr(of(s).map((r) => (r.best_at[String(k)] as number) - p.optimum))),
        ]),
      ),
    );
    const base = of('cmaes').map((r) => r.regret);
    const lines = samplers
      .filter((s) => s !== 'cmaes' && base.length > 0)
      .map((s) => {
        const a = of(s).map((r) => r.regret);
        const t = mannWhitney(a, base);
        return `${s} vs cmaes at ${trials}: median ${fmt(median(a))} vs ${fmt(median(base))}, P(lower) = ${fmt(t.effect)}, p = ${fmt(t.p)}`;
      });
    if (lines.length > 0) console.log(`\n${lines.join('\n')}`);
  }
};

runCli(main);
