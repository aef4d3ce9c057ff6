/**
 * The journal-overhead benchmark: journaled random-sampler trials, rxhpo's `journalTo` side by side with
 * Optuna's `JournalStorage(JournalFileStorage(path))`, on the overhead protocol (bench:overhead):
 *
 *   npm run bench:journal -- [--repeats 3] [--trials 1000] [--run-optuna] [--optuna FILE] [--dir DIR]
 *                            [--out FILE] [--no-warmup]
 *
 * 10-D space x0..x9 in [-5, 5], objective Σx² (excluded from timing), repeats r = 0..R-1 with seed r,
 * windows [0,100), [400,500), [900,1000). Ours: `study(sampleWith(random), trainWith(of(report)))`
 * piped into `journalTo(path)`, a fresh file per repeat (each line written synchronously, fsync on
 * every trial end and decision, as a user gets it), timed like bench:overhead's study path; the same
 * study without a journal is measured in the same invocation to show what the journal adds.
 * `--run-optuna` first runs bench/reference/optuna/run_journal_overhead.py (Debian's /usr/bin/python3)
 * into a fresh bench/results/optuna-journal-overhead-<time>-<pid>.json, its journal files in the same
 * directory as ours (`--dir`, default the system's temporary directory), so the ratio printed is
 * measured side by side; otherwise `--optuna FILE` is read.
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { journalTo } from '../adapters/node/journalTo.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { makeSampler } from './samplerRegistry.js';
import type { TrialTimes } from './overheadRuns.js';
import { perTrialMs, studyTimes, windowStats } from './overheadRuns.js';
import { overheadSpace } from './overheadSpace.js';
import { overheadSummary } from './optunaOverhead.js';
import type { OverheadSummary } from './optunaOverhead.js';
import { journalRatio } from './journalRatio.js';
import { fmt, markdownTable, median } from './stats.js';
import { runCli } from './runCli.js';

const WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [0, 100],
  [400, 500],
  [900, 1000],
];
const TARGET = 10;

interface JournalFileStats {
  readonly journal_bytes: number;
  readonly journal_lines: number;
  /** Lines after which journalTo flushed to disk (trial ends and decisions). */
  readonly journal_fsyncs: number;
}

const runOptuna = (repeats: number, trials: number, dir: string, out: string): void => {
  const script = resolve(repoRoot, 'bench/reference/optuna/run_journal_overhead.py');
  const args = [script, '--repeats', String(repeats), '--trials', String(trials), '--dir', dir];
  console.error(`running Optuna: /usr/bin/python3 ${args.join(' ')} --out ${out}`);
  const r = spawnSync('/usr/bin/python3', [...args, '--time-limit', '600', '--out', out], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`run_journal_overhead.py exited with ${r.status}`);
};

