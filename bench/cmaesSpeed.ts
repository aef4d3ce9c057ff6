/**
 * CPU time per trial (ask + report + tell, process.cpuUsage, objective included: a sum of squares) of the
 * CMA-ES samplers:
 *
 *   npx tsx bench/cmaesSpeed.ts [--repeats 3] [--optuna FILE]
 *
 * `cmaes` at 1,000 trials on the 10-D overhead space (and the random sampler in the same loop, the facade's
 * own share); `sep_cmaes` (and full `cmaes` for contrast) on a
 * 100-D sphere at 10,000 trials (full CMA-ES: 2,000), with the mean of the first and last 1,000 trials.
 * `--optuna FILE` reads bench/cmaesSpeedOptuna.py's output (Optuna's CmaEsSampler timed the same way with
 * time.process_time) and prints the ratio.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import { float } from '../lib/distribution.js';
import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import { cmaesSampler } from '../strategies/samplers/cmaesSampler.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { overheadSpace } from './overheadSpace.js';
import { fmt, markdownTable, median } from './stats.js';
import { runCli } from './runCli.js';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};

// CPU ms of each block of 100 trials.
const timed = <S>(space: SearchSpace, sampler: Sampler<S>, n: number, seed: number): number[] => {
  const s = askTell({ space, objective: { metric: 'loss', mode: 'min' }, sampler, seed, budget: { trials: n } });
  const blocks: number[] = [];
  let t0 = cpuMs();
  let i = 0;
  for (let t = s.ask(); t; t = s.ask()) {
    const c: Config = t.config;
    let v = 0;
    for (const k in c) v += (c[k] as number) ** 2;
    s.report(t.id, 1, { loss: v });
    s.tell(t.id);
    if (++i % 100 === 0) {
      const t1 = cpuMs();
      blocks.push((t1 - t0) / 100);
      t0 = t1;
    }
  }
  return blocks;
};

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const main = (): void => {
  const { values: args } = parseArgs({
    options: { repeats: { type: 'string', default: '3' }, optuna: { type: 'string' } },
  });
  const repeats = Number(args.repeats);
  const d100: SearchSpace = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x${i}`, float(-5, 5)]));
  timed(overheadSpace, cmaesSampler(), 300, 999); // JIT warm-up
  const rows: string[][] = [];
  const cases: Array<[string, SearchSpace, () => Sampler<unknown>, number]> = [
    ['cmaes, 10-D overhead space', overheadSpace, () => cmaesSampler() as Sampler<unknown>, 1000],
    // The same loop with the random sampler: what the askTell facade and the objective cost on their own.
    ['random (facade alone), 10-D overhead space', overheadSpace, () => randomSampler() as Sampler<unknown>, 1000],
    ['sep_cmaes, 100-D sphere', d100, () => cmaesSampler({ sep: true }) as Sampler<unknown>, 10000],
    ['cmaes (full), 100-D sphere', d100, () => cmaesSampler() as Sampler<unknown>, 2000],
  ];
  const perTrial: Record<string, number> = {};
  // The least repeat too: on a loaded machine CPU time swings several-fold between repeats (cache and
  // core sharing), and the least is the closest to the cost on a quiet one.
  const least: Record<string, number> = {};
  for (const [label, space, make, n] of cases) {
    const runs = Array.from({ length: repeats }, (_, r) => timed(space, make(), n, r));
    const all = median(runs.map(mean));
    perTrial[label] = all;
    least[label] = Math.min(...runs.map(mean));
    rows.push([
      label,
      String(n),
      String(repeats),
      fmt(all),
      fmt(least[label]),
      fmt(median(runs.map((b) => mean(b.slice(0, 10))))),
      fmt(median(runs.map((b) => mean(b.slice(-10))))),
    ]);
  }
  console.log('### CMA-ES CPU time per trial (ask + report + tell), ms, median over repeats\n');
  console.log(markdownTable(['case', 'trials', 'repeats', 'mean', 'least repeat', 'first 1000', 'last 1000'], rows));
  if (args.optuna !== undefined) {
    const o = JSON.parse(readFileSync(args.optuna, 'utf8')) as { per_trial_cpu_ms: number[]; n_trials: number };
    const om = median(o.per_trial_cpu_ms);
    const ours = perTrial['cmaes, 10-D overhead space'] as number;
    console.log(
      `\nOptuna CmaEsSampler, ${o.n_trials} trials, same space: ${fmt(om)} ms CPU per trial / rxhpo ${fmt(ours)} ms = ${fmt(om / ours)}× (target ≥ 30×: ${om / ours >= 30 ? 'met' : 'NOT met'})`,
    );
    const ol = Math.min(...o.per_trial_cpu_ms);
    const oursLeast = least['cmaes, 10-D overhead space'] as number;
    console.log(
      `Least repeat on each side: ${fmt(ol)} ms / ${fmt(oursLeast)} ms = ${fmt(ol / oursLeast)}× (target ≥ 30×: ${ol / oursLeast >= 30 ? 'met' : 'NOT met'})`,
    );
    const facade = perTrial['random (facade alone), 10-D overhead space'] as number;
    console.log(
      `CMA-ES's own share (cmaes − random): ${fmt(ours - facade)} ms; Optuna / that share = ${fmt(om / Math.max(ours - facade, 1e-9))}×`,
    );
  }
};

runCli(main);
