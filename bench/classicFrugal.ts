/**
 * FLAML's cost-frugality claim, measured on `bench:classic` result files: do CFO and BlendSearch reach
 * random search's best with at most half of its total training seconds?
 *
 *   npx tsx bench/classicFrugal.ts bench/results/classic-digits-rf.json [more files...]
 *
 * Per model and seed: random search's best `B` and its total fit seconds `T`; for each other method,
 * the fit seconds it had spent when its best first reached `B` (from the run's `trace`), or "never"
 * within its evaluations. Prints a markdown table with the ratio to `T` (claim: ≤ 0.5) and, per method,
 * how many seeds met it. Accuracy is compared at the precision of the folds (a gap under 1e-9 counts as
 * reached).
 */
import { readFileSync } from 'node:fs';
import { markdownTable, median } from './stats.js';
import { runCli } from './runCli.js';

interface Run {
  readonly model: string;
  readonly method: string;
  readonly seed: number;
  readonly best: number;
  readonly fit_seconds: number;
  readonly trace?: ReadonlyArray<{ readonly fit_seconds: number; readonly best: number }>;
}
interface ResultFile {
  readonly meta: { readonly task: string; readonly data: string };
  readonly runs: ReadonlyArray<Run>;
}

/** The fit seconds at which `run` first reached `target` (`undefined`: never). */
export const costToReach = (run: Run, target: number, maximize: boolean): number | undefined => {
  const reached = (v: number): boolean => (maximize ? v >= target - 1e-9 : v <= target + 1e-9);
  return run.trace?.find((p) => reached(p.best))?.fit_seconds;
};

const main = async (): Promise<void> => {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: tsx bench/classicFrugal.ts RESULT.json [...]');
  const rows: string[][] = [];
  const tally = new Map<string, { met: number; seeds: number; ratios: number[] }>();
  for (const file of files) {
    const result = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
    const maximize = result.meta.task === 'classification';
    const data = result.meta.data.split('/').pop() ?? result.meta.data;
    const show = (v: number): string => (maximize ? (v * 100).toFixed(2) : v.toFixed(2));
    for (const random of result.runs.filter((r) => r.method === 'random')) {
      const others = result.runs.filter(
        (r) => r.model === random.model && r.seed === random.seed && r.method !== 'random' && r.method !== 'default',
      );
      for (const other of others) {
        if (other.trace === undefined) continue;
        const cost = costToReach(other, random.best, maximize);
        const ratio = cost === undefined ? undefined : cost / random.fit_seconds;
        const key = `${data} ${random.model} ${other.method}`;
        const t = tally.get(key) ?? { met: 0, seeds: 0, ratios: [] };
        t.seeds += 1;
        if (ratio !== undefined && ratio <= 0.5) t.met += 1;
        t.ratios.push(ratio ?? Infinity);
        tally.set(key, t);
        rows.push([
          data,
          random.model,
          String(random.seed),
          `${show(random.best)} / ${random.fit_seconds.toFixed(1)}`,
          other.method,
          show(other.best),
          cost === undefined ? 'never' : cost.toFixed(1),
          ratio === undefined ? '—' : ratio.toFixed(2),
        ]);
      }
    }
  }
  console.log(
    markdownTable(
      ['data', 'model', 'seed', 'random: best / fit s', 'method', 'its best', 'fit s to reach random best', 'ratio'],
      rows,
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['data, model, method', 'seeds with ratio ≤ 0.5', 'median ratio (never = ∞)'],
      [...tally].map(([k, t]) => [k, `${t.met} / ${t.seeds}`, median(t.ratios).toFixed(2)]),
    ),
  );
};

runCli(main);
