/**
 * The PBT toy benchmark (Jaderberg et al. 2017, §4 / Fig. 2), through `study()` + `pbt()`:
 *
 *   npm run bench:pbt -- [--seeds 0-9] [--out FILE] [--steps 200] [--interval 4] [--noise 0.1]
 *                        [--step-size 0.01] [--mode sync|async]
 *
 * `--toy schedule|paper|both` (default both) also runs the schedule toy (bench/pbtScheduleToy.ts: the best
 * h drifts over training) with `pb2`, `pbt` and `random` at `--populations 4,8`, writing
 * `--schedule-out` (default bench/results/rxhpo-pbt-schedule.json).
 *
 * Methods: `pbt` (exploit: the worse member is forked from the better one's checkpoint and config;
 * explore: Gaussian noise on h), `explore_only` (each member perturbs its own h every interval),
 * `exploit_only` (forks with an identity explore) and `grid` (the two fixed h, no scheduler). Prints the
 * mean ± standard deviation and the median [q25, q75] over seeds of the best member's Q at several steps,
 * and whether PBT's mean final Q beats every ablation; writes `{meta, runs: [{method, seed, q_final,
 * q_by_step, forks, peak_checkpoints}]}` to FILE (default bench/results/rxhpo-pbt.json).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchMeta, repoRoot } from './benchMeta.js';
import type { PbtToyRun, PbtToySetup } from './pbtToy.js';
import { DEFAULT_PBT_TOY_SETUP, PBT_TOY_ABLATIONS, PBT_TOY_METHODS, runPbtToy } from './pbtToy.js';
import type { ScheduleToyRun } from './pbtScheduleToy.js';
import { DEFAULT_SCHEDULE_TOY_SETUP, SCHEDULE_TOY_METHODS, runScheduleToy } from './pbtScheduleToy.js';
import { fmt, markdownTable, mean, medianIqr } from './stats.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';
import { InvalidOptionsError, show } from '../lib/errors.js';

const sd = (xs: ReadonlyArray<number>): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

const positive = (name: string, text: string | undefined, fallback: number, integer: boolean): number => {
  if (text === undefined) return fallback;
  const x = Number(text);
  if (!(Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x))))
    throw new InvalidOptionsError(`--${name}`, [
      `expected a ${integer ? 'positive integer' : 'number > 0'}, got ${show(text)}`,
    ]);
  return x;
};

/** The schedule toy (PB2 vs PBT with small populations): prints its tables and writes `out`. */
const runSchedule = (seeds: ReadonlyArray<number>, populations: ReadonlyArray<number>, out: string): void => {
  const setup0 = DEFAULT_SCHEDULE_TOY_SETUP;
  const runs: ScheduleToyRun[] = [];
  for (const population of populations)
    for (const method of SCHEDULE_TOY_METHODS)
      for (const seed of seeds) runs.push(runScheduleToy(method, seed, { ...setup0, population }));
  const at = [setup0.steps / 4, setup0.steps / 2, setup0.steps];
  const rows = (stat: (xs: number[]) => string) =>
    populations.flatMap((n) =>
      SCHEDULE_TOY_METHODS.map((m) => {
        const rs = runs.filter((r) => r.method === m && r.population === n);
        return [
          `${m} (${n})`,
          ...at.map((t) => stat(rs.map((r) => r.by_step[t - 1] as number))),
          fmt(mean(rs.map((r) => r.forks))),
          fmt(mean(rs.map((r) => r.cpu_s))),
        ];
      }),
    );
  const head = ['method (members)', ...at.map((t) => `step ${t}`), 'forks', 'CPU s/run'];
  console.log(
    `Schedule toy: best member's reward per step (R_t/t, ≤ 1), best h drifting from (0.2, 0.8) to (0.8, 0.2); ` +
      `${seeds.length} seeds, ${setup0.steps} steps, interval ${setup0.interval}, noise ${setup0.noise}, asynchronous\n`,
  );
  console.log('mean ± sd');
  console.log(
    markdownTable(
      head,
      rows((xs) => `${fmt(mean(xs))} ± ${fmt(sd(xs))}`),
    ),
  );
  console.log('\nmedian [q25, q75]');
  console.log(markdownTable(head, rows(medianIqr)));
  for (const n of populations) {
    const f = (m: string) => mean(runs.filter((r) => r.method === m && r.population === n).map((r) => r.final));
    console.log(
      `population ${n}: PB2 mean final ${fmt(f('pb2'))} vs PBT ${fmt(f('pbt'))} vs random ${fmt(f('random'))}`,
    );
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({
      meta: {
        ...benchMeta(),
        benchmark: 'pbt-schedule-toy',
        problem:
          'reward rate exp(−‖h − h*(t)‖²/(2·0.15²)) + N(0, noise²), h* from (0.2, 0.8) to (0.8, 0.2); members ranked on cumulative reward',
        setup: setup0,
        populations,
        by_step: "the best member's R_t/t after each step 1..steps",
        seeds,
      },
      runs,
    }),
  );
  console.log(`\nwrote ${out}\n`);
};

