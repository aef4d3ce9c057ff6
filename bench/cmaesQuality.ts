/**
 * CMA-ES quality against Optuna's `cmaes` column, problem by problem with a rank test over the seeds:
 *
 *   npx tsx bench/cmaesQuality.ts [--results bench/results/rxhpo-cmaes-samplers.json] [--samplers cmaes,...]
 *
 * For each sampler problem: median final regret of each rxhpo sampler and of Optuna's CmaEsSampler
 * (bench/reference/optuna-samplers.json, same seeds), the two-sided Mann–Whitney p-value and the verdict
 * (better / worse at p < 0.05, else within noise). Then the mean rank of median regret across problems
 * among Optuna's five samplers plus each rxhpo sampler in turn (the baseline table's ranking).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './benchMeta.js';
import { mannWhitney } from './mannWhitney.js';
import { fmt, markdownTable, median } from './stats.js';
import { runCli } from './runCli.js';

interface Run {
  readonly problem: string;
  readonly sampler: string;
  readonly seed: number;
  readonly regret: number;
}

const OPTUNA = ['random', 'qmc', 'tpe', 'tpe_mv', 'cmaes'];

// Mean ranks (1 = best, ties share the mean) of each column's value in a row.
const ranksOf = (xs: ReadonlyArray<number>): number[] =>
  xs.map((x) => {
    const less = xs.filter((y) => y < x).length;
    const same = xs.filter((y) => y === x).length;
    return less + (same + 1) / 2;
  });

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      results: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-cmaes-samplers.json') },
      reference: { type: 'string', default: resolve(repoRoot, 'bench/reference/optuna-samplers.json') },
      samplers: { type: 'string', default: 'cmaes' },
    },
  });
  const ours = (JSON.parse(readFileSync(args.results, 'utf8')) as { runs: Run[] }).runs;
  const ref = (JSON.parse(readFileSync(args.reference, 'utf8')) as { runs: Run[] }).runs;
  const samplers = args.samplers.split(',').map((s) => s.trim());
  const problems = [...new Set(ours.map((r) => r.problem))];
  const regrets = (runs: Run[], p: string, s: string, seeds?: ReadonlySet<number>): number[] =>
    runs
      .filter((r) => r.problem === p && r.sampler === s && (seeds === undefined || seeds.has(r.seed)))
      .map((r) => r.regret);

  const rows: string[][] = [];
  const counts: Record<string, Record<string, number>> = {};
  for (const s of samplers) counts[s] = { better: 0, 'within noise': 0, worse: 0 };
  for (const p of problems) {
    for (const s of samplers) {
      const mine = ours.filter((r) => r.problem === p && r.sampler === s);
      const seeds = new Set(mine.map((r) => r.seed));
      const a = mine.map((r) => r.regret);
      const b = regrets(ref, p, 'cmaes', seeds);
      if (a.length === 0 || b.length === 0) continue;
      const t = mannWhitney(a, b);
      const verdict = t.p < 0.05 ? (t.effect > 0.5 ? 'better' : 'worse') : 'within noise';
      {
        const c = counts[s] as Record<string, number>;
        c[verdict] = (c[verdict] ?? 0) + 1;
      }
      rows.push([p, s, String(a.length), fmt(median(a)), fmt(median(b)), fmt(t.effect), fmt(t.p), verdict]);
    }
  }
  console.log('### rxhpo vs Optuna 3.1 CmaEsSampler: final regret, two-sided Mann–Whitney over the seeds\n');
  console.log(
    markdownTable(
      ['problem', 'rxhpo sampler', 'seeds', 'rxhpo median', 'Optuna cmaes median', 'P(rxhpo < Optuna)', 'p', 'verdict'],
      rows,
    ),
  );
  console.log(
    `\n${samplers
      .map(
        (s) =>
          `${s}: ${Object.entries(counts[s] ?? {})
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}`,
      )
      .join('\n')}`,
  );

  const rankRows: string[][] = [];
  for (const s of samplers) {
    const sums = new Array<number>(OPTUNA.length + 1).fill(0);
    let used = 0;
    for (const p of problems) {
      const mine = regrets(ours, p, s);
      const cols = OPTUNA.map((o) => median(regrets(ref, p, o)));
      if (mine.length === 0 || cols.some((v) => Number.isNaN(v))) continue;
      ranksOf([...cols, median(mine)]).forEach((r, i) => (sums[i] = (sums[i] as number) + r));
      used++;
    }
    rankRows.push([`rxhpo ${s} among Optuna's five`, ...sums.map((v) => fmt(v / used)), String(used)]);
  }
  console.log(`\n### Mean rank of median final regret across problems (1 = best)\n`);
  console.log(markdownTable(['ranking', ...OPTUNA.map((o) => `Optuna ${o}`), 'rxhpo', 'problems'], rankRows));
};

runCli(main);
