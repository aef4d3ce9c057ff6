/**
 * gpSampler's ask time in CPU time (`process.cpuUsage`), which a loaded shared machine does not inflate
 * the way it inflates wall-clock time:
 *
 *   npx tsx bench/gpAskCpu.ts [--problem hartmann6,ackley10] [--seeds 0-2] [--trials 200]
 *
 * For each problem and seed: one sequential askTell study with gpSampler() over `--trials` trials (default:
 * the problem's budget), the CPU time of every ask. Prints the total ask CPU per run and the mean ms per
 * ask of the 20 asks before the 100th and the 200th trial (asks 81..100 and 181..200), medians over
 * seeds. `--options '{"candidates":1024}'` passes gpSampler options.
 */
import { parseArgs } from 'node:util';
import { askTell } from '../lib/askTell.js';
import type { GpOptions } from '../strategies/samplers/gpSampler.js';
import { gpSampler } from '../strategies/samplers/gpSampler.js';
import { defaultProblemsPath, loadProblems, regretOf } from './problems/loadProblems.js';
import { parseSeeds } from './parseSeeds.js';
import { median } from './stats.js';
import { runCli } from './runCli.js';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      problem: { type: 'string', default: 'branin,hartmann6,ackley10' },
      seeds: { type: 'string', default: '0-2' },
      trials: { type: 'string' },
      options: { type: 'string', default: '{}' },
    },
  });
  const { problems } = loadProblems(defaultProblemsPath, { only: args.problem.split(',') });
  for (const p of problems) {
    const budget = args.trials === undefined ? (p.trials as number) : Number(args.trials);
    const totals: number[] = [];
    const at100: number[] = [];
    const at200: number[] = [];
    const regrets: number[] = [];
    for (const seed of parseSeeds(args.seeds)) {
      const minimise = p.json.direction === 'minimize';
      const s = askTell({
        space: p.space,
        objective: { metric: 'v', mode: minimise ? 'min' : 'max' },
        sampler: gpSampler(JSON.parse(args.options) as GpOptions),
        seed,
        budget: { trials: budget },
      });
      const times: number[] = [];
      let best = minimise ? Infinity : -Infinity;
      for (;;) {
        const c0 = cpuMs();
        const t = s.ask();
        times.push(cpuMs() - c0);
        if (t === undefined) break;
        const v = p.evaluate(t.config);
        best = minimise ? Math.min(best, v) : Math.max(best, v);
        s.report(t.id, 1, { v });
        s.tell(t.id);
      }
      const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
      totals.push(times.reduce((a, b) => a + b, 0));
      // The 20 asks before the 100th and the 200th trial (the study state then has ~90 and ~190 trials).
      if (times.length > 100) at100.push(mean(times.slice(80, 100)));
      if (times.length > 200) at200.push(mean(times.slice(180, 200)));
      regrets.push(regretOf(p, best));
    }
    const f = (a: number[]): string => (a.length === 0 ? '-' : median(a).toFixed(2));
    console.log(
      `${p.name.padEnd(16)} trials ${budget}  ask CPU ${(median(totals) / 1e3).toFixed(3)} s/run  ms/ask @100 ${f(at100)}  @200 ${f(at200)}  regret ${median(regrets).toPrecision(3)}`,
    );
  }
};

runCli(main);