/** One journaled run in a fresh directory of its own, removed afterwards. */
const journaledRun = (dir: string, seed: number, n: number): { t: TrialTimes; file: JournalFileStats } => {
  const d = mkdtempSync(join(dir, 'rxhpo-journal-'));
  try {
    const path = join(d, 'journal.jsonl');
    const t = studyTimes(makeSampler('random', { space: overheadSpace, trials: n }), seed, n, journalTo(path));
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').filter((l) => l.length > 0);
    const fsyncs = lines.filter((l) => /"_tag":"Trial(Ended|Decided)"/.test(l)).length;
    return { t, file: { journal_bytes: Buffer.byteLength(text), journal_lines: lines.length, journal_fsyncs: fsyncs } };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      trials: { type: 'string', default: '1000' },
      repeats: { type: 'string', default: '3' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-journal-overhead.json') },
      optuna: { type: 'string' },
      'run-optuna': { type: 'boolean', default: false },
      dir: { type: 'string', default: tmpdir() },
      'no-warmup': { type: 'boolean', default: false },
    },
  });
  const n = Number(args.trials);
  const repeats = Number(args.repeats);
  const dir = resolve(args.dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const sideBySide = resolve(repoRoot, `bench/results/optuna-journal-overhead-${stamp}-${process.pid}.json`);
  if (args['run-optuna']) runOptuna(repeats, n, dir, sideBySide);
  const optunaPath = args.optuna ?? (args['run-optuna'] ? sideBySide : undefined);

  const ctx = { space: overheadSpace, trials: n };
  // JIT warm-up, as in bench:overhead: otherwise the first window measures V8 compiling our code.
  if (!args['no-warmup']) {
    studyTimes(makeSampler('random', ctx), 999, 2000);
    journaledRun(dir, 999, 500);
  }
  const runs: Array<Record<string, unknown>> = [];
  const record = (path: string, seed: number, t: TrialTimes, extra: object = {}): void => {
    const per = perTrialMs(t);
    const windows = windowStats(t, WINDOWS);
    runs.push({
      sampler: 'random',
      path,
      seed,
      n_trials: per.length,
      windows,
      total_framework_s: per.reduce((a, b) => a + b, 0) / 1e3,
      wall_s: t.wall_s,
      objective_s: t.objective_s,
      ...(t.startup_s === undefined ? {} : { startup_s: t.startup_s }),
      load_avg: loadavg()[0],
      ...extra,
      per_trial_ms: per.map((x) => Math.round(x * 1e4) / 1e4),
    });
    const w = Object.entries(windows)
      .map(([k, v]) => `${k}: ${v.mean_ms.toFixed(4)}ms`)
      .join('  ');
    console.error(`random ${path.padEnd(13)} seed=${seed}  ${w}`);
  };
  for (let seed = 0; seed < repeats; seed++) {
    record('study', seed, studyTimes(makeSampler('random', ctx), seed, n));
    const { t, file } = journaledRun(dir, seed, n);
    record('study+journal', seed, t, file);
  }

  const meta = {
    ...benchMeta(),
    description: 'rxhpo journaled random-sampler trials (journalTo) on the overhead protocol',
    space: '10 floats x0..x9 in [-5,5]; objective sum x_i^2',
    timing:
      'per trial = gap between consecutive trainer calls of study(sampleWith(random), trainWith(of(report))).pipe(journalTo(path)) minus the objective; a fresh journal file per repeat',
    windows: WINDOWS.map(([a, b]) => `${a}-${b}`),
    journal_dir: dir,
    repeats,
    warmup: !args['no-warmup'],
    optuna_file: optunaPath ?? null,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ meta, runs }));

  const plain = overheadSummary(args.out, 'study').get('random');
  const journaled = overheadSummary(args.out, 'study+journal').get('random');
  const optuna = optunaPath === undefined ? undefined : overheadSummary(optunaPath).get('random');
  const W = WINDOWS.map(([a, b]) => `${a}-${b}`);
  const row = (label: string, s: OverheadSummary): string[] => [
    label,
    String(s.repeats),
    ...W.map((w) => fmt(s.windows[w] ?? NaN)),
    fmt(s.perTrialMs),
    fmt(s.medianTrialMs),
    fmt(s.loadAvg),
  ];
  const rows: string[][] = [];
  if (plain) rows.push(row('rxhpo random (study, no journal)', plain));
  if (journaled) rows.push(row('rxhpo random (study + journalTo)', journaled));
  if (optuna) rows.push(row('Optuna random (JournalFileStorage)', optuna));
  console.log(`\n### Journaled trials, ms per trial (mean in window, median over repeats), ${n} trials\n`);
  console.log(
    markdownTable(
      [
        'sampler (storage)',
        'repeats',
        'trials 0-100',
        '400-500',
        '900-1000',
        'mean ms/trial',
        'median ms/trial',
        'load',
      ],
      rows,
    ),
  );
  const ours = runs.filter((r) => r['path'] === 'study+journal') as unknown as JournalFileStats[];
  const perTrial = (f: (s: JournalFileStats) => number): string => fmt(median(ours.map((s) => f(s) / n)));
  console.log(
    `\nrxhpo journal per trial: ${perTrial((s) => s.journal_lines)} lines, ${perTrial((s) => s.journal_bytes)} bytes, ${perTrial((s) => s.journal_fsyncs)} fsyncs.`,
  );
  if (optunaPath !== undefined) {
    const oRuns = (JSON.parse(readFileSync(optunaPath, 'utf8')) as { runs: Array<Partial<JournalFileStats>> }).runs;
    const ol = median(oRuns.map((r) => (r.journal_lines ?? NaN) / n));
    const ob = median(oRuns.map((r) => (r.journal_bytes ?? NaN) / n));
    console.log(`Optuna journal per trial: ${fmt(ol)} lines, ${fmt(ob)} bytes.`);
    console.log(
      `Optuna: ${optunaPath === sideBySide ? 'measured side by side in this invocation' : 'read from'} ${optunaPath}.`,
    );
  }
  if (optuna && journaled) console.log(`\n${journalRatio(optuna, journaled, TARGET).line}`);
  if (plain && journaled)
    console.log(
      `the journal adds ${fmt(journaled.perTrialMs - plain.perTrialMs)} ms per trial to the study path (${fmt(plain.perTrialMs)} → ${fmt(journaled.perTrialMs)} ms).`,
    );
  console.log(
    `load average now: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`,
  );
};

runCli(main);
