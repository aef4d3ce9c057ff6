/**
 * The framework-overhead benchmark (bench/reference/README.md "Overhead protocol"):
 *
 *   npm run bench:overhead -- [--trials 1000,10000] [--repeats 3] [--out FILE] [--optuna FILE]
 *                             [--run-optuna random,tpe,tpe_mv] [--no-warmup] [--no-tpe]
 *
 * 10-D space x0..x9 in [-5, 5], objective Σx² (excluded from timing). For the random sampler at each
 * trial count, repeats r = 0..R-1 with seed r, two ways: through the ask/tell facade (per trial = ask +
 * report + tell) and through the reactive `study(sampleWith, trainWith(of(report)))` pipeline (per
 * trial = gap between trainer calls minus the objective; total = wall / trials). Windows [0,100),
 * [400,500), [900,1000) and, at 10,000 trials, [9000,10000) with the last-1000 / first-1000 ratio.
 * Then TPE (multivariate and univariate, when strategies exports tpeSampler): time per ask at
 * n = 100, 500, 1000 finished trials. `--run-optuna` first runs bench/reference/optuna/run_overhead.py
 * with Debian's /usr/bin/python3 into a fresh bench/results/optuna-overhead-<time>-<pid>.json, so the
 * ratios printed are measured side by side; without it the vendored baseline
 * bench/reference/optuna-overhead.json is read (or `--optuna`).
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchMeta, repoRoot } from './benchMeta.js';
import { availableSamplers, describeSampler, makeSampler } from './samplerRegistry.js';
import type { TrialTimes, WindowStats } from './overheadRuns.js';
import { askTellTimes, perTrialMs, studyTimes, windowStats } from './overheadRuns.js';
import { overheadSpace } from './overheadSpace.js';
import { overheadSummary } from './optunaOverhead.js';
import type { OverheadSummary } from './optunaOverhead.js';
import { fmt, markdownTable, mean, median } from './stats.js';
import { runCli } from './runCli.js';

const WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [0, 100],
  [400, 500],
  [900, 1000],
  [9000, 10000],
];
const ASK_AT = [100, 500, 1000];
const ASK_AT_SPAN = 10;

interface OverheadRun {
  readonly sampler: string;
  readonly path: 'askTell' | 'study';
  readonly seed: number;
  readonly n_trials: number;
  readonly windows: Record<string, WindowStats>;
  readonly total_framework_s: number;
  readonly wall_s: number;
  readonly objective_s: number;
  /** Reactive path: the study's start-up before its first trial, kept out of the per-trial figures. */
  readonly startup_s?: number;
  readonly first1000_mean_ms?: number;
  readonly last1000_mean_ms?: number;
  readonly last_over_first?: number;
  readonly first1000_median_ms?: number;
  readonly last1000_median_ms?: number;
  /** TPE: median ms of the asks made with n finished trials (n .. n+9). */
  readonly ask_at_n_ms?: Record<string, number>;
  readonly per_trial_ms: number[];
}

const summarise = (
  sampler: string,
  path: OverheadRun['path'],
  seed: number,
  t: TrialTimes,
  extra: Partial<OverheadRun> = {},
): OverheadRun => {
  const per = perTrialMs(t);
  const n = per.length;
  const first = per.slice(0, 1000);
  const last = per.slice(n - 1000);
  const growth =
    n >= 2000
      ? {
          first1000_mean_ms: mean(first),
          last1000_mean_ms: mean(last),
          last_over_first: mean(last) / mean(first),
          first1000_median_ms: median(first),
          last1000_median_ms: median(last),
        }
      : {};
  return {
    sampler,
    path,
    seed,
    n_trials: n,
    windows: windowStats(t, WINDOWS),
    total_framework_s: per.reduce((a, b) => a + b, 0) / 1e3,
    wall_s: t.wall_s,
    objective_s: t.objective_s,
    ...(t.startup_s === undefined ? {} : { startup_s: t.startup_s }),
    ...growth,
    ...extra,
    per_trial_ms: per.map((x) => Math.round(x * 1e4) / 1e4),
  };
};