runCli(() => {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '0-9' },
      out: { type: 'string' },
      steps: { type: 'string' },
      interval: { type: 'string' },
      noise: { type: 'string' },
      'step-size': { type: 'string' },
      mode: { type: 'string', default: 'sync' },
      toy: { type: 'string', default: 'both' },
      populations: { type: 'string', default: '4,8' },
      'schedule-out': { type: 'string' },
    },
  });
  if (values.mode !== 'sync' && values.mode !== 'async')
    throw new InvalidOptionsError('--mode', [`expected sync or async, got ${show(values.mode)}`]);
  const d = DEFAULT_PBT_TOY_SETUP;
  const setup: PbtToySetup = {
    steps: positive('steps', values.steps, d.steps, true),
    interval: positive('interval', values.interval, d.interval, true),
    noise: positive('noise', values.noise, d.noise, false),
    stepSize: positive('step-size', values['step-size'], d.stepSize, false),
    synchronous: values.mode === 'sync',
  };
  if (values.toy !== 'paper' && values.toy !== 'schedule' && values.toy !== 'both')
    throw new InvalidOptionsError('--toy', [`expected paper, schedule or both, got ${show(values.toy)}`]);
  const populations = values.populations.split(',').map((p) => positive('populations', p, 4, true));
  const seeds = parseSeeds(values.seeds);
  const scheduleOut = resolve(values['schedule-out'] ?? resolve(repoRoot, 'bench/results/rxhpo-pbt-schedule.json'));
  if (values.toy !== 'paper') runSchedule(seeds, populations, scheduleOut);
  if (values.toy === 'schedule') return;
  const out = resolve(values.out ?? resolve(repoRoot, 'bench/results/rxhpo-pbt.json'));

  const runs: PbtToyRun[] = [];
  const started = performance.now();
  for (const method of PBT_TOY_METHODS) for (const seed of seeds) runs.push(runPbtToy(method, seed, setup));
  const wall = (performance.now() - started) / 1000;

  const at = [
    ...new Set([Math.round(setup.steps / 8), Math.round(setup.steps / 4), Math.round(setup.steps / 2), setup.steps]),
  ];
  const rowsOf = (stat: (xs: number[]) => string) =>
    PBT_TOY_METHODS.map((m) => {
      const rs = runs.filter((r) => r.method === m);
      return [m, ...at.map((s) => stat(rs.map((r) => r.q_by_step[s - 1] as number)))];
    });
  console.log(
    `PBT toy (Jaderberg et al. 2017, Fig. 2): Q of the best of 2 members, ${seeds.length} seeds, ` +
      `${setup.steps} steps, step size ${setup.stepSize}, interval ${setup.interval}, explore noise ${setup.noise}, ` +
      `${setup.synchronous ? 'synchronous' : 'asynchronous'} PBT (${fmt(wall)} s)\n`,
  );
  console.log('mean ± sd');
  console.log(
    markdownTable(
      ['method', ...at.map((s) => `step ${s}`)],
      rowsOf((xs) => `${fmt(mean(xs))} ± ${fmt(sd(xs))}`),
    ),
  );
  console.log('\nmedian [q25, q75]');
  console.log(markdownTable(['method', ...at.map((s) => `step ${s}`)], rowsOf(medianIqr)));
  console.log('\nforks per run, most checkpoints held at once (retainCheckpoints), checkpoints saved per run');
  console.log(
    markdownTable(
      ['method', 'forks', 'peak checkpoints', 'saved'],
      PBT_TOY_METHODS.map((m) => {
        const rs = runs.filter((r) => r.method === m);
        return [
          m,
          fmt(mean(rs.map((r) => r.forks))),
          String(Math.max(...rs.map((r) => r.peak_checkpoints))),
          fmt(mean(rs.map((r) => r.checkpoints_saved))),
        ];
      }),
    ),
  );
  const finals = Object.fromEntries(
    PBT_TOY_METHODS.map((m) => [m, mean(runs.filter((r) => r.method === m).map((r) => r.q_final))]),
  );
  const pbtFinal = finals['pbt'] as number;
  const beaten = PBT_TOY_ABLATIONS.every((m) => pbtFinal > (finals[m] as number));
  console.log(
    `\ntarget: PBT's mean final Q (${fmt(pbtFinal)}) > every ablation's ` +
      `(${PBT_TOY_ABLATIONS.map((m) => `${m} ${fmt(finals[m] as number)}`).join(', ')}): ${beaten ? 'met' : 'NOT met'}`,
  );

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({
      meta: {
        ...benchMeta(),
        benchmark: 'pbt-toy',
        paper: 'Jaderberg et al. 2017, Population Based Training of Neural Networks, §4 / Fig. 2',
        problem:
          'maximise Q = 1.2 − (θ₀² + θ₁²); members ascend Q̂ = 1.2 − (h₀θ₀² + h₁θ₁²); θ₀ = (0.9, 0.9); h = (1, 0), (0, 1)',
        setup,
        population: 2,
        q_by_step: 'Q of the best member after each step 1..steps',
        seeds,
        wall_s: wall,
      },
      runs: runs.map((r) => ({
        method: r.method,
        seed: r.seed,
        q_final: r.q_final,
        q_by_step: r.q_by_step,
        forks: r.forks,
        peak_checkpoints: r.peak_checkpoints,
      })),
    }),
  );
  console.log(`\nwrote ${out}`);
  if (!beaten) process.exitCode = 2;
});
