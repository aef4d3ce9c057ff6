/**
 * The classic experiments' table from one or more `bench:classic` result files of the same data (runs
 * of several invocations, say seeds 0 and seeds 1-2, are pooled):
 *
 *   npx tsx bench/classicTable.ts bench/results/classic-rf-digits-s0.json bench/results/classic-rf-digits-s12.json
 *
 * Per model x method: the median best over seeds (accuracy % or MSE), the seeds' values, the median wall,
 * CPU and fit seconds of a run, and the paper's value / CT. A run repeated for the same model, method and
 * seed across files is counted once (the last file wins).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { paperCell } from './classicReference.js';
import { markdownTable, median } from './stats.js';
import { runCli } from './runCli.js';

interface ResultFile {
  readonly meta: { readonly task: string; readonly data: string; readonly methods: Readonly<Record<string, string>> };
  readonly runs: ReadonlyArray<ClassicTableRun>;
}

/** The fields of a classic run the table reads. */
export interface ClassicTableRun {
  readonly model: string;
  readonly method: string;
  readonly seed: number;
  readonly best: number;
  readonly seconds: number;
  readonly cpu_seconds: number;
  readonly fit_seconds: number;
}

/**
 * The markdown table of classic runs (of one data set): per model x method, in the order they first
 * appear, the median best over seeds (accuracy % or MSE), each seed's best, the median wall, CPU and fit
 * seconds of a run, and the paper's value / CT. A run repeated for the same model, method and seed counts
 * once (the last one wins).
 *
 * @example
 * ```ts
 * console.log(classicTableMarkdown(runs, 'datasets/digits.csv', 'classification'));
 * ```
 */
export const classicTableMarkdown = (runs: ReadonlyArray<ClassicTableRun>, dataPath: string, task: string): string => {
  const byKey = new Map<string, ClassicTableRun>();
  const order: string[] = [];
  for (const run of runs) {
    const key = `${run.model}/${run.method}`;
    if (!order.includes(key)) order.push(key);
    byKey.set(`${key}/${run.seed}`, run);
  }
  const pct = task === 'classification';
  const show = (v: number): string => (pct ? (v * 100).toFixed(2) : v.toFixed(2));
  const rows = order.map((key) => {
    const [model, method] = key.split('/') as [string, string];
    const group = [...byKey.values()]
      .filter((r) => r.model === model && r.method === method)
      .sort((a, b) => a.seed - b.seed);
    const paper = paperCell(dataPath, model, method);
    return [
      model,
      method,
      show(median(group.map((r) => r.best))),
      group.map((r) => show(r.best)).join(', '),
      median(group.map((r) => r.seconds)).toFixed(1),
      median(group.map((r) => r.cpu_seconds)).toFixed(1),
      median(group.map((r) => r.fit_seconds)).toFixed(1),
      paper ? `${show(paper.value)} / ${paper.seconds}` : '—',
    ];
  });
  const unit = pct ? 'accuracy %' : 'MSE';
  return markdownTable(
    ['model', 'method', `median best ${unit}`, 'each seed', 'wall s', 'CPU s', 'fit s', `paper ${unit} / CT s`],
    rows,
  );
};

const main = async (): Promise<void> => {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: tsx bench/classicTable.ts RESULT.json [...]');
  const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ResultFile);
  const first = results[0] as ResultFile;
  const data = first.meta.data.split('/').pop() ?? first.meta.data;
  for (const r of results)
    if ((r.meta.data.split('/').pop() ?? '') !== data) throw new Error(`files mix data sets: ${data}, ${r.meta.data}`);
  console.log(`${data}:\n`);
  console.log(
    classicTableMarkdown(
      results.flatMap((r) => r.runs),
      first.meta.data,
      first.meta.task,
    ),
  );
};

// Only as a script: classic.ts imports the table.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runCli(main);