const runOptuna = (samplers: string, repeats: number, out: string): void => {
  const script = resolve(repoRoot, 'bench/reference/optuna/run_overhead.py');
  const args = [script, '--samplers', samplers, '--repeats', String(repeats), '--trials', '1000'];
  console.error(`running Optuna: /usr/bin/python3 ${args.join(' ')} --out ${out}`);
  const r = spawnSync('/usr/bin/python3', [...args, '--time-limit', '420', '--out', out], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`run_overhead.py exited with ${r.status}`);
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      trials: { type: 'string', default: '1000,10000' },
      repeats: { type: 'string', default: '3' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-overhead.json') },
      optuna: { type: 'string' },
      'run-optuna': { type: 'string' },
      'no-warmup': { type: 'boolean', default: false },
      'no-tpe': { type: 'boolean', default: false },
      'no-es': { type: 'boolean', default: false },
      'no-study': { type: 'boolean', default: false },
    },
  });
  const trialCounts = args.trials.split(',').map(Number);
  const repeats = Number(args.repeats);
  // A file of its own per invocation: another session running run_overhead.py into a shared default
  // path would otherwise overwrite (or be resumed into) this comparison.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const sideBySide = resolve(repoRoot, `bench/results/optuna-overhead-${stamp}-${process.pid}.json`);
  if (args['run-optuna']) runOptuna(args['run-optuna'], repeats, sideBySide);
  const optunaPath =
    args.optuna ?? (args['run-optuna'] ? sideBySide : resolve(repoRoot, 'bench/reference/optuna-overhead.json'));

  const ctx = { space: overheadSpace, trials: 1000 };
  const tpeNames = args['no-tpe'] ? [] : availableSamplers(['tpe', 'tpe_uni'], ctx);
  // Evolution strategies: timed like TPE (their ask reads only the current generation).
  const esNames = args['no-es'] ? [] : availableSamplers(['cmaes'], ctx);
  const runs: OverheadRun[] = [];
  const log = (r: OverheadRun): void => {
    const w = Object.entries(r.windows)
      .map(([k, v]) => `${k}: ${v.mean_ms.toFixed(4)}ms`)
      .join('  ');
    const g = r.last_over_first === undefined ? '' : `  last/first 1000 = ${r.last_over_first.toFixed(3)}`;
    console.error(`${r.sampler.padEnd(7)} ${r.path.padEnd(7)} n=${r.n_trials} seed=${r.seed}  ${w}${g}`);
  };

  // JIT warm-up: without it the first window of the first run measures V8 compiling our code.
  if (!args['no-warmup']) {
    askTellTimes(makeSampler('random', ctx), 999, 2000);
    if (!args['no-study']) studyTimes(makeSampler('random', ctx), 999, 2000);
  }
  for (const n of trialCounts)
    for (let seed = 0; seed < repeats; seed++) {
      runs.push(summarise('random', 'askTell', seed, askTellTimes(makeSampler('random', ctx), seed, n)));
      log(runs[runs.length - 1] as OverheadRun);
      if (args['no-study']) continue;
      runs.push(summarise('random', 'study', seed, studyTimes(makeSampler('random', ctx), seed, n)));
      log(runs[runs.length - 1] as OverheadRun);
    }
  for (const name of [...tpeNames, ...esNames]) {
    if (!args['no-warmup']) askTellTimes(makeSampler(name, ctx), 999, 150);
    for (let seed = 0; seed < repeats; seed++) {
      const t = askTellTimes(makeSampler(name, ctx), seed, 1000 + ASK_AT_SPAN);
      const askAt = Object.fromEntries(ASK_AT.map((k) => [String(k), median(t.ask.slice(k, k + ASK_AT_SPAN))]));
      // The protocol's windows and totals cover trials 0..999; the 10 extra asks only measure n = 1000.
      const first = { ...t, ask: t.ask.slice(0, 1000), tell: t.tell.slice(0, 1000) };
      runs.push(summarise(name, 'askTell', seed, first, { ask_at_n_ms: askAt }));
      log(runs[runs.length - 1] as OverheadRun);
      console.error(`        ask at n = ${ASK_AT.map((k) => `${k}: ${fmt(askAt[String(k)] as number)}ms`).join(', ')}`);
    }
  }

  const meta = {
    ...benchMeta(),
    description: 'rxhpo framework overhead on the 10-D overhead space (bench/reference/README.md overhead protocol)',
    space: '10 floats x0..x9 in [-5,5]; objective sum x_i^2',
    timing:
      'askTell path: per trial = ask() + report() + tell(), objective excluded (performance.now). study path: per trial = gap between consecutive trainer calls of study(sampleWith(sampler), trainWith(of(report))) minus the objective; total = wall - objective.',
    windows: WINDOWS.map(([a, b]) => `${a}-${b}`),
    trial_counts: trialCounts,
    repeats,
    warmup: !args['no-warmup'],
    samplers: Object.fromEntries(['random', ...tpeNames, ...esNames].map((s) => [s, describeSampler(s)])),
    ask_at_n: `TPE: median ms of the ${ASK_AT_SPAN} asks made with n .. n+${ASK_AT_SPAN - 1} finished trials`,
    optuna_file: optunaPath,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ meta, runs }));

  // ---- tables
  const optuna = overheadSummary(optunaPath);
  const pick = (sampler: string, path: string, n: number) =>
    runs.filter((r) => r.sampler === sampler && r.path === path && r.n_trials === n);
  const med = (rs: OverheadRun[], f: (r: OverheadRun) => number | undefined): number =>
    median(
      rs.flatMap((r) => {
        const v = f(r);
        return v === undefined ? [] : [v];
      }),
    );
  const W3 = ['0-100', '400-500', '900-1000'];
  const rowOf = (label: string, rs: OverheadRun[]): string[] => [
    label,
    String(rs.length),
    ...W3.map((w) => fmt(med(rs, (r) => r.windows[w]?.mean_ms))),
    `${fmt(med(rs, (r) => r.windows['900-1000']?.mean_ask_suggest_ms))} / ${fmt(med(rs, (r) => r.windows['900-1000']?.mean_tell_ms))}`,
    fmt(med(rs, (r) => (r.total_framework_s * 1e3) / r.n_trials)),
    fmt(med(rs, (r) => median(r.per_trial_ms.slice(0, 1000)))),
  ];
  const optunaRow = (s: string, o: OverheadSummary): string[] => [
    `Optuna ${s}`,
    String(o.repeats),
    ...W3.map((w) => fmt(o.windows[w] ?? NaN)),
    `${fmt(o.askIn['900-1000'] ?? NaN)} / ${fmt(o.tellIn['900-1000'] ?? NaN)}`,
    fmt(o.perTrialMs),
    fmt(o.medianTrialMs),
  ];
  const header = [
    'sampler (path)',
    'repeats',
    'trials 0-100',
    '400-500',
    '900-1000',
    'ask / tell in 900-1000',
    'mean ms/trial (1000)',
    'median ms/trial',
  ];
  const rows: string[][] = [rowOf('rxhpo random (askTell)', pick('random', 'askTell', 1000))];
  if (!args['no-study']) rows.push(rowOf('rxhpo random (study)', pick('random', 'study', 1000)));
  for (const s of [...tpeNames, ...esNames]) rows.push(rowOf(`rxhpo ${s} (askTell)`, pick(s, 'askTell', 1000)));
  for (const s of ['random', 'tpe', 'tpe_mv', 'cmaes']) {
    const o = optuna.get(s);
    if (o) rows.push(optunaRow(s, o));
  }
  const sideNote =
    optunaPath === sideBySide
      ? `measured side by side in this invocation (${optunaPath})`
      : `read from ${optunaPath}, not measured in this invocation: compare ratios with care`;
  console.log(`\n### Framework overhead, ms per trial (mean in window, median over repeats), 1000 trials\n`);
  console.log(markdownTable(header, rows));
  console.log(`\nOptuna: ${sideNote}.`);

  const ratioLines: string[] = [];
  const oRandom = optuna.get('random');
  if (oRandom) {
    for (const path of args['no-study'] ? ['askTell'] : ['askTell', 'study']) {
      const rs = pick('random', path, 1000);
      const ours = med(rs, (r) => (r.total_framework_s * 1e3) / r.n_trials);
      const ratio = oRandom.perTrialMs / ours;
      const perWindow = W3.map((w) => fmt((oRandom.windows[w] ?? NaN) / med(rs, (r) => r.windows[w]?.mean_ms))).join(
        ' / ',
      );
      const typical = oRandom.medianTrialMs / med(rs, (r) => median(r.per_trial_ms.slice(0, 1000)));
      ratioLines.push(
        `random (${path}): mean per trial Optuna ${fmt(oRandom.perTrialMs)} ms / rxhpo ${fmt(ours)} ms = ${fmt(ratio)}× (target ≥ 20×: ${ratio >= 20 ? 'met' : 'NOT met'}); per window ${perWindow}×; median trial ${fmt(typical)}×`,
      );
    }
  }
  // Like for like (multivariate vs tpe_mv, univariate vs tpe), and the default against Optuna's default TPE.
  const pairs: Array<[string, string]> = [
    ['tpe', 'tpe_mv'],
    ['tpe_uni', 'tpe'],
    ['tpe', 'tpe'],
  ];
  for (const [ours, theirs] of pairs) {
    const o = optuna.get(theirs);
    const rs = pick(ours, 'askTell', 1000);
    if (!o || rs.length === 0) continue;
    const w = med(rs, (r) => r.windows['900-1000']?.mean_ms);
    const ratio = (o.windows['900-1000'] ?? NaN) / w;
    ratioLines.push(
      `${ours} vs Optuna ${theirs}, trials 900-1000: ${fmt(o.windows['900-1000'] ?? NaN)} ms / ${fmt(w)} ms = ${fmt(ratio)}× (target ≥ 50×: ${ratio >= 50 ? 'met' : 'NOT met'})`,
    );
  }
  const oCma = optuna.get('cmaes');
  const ourCma = pick('cmaes', 'askTell', 1000);
  if (oCma && ourCma.length > 0) {
    const ours = med(ourCma, (r) => (r.total_framework_s * 1e3) / r.n_trials);
    const ratio = oCma.perTrialMs / ours;
    ratioLines.push(
      `cmaes vs Optuna cmaes, mean per trial over 1000: ${fmt(oCma.perTrialMs)} ms / ${fmt(ours)} ms = ${fmt(ratio)}× (target ≥ 30×: ${ratio >= 30 ? 'met' : 'NOT met'})`,
    );
  }
  if (ratioLines.length > 0) console.log(`\n${ratioLines.join('\n')}`);

  const big = trialCounts.filter((n) => n >= 2000);
  for (const n of big) {
    const growthRows = (args['no-study'] ? ['askTell'] : ['askTell', 'study']).map((path) => {
      const rs = pick('random', path, n);
      const g = med(rs, (r) => r.last_over_first);
      return [
        `rxhpo random (${path})`,
        String(rs.length),
        fmt(med(rs, (r) => r.first1000_mean_ms)),
        fmt(med(rs, (r) => r.last1000_mean_ms)),
        `${fmt(g)} (${g <= 1.2 ? 'met' : 'NOT met'})`,
        fmt(med(rs, (r) => r.windows[`${n - 1000}-${n}`]?.mean_ms)),
        fmt(med(rs, (r) => (r.last1000_median_ms ?? NaN) / (r.first1000_median_ms ?? NaN))),
        fmt(med(rs, (r) => (r.total_framework_s * 1e3) / r.n_trials)),
      ];
    });
    console.log(`\n### Growth over ${n} trials (random sampler), ms per trial, median over repeats\n`);
    console.log(
      markdownTable(
        [
          'path',
          'repeats',
          'first 1000 mean',
          'last 1000 mean',
          'last / first (target ≤ 1.2)',
          `window ${n - 1000}-${n}`,
          'last / first, median trial',
          'mean over all',
        ],
        growthRows,
      ),
    );
  }

  if (tpeNames.length > 0) {
    const tpeRows = tpeNames.map((s) => {
      const rs = pick(s, 'askTell', 1000);
      const at = ASK_AT.map((k) => med(rs, (r) => r.ask_at_n_ms?.[String(k)]));
      return [
        `rxhpo ${s}`,
        ...at.map(fmt),
        fmt((at[2] as number) / (at[0] as number)),
        fmt((at[2] as number) / (at[1] as number)),
      ];
    });
    console.log('\n### TPE time per ask (ms) with n finished trials, 10-D space, median over repeats\n');
    console.log(
      markdownTable(
        [
          'sampler',
          'n = 100',
          'n = 500',
          'n = 1000',
          'ask(1000) / ask(100) (linear: 10)',
          'ask(1000) / ask(500) (linear: 2)',
        ],
        tpeRows,
      ),
    );
  } else console.log('\nTPE: skipped (--no-tpe).');
  console.log(`\n${runs.length} runs written to ${args.out}`);
};

runCli(main);
