/**
 * gpSampler against Optuna 4.9's GPSampler on the public problems:
 *
 *   npx tsx bench/gpCompare.ts [--ours bench/results/rxhpo-gp-samplers.json] [--reference bench/reference/optuna49-gp-samplers.json]
 *
 * `--ours` and `--reference` take comma-separated lists of files, whose runs are pooled.
 *
 * Per problem: final regret, median [q25, q75] over seeds, for both; the two-sided Mann–Whitney p-value of
 * the two regret samples; each sampler's mean rank among the pooled runs (1 = best; ties share ranks);
 * and the median `time_ask_suggest_s` of both with their ratio (wall-clock: meaningless on a loaded machine,
 * where bench/gpAskCpu.ts measures CPU time). Last row: mean ranks over problems.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './benchMeta.js';
import { fmt, markdownTable, mean, median, medianIqr, midRanks } from './stats.js';
import { mannWhitney } from './mannWhitney.js';
import { runCli } from './runCli.js';

interface Run {
  readonly problem: string;
  readonly sampler: string;
  readonly regret: number;
  readonly n_trials: number;
  readonly time_ask_suggest_s: number;
}

// A comma-separated list of result files, pooled (e.g. the reference's seeds 0–9 and a later run's 10–29).
const runsOf = (paths: string, sampler: string): Run[] =>
  paths
    .split(',')
    .flatMap((path) => (JSON.parse(readFileSync(path, 'utf8')) as { runs: Run[] }).runs)
    .filter((r) => r.sampler === sampler);

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      ours: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-gp-samplers.json') },
      reference: { type: 'string', default: resolve(repoRoot, 'bench/reference/optuna49-gp-samplers.json') },
      sampler: { type: 'string', default: 'gp' },
    },
  });
  const ours = runsOf(args.ours, args.sampler);
  const theirs = runsOf(args.reference, 'gp');
  const problems = [...new Set(ours.map((r) => r.problem))].filter((p) => theirs.some((r) => r.problem === p));
  const rows: string[][] = [];
  const ranksOurs: number[] = [];
  const ranksTheirs: number[] = [];
  for (const p of problems) {
    const a = ours.filter((r) => r.problem === p);
    const b = theirs.filter((r) => r.problem === p);
    const ra = a.map((r) => r.regret);
    const rb = b.map((r) => r.regret);
    const ranks = midRanks([...ra, ...rb]);
    const mo = mean(ranks.slice(0, ra.length));
    const mt = mean(ranks.slice(ra.length));
    ranksOurs.push(mo);
    ranksTheirs.push(mt);
    const ta = median(a.map((r) => r.time_ask_suggest_s));
    const tb = median(b.map((r) => r.time_ask_suggest_s));
    rows.push([
      `${p} (${a[0]?.n_trials ?? '?'})`,
      medianIqr(ra),
      medianIqr(rb),
      fmt(mannWhitney(ra, rb).p),
      `${fmt(mo)} / ${fmt(mt)}`,
      `${fmt(ta)} / ${fmt(tb)}`,
      `${fmt(tb / ta)}×`,
    ]);
  }
  rows.push(['mean rank over problems', '', '', '', `${fmt(mean(ranksOurs))} / ${fmt(mean(ranksTheirs))}`, '', '']);
  console.log(
    markdownTable(
      [
        'problem (trials)',
        `rxhpo ${args.sampler} regret`,
        'Optuna 4.9 gp regret',
        'rank-sum p',
        'mean rank rxhpo / Optuna',
        'ask s/run rxhpo / Optuna (wall-clock)',
        'wall-clock speed-up',
      ],
      rows,
    ),
  );
};

runCli(main);
