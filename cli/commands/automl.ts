// `rxhpo automl`: tune learners on a CSV file within a time budget and print the leaderboard.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tap } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import type { Config } from '../../lib/config.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { CsvError, loadCsv } from '../../adapters/node/loadCsv.js';
import { journalTo } from '../../adapters/node/journalTo.js';
import { autoML } from '../../adapters/learners/autoML.js';
import type { Learner, Task } from '../../adapters/learners/learner.js';
import { missingPackages } from '../../adapters/learners/missingPackages.js';
import { shippedLearners } from '../../adapters/learners/defaultLearners.js';
import type { CliCommand, CliIo } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';

const LEARNERS: Readonly<Record<string, Learner>> = Object.fromEntries(shippedLearners.map((l) => [l.name, l]));

// What each learner needs, from its own `packages`, so the help cannot drift from the code.
const installLines = shippedLearners
  .map(
    (l) =>
      `  ${`${l.name}:`.padEnd(9)}${l.packages?.length ? `npm i ${l.packages.join(' ')}` : 'nothing (rxhpo’s own)'}`,
  )
  .join('\n');

const usage = `Usage: rxhpo automl --data FILE.csv --target COLUMN --task classification|regression --time-budget SECONDS [options]

Chooses among learners (those of knn, svm, xgboost, rf, mlp whose packages are installed) and tunes them
on FILE.csv with 3-fold cross-validation for SECONDS seconds, printing each finished trial, then the
leaderboard (the best config of each learner) and the best model's config. FILE.csv: a header row,
numeric features, the target column (numbers, or text labels for classification). Classification is
scored by accuracy, regression by MSE. Each learner needs its packages installed:
${installLines}

Options:
  --data FILE          the CSV file
  --target COLUMN      the target column's name
  --task TASK          classification or regression
  --time-budget S      seconds of search (a fit in progress at the end runs to its end)
  --learners LIST      comma-separated subset of knn,svm,xgboost,rf,mlp (default: every one whose
                       packages are installed; the others are named at the start)
  --folds K            cross-validation folds (default 3)
  --seed N             the study seed (default 0)
  --out DIR            write DIR/journal.jsonl (the study's journal), DIR/leaderboard.json, DIR/best.json
  -h, --help           this help
`;

const num = (text: string, flag: string, ok: (n: number) => boolean, what: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !ok(n))
    throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(text)}`, 'automl');
  return n;
};

const learnerNames = (list: string): string[] => {
  const names = list.split(',').map((s) => s.trim());
  const known = Object.keys(LEARNERS).join(', ');
  const unknown = names.filter((n) => !Object.hasOwn(LEARNERS, n));
  if (unknown.length > 0)
    throw new UsageError(
      `--learners: unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')} (known: ${known})`,
      'automl',
    );
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) throw new UsageError(`--learners: ${[...new Set(twice)].join(', ')} given twice`, 'automl');
  return names;
};

const fmt = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(4));

interface Parsed {
  readonly data: string;
  readonly target: string;
  readonly task: Task;
  readonly timeBudget: number;
  readonly folds: number;
  readonly seed: number;
  /** The learners asked for; undefined: every installed one. */
  readonly names: ReadonlyArray<string> | undefined;
  readonly out: string | undefined;
}

// Synchronous, so a bad command line throws its UsageError before anything runs (not as a rejection).
const parse = (args: readonly string[]): Parsed | 'help' => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        data: { type: 'string' },
        target: { type: 'string' },
        task: { type: 'string' },
        'time-budget': { type: 'string' },
        learners: { type: 'string' },
        folds: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message, 'automl');
  }
  if (values.help) return 'help';
  for (const flag of ['data', 'target', 'task', 'time-budget'] as const)
    if (values[flag] === undefined) throw new UsageError(`--${flag} is required`, 'automl');
  const task = values.task as string;
  if (task !== 'classification' && task !== 'regression')
    throw new UsageError(`--task must be classification or regression, got ${JSON.stringify(task)}`, 'automl');
  const timeBudget = num(
    values['time-budget'] as string,
    '--time-budget',
    (n) => n > 0 && Number.isFinite(n),
    'seconds > 0',
  );
  const folds =
    values.folds === undefined
      ? 3
      : num(values.folds, '--folds', (n) => Number.isInteger(n) && n >= 2, 'an integer >= 2');
  const seed = values.seed === undefined ? 0 : num(values.seed, '--seed', Number.isInteger, 'an integer');
  const names = values.learners === undefined ? undefined : learnerNames(values.learners);
  return {
    data: values.data as string,
    target: values.target as string,
    task,
    timeBudget,
    folds,
    seed,
    names,
    out: values.out,
  };
};

const run = (args: readonly string[], io: CliIo): number | Promise<number> => {
  const parsed = parse(args);
  if (parsed === 'help') {
    io.out(usage);
    return 0;
  }
  return execute(parsed, io);
};

