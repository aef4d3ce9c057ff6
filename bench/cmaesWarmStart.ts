/**
 * WS-CMA-ES: a source study on a shifted problem warms a target study.
 *
 *   npx tsx bench/cmaesWarmStart.ts [--seeds 0-9] [--trials 300] [--source-trials 300] [--dim 10] [--shift 0.3]
 *
 * Problems (as in the WS-CMA-ES paper, a task and a slightly moved copy): a sphere and a Rosenbrock
 * function on [-5, 5]^d; the source's optimum sits at 1.5 in every coordinate (sphere) or 1 (Rosenbrock's
 * own), the target's `--shift` further. Per seed: a cold `cmaesSampler()` study of the source problem
 * (seed + 1000) gives the journal; on the target, cold `cmaesSampler()` and
 * `cmaesSampler({ warmStartFrom: journal })` each run `--trials` trials. Reported: the regret cold reaches
 * at the end, the trial at which the warm-started study first reaches it (median over seeds), and both
 * curves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import { float } from '../lib/distribution.js';
import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { cmaesSampler } from '../strategies/samplers/cmaesSampler.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { mannWhitney } from './mannWhitney.js';
import { parseSeeds } from './parseSeeds.js';
import { fmt, markdownTable, median, medianIqr } from './stats.js';
import { runCli } from './runCli.js';

const objective = { metric: 'loss', mode: 'min' } as const;

// Best-so-far losses of one sequential study, and its events (the journal a later study warms from).
const study = <S>(
  space: SearchSpace,
  sampler: Sampler<S>,
  f: (c: Config) => number,
  n: number,
  seed: number,
): { best: number[]; events: TrialEvent[] } => {
  const s = askTell({ space, objective, sampler, seed, budget: { trials: n } });
  const best: number[] = [];
  let b = Infinity;
  for (let t = s.ask(); t; t = s.ask()) {
    const v = f(t.config);
    b = Math.min(b, v);
    best.push(b);
    s.report(t.id, 1, { loss: v });
    s.tell(t.id);
  }
  return { best, events: [...s.state.log] };
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      seeds: { type: 'string', default: '0-9' },
      trials: { type: 'string', default: '300' },
      'source-trials': { type: 'string', default: '300' },
      dim: { type: 'string', default: '10' },
      shift: { type: 'string', default: '0.3' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-cmaes-warmstart.json') },
    },
  });
  const seeds = parseSeeds(args.seeds);
  const n = Number(args.trials);
  const ns = Number(args['source-trials']);
  const d = Number(args.dim);
  const shift = Number(args.shift);
  const space: SearchSpace = Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, float(-5, 5)]));
  const xs = (c: Config): number[] => Array.from({ length: d }, (_, i) => c[`x${i}`] as number);
  const sphere =
    (at: number) =>
    (c: Config): number =>
      xs(c).reduce((a, v) => a + (v - at) ** 2, 0);
  const rosen =
    (by: number) =>
    (c: Config): number => {
      const x = xs(c).map((v) => v - by);
      let s = 0;
      for (let i = 0; i + 1 < d; i++)
        s += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
      return s;
    };
  const problems = [
    { name: `sphere${d}`, source: sphere(1.5), target: sphere(1.5 + shift) },
    { name: `rosenbrock${d}`, source: rosen(0), target: rosen(shift) },
  ];
  const checkpoints = [10, 25, 50, 100, 200, 300, 500, 1000].filter((k) => k <= n);
  const out: unknown[] = [];
  for (const p of problems) {
    const rows: Array<{ seed: number; cold: number[]; warm: number[] }> = [];
    for (const seed of seeds) {
      const source = study(space, cmaesSampler(), p.source, ns, seed + 1000).events;
      const cold = study(space, cmaesSampler(), p.target, n, seed).best;
      const warm = study(space, cmaesSampler({ warmStartFrom: source }), p.target, n, seed).best;
      rows.push({ seed, cold, warm });
    }
    out.push({ problem: p.name, runs: rows.map((r) => ({ seed: r.seed, cold_best: r.cold, warm_best: r.warm })) });
    const reach = rows.map((r) => {
      const target = r.cold[n - 1] as number;
      const i = r.warm.findIndex((v) => v <= target);
      return i < 0 ? Infinity : i + 1;
    });
    console.log(
      `\n**${p.name}** (target optimum shifted by ${shift} per coordinate), source: cold cmaes ${ns} trials; best-so-far, median [q25, q75] over seeds ${args.seeds}\n`,
    );
    console.log(
      markdownTable(
        ['sampler', ...checkpoints.map((k) => `@${k}`)],
        [
          ['cmaes (cold)', ...checkpoints.map((k) => medianIqr(rows.map((r) => r.cold[k - 1] as number)))],
          ['cmaes warmStartFrom', ...checkpoints.map((k) => medianIqr(rows.map((r) => r.warm[k - 1] as number)))],
        ],
      ),
    );
    const t = mannWhitney(
      rows.map((r) => r.warm[n - 1] as number),
      rows.map((r) => r.cold[n - 1] as number),
    );
    console.log(
      `\nTrials the warm-started study needs to reach the loss cold cmaes has after ${n}: median ${fmt(median(reach))} (per seed: ${reach.join(', ')}); final loss warm vs cold P(lower) = ${fmt(t.effect)}, p = ${fmt(t.p)}`,
    );
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    JSON.stringify({
      meta: { ...benchMeta(), description: 'WS-CMA-ES warm start', seeds, trials: n, source_trials: ns, dim: d, shift },
      results: out,
    }),
  );
};

runCli(main);