const execute = async (p: Parsed, io: CliIo): Promise<number> => {
  const { task, timeBudget, folds, seed, out } = p;
  // Resolved once per learner: which of its packages are absent.
  const missing = new Map(shippedLearners.map((l) => [l.name, missingPackages(l.packages ?? [])]));
  const absent = (n: string): string[] => missing.get(n) ?? [];
  // Said once here rather than as the same failure of every trial of that learner.
  const asked = (p.names ?? []).filter((n) => absent(n).length > 0);
  if (asked.length > 0) {
    for (const n of asked)
      io.err(`rxhpo automl: learner ${n} needs ${absent(n).join(', ')}: npm i ${absent(n).join(' ')}\n`);
    return 1;
  }
  // By default: every installed learner (what defaultLearners() gives autoML), naming the others.
  const names = p.names ?? shippedLearners.map((l) => l.name).filter((n) => absent(n).length === 0);
  const skipped = p.names === undefined ? shippedLearners.map((l) => l.name).filter((n) => absent(n).length > 0) : [];
  const learners = names.map((n) => LEARNERS[n] as Learner);
  let data;
  try {
    data = loadCsv(p.data, { target: p.target });
  } catch (e) {
    if (e instanceof CsvError) {
      io.err(`rxhpo automl: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (out !== undefined) mkdirSync(out, { recursive: true });
  io.out(
    `automl: ${data.x.length} rows × ${data.features.length} features, target ${data.target}, ${task}, ` +
      `learners ${names.join(', ')}, ${folds}-fold CV, ${timeBudget} s\n`,
  );
  if (skipped.length > 0)
    io.out(
      `left out, packages not installed: ${skipped.map((n) => `${n} (npm i ${absent(n).join(' ')})`).join(', ')}\n`,
    );
  const learnerOf = new Map<string, string>();
  let best: number | undefined;
  const minimise = task === 'regression';
  const progress = tap<TrialEvent<Config>>((e) => {
    if (e._tag === 'TrialStarted') learnerOf.set(e.trial.id, String(e.trial.config['learner']));
    if (e._tag === 'TrialReported') {
      const v = e.report.metrics[minimise ? 'mse' : 'accuracy'];
      const folds_ = e.report.step;
      if (folds_ === folds && v !== undefined) {
        const isBest = best === undefined || (minimise ? v < best : v > best);
        if (isBest) best = v;
        io.out(
          `trial ${e.trialId.padStart(3)} ${(learnerOf.get(e.trialId) ?? '?').padEnd(8)} ${minimise ? 'mse' : 'accuracy'} ${fmt(v)}` +
            `  fit ${(e.report.metrics['fit_seconds'] ?? 0).toFixed(2)} s${isBest ? '  (best so far)' : ''}\n`,
        );
      }
    }
    if (e._tag === 'TrialEnded' && e.outcome === 'failed')
      io.out(
        `trial ${e.trialId.padStart(3)} ${(learnerOf.get(e.trialId) ?? '?').padEnd(8)} failed: ${e.error?.message ?? ''}\n`,
      );
    if (e._tag === 'DeadlineReached') io.out(`time budget of ${timeBudget} s reached\n`);
  });
  const events: MonoTypeOperatorFunction<TrialEvent<Config>> =
    out === undefined ? progress : (e$) => e$.pipe(progress, journalTo<Config>(join(out, 'journal.jsonl')));
  let result;
  try {
    result = await autoML({ data, task, timeBudget, learners, folds, seed, events });
  } catch (e) {
    io.err(`rxhpo automl: ${(e as Error).message}\n`);
    return 1;
  }
  const metric = result.metric;
  io.out(`\nleaderboard (${metric}, mean over ${folds} folds):\n`);
  io.out(`${'learner'.padEnd(9)} ${metric.padStart(10)} ${'trials'.padStart(7)} ${'fit s'.padStart(8)}  config\n`);
  for (const row of result.leaderboard)
    io.out(
      `${row.learner.padEnd(9)} ${fmt(row.value).padStart(10)} ${`${row.completed}/${row.trials}`.padStart(7)} ` +
        `${row.fitSeconds.toFixed(2).padStart(8)}  ${row.config ? JSON.stringify(row.config) : '—'}\n`,
    );
  io.out(
    `\nbest: ${result.learner} ${JSON.stringify(result.config)} ${metric} ${fmt(result.value)} (refitted on all ${data.x.length} rows)\n`,
  );
  if (out !== undefined) {
    writeFileSync(join(out, 'leaderboard.json'), `${JSON.stringify(result.leaderboard, null, 2)}\n`);
    writeFileSync(
      join(out, 'best.json'),
      `${JSON.stringify({ learner: result.learner, config: result.config, metric, value: result.value }, null, 2)}\n`,
    );
    io.out(`wrote ${join(out, 'journal.jsonl')}, leaderboard.json, best.json\n`);
  }
  result.model.free?.();
  return 0;
};

/**
 * `rxhpo automl --data FILE.csv --target COLUMN --task classification|regression --time-budget SECONDS [--out DIR]`:
 * AutoML on a CSV file, printing progress and the leaderboard.
 *
 * @example
 * ```ts
 * await automlCommand.run(['--data', 'iris.csv', '--target', 'species', '--task', 'classification', '--time-budget', '5'], io);
 * ```
 */
export const automlCommand: CliCommand = {
  name: 'automl',
  summary: 'automl --data CSV --target COLUMN ...   choose and tune a learner for a CSV file (AutoML)',
  usage,
  run,
};
