/**
 * The multi-fidelity benchmark (bench/reference/README.md "Multi-fidelity protocol"):
 *
 *   npm run bench:multifidelity -- --problems FILE --methods random_nopruning,random_asha_stop --seeds 0-9 \
 *     --driver asktell|study --out results.json
 *
 * For every `multi_fidelity` problem of FILE (default bench/reference/problems.json, i.e. lc_hartmann6;
 * `--problem a,b` filters), every method and seed: one sequential run of the protocol (epoch budget,
 * noise keyed by seed/trial/epoch, snapshots at 25/50/100 %). Writes `{meta, runs}` in the documented
 * `<prefix>-multifidelity.json` shape (plus `problem`, `n_paused`, `n_promotions` per run) and prints
 * the best final-epoch loss and regret at each checkpoint, median [q25, q75] over seeds, with trials
 * started, next to the Optuna reference computed from bench/reference/optuna-multifidelity.json
 * (`--reference FILE`), then its two targets: ASHA reaches the final best of random search without
 * pruning within a fifth of the epochs, and rxhpo's best scheduler beats Optuna's best pruner at every
 * checkpoint. `--driver study` runs the reactive `study()` in virtual time instead of the ask/tell loop;
 * `--check-drivers` runs both and compares them trial by trial.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchMeta, repoRoot } from './benchMeta.js';
import { defaultProblemsPath, loadProblems } from './problems/loadProblems.js';
import type { Problem } from './problems/loadProblems.js';
import { mfMethod } from './multifidelityMethods.js';
import type { MfDriver, MfRun } from './multifidelityRun.js';
import { mfProtocol, mfRun } from './multifidelityRun.js';
import { fmt, markdownTable, median } from './stats.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';
import { InvalidOptionsError, show } from '../lib/errors.js';

const DEFAULT_METHODS = [
  'random_nopruning',
  'random_median',
  'random_asha_stop',
  'random_asha_promote',
  'random_asha_promote_eta3',
  'random_sha',
  'random_hyperband',
  'random_hyperband_stop',
  'random_hyperband_promote',
  'tpe_nopruning',
  'tpe_median',
  'tpe_asha_stop',
  'tpe_asha_promote',
  'tpe_asha_promote_eta3',
  'tpe_hyperband',
  'tpe_hyperband_stop',
  'tpe_hyperband_promote',
  'bohb',
  'bohb_async',
];
const OPTUNA_PRUNERS = ['random_median', 'random_sha', 'tpe_hyperband'];

/** The fields of a reference run the tables need. */
interface RefRun {
  readonly method: string;
  readonly seed: number;
  readonly checkpoints: Readonly<
    Record<
      string,
      { best_final_observed: number | null; regret: number | null; n_started: number; n_completed: number }
    >
  >;
  readonly trace: ReadonlyArray<readonly [number, number, number]>;
}

const readReference = (path: string): RefRun[] =>
  existsSync(path) ? ((JSON.parse(readFileSync(path, 'utf8')) as { runs?: RefRun[] }).runs ?? []) : [];

/** Best final observed loss at `epochs` from a run's trace (∞ before the first completion). */
const bestAt = (r: { trace: ReadonlyArray<readonly [number, number, number]> }, epochs: number): number => {
  let best = Infinity;
  for (const [e, v] of r.trace) if (e <= epochs) best = v;
  return best;
};
/** The epochs a run took to reach `target` (∞ if it never did). */
const epochsTo = (r: { trace: ReadonlyArray<readonly [number, number, number]> }, target: number): number =>
  r.trace.find(([, v]) => v <= target)?.[0] ?? Infinity;

const nums = (xs: ReadonlyArray<number | null | undefined>): number[] =>
  xs.map((x) => (typeof x === 'number' ? x : Infinity));
/** A quantile (numpy linear) where "not reached yet" counts as +∞ and ∞ stays ∞. */
const quantileInf = (xs: ReadonlyArray<number>, q: number): number => {
  const a = [...xs].sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const pos = (a.length - 1) * q;
  const lo = a[Math.floor(pos)] as number;
  const hi = a[Math.ceil(pos)] as number;
  return lo === hi ? lo : lo + (hi - lo) * (pos - Math.floor(pos));
};
const medianInf = (xs: ReadonlyArray<number>): number => quantileInf(xs, 0.5);
/** `median [q25, q75]`, with ∞ for seeds that have no completed trial yet. */
const medianIqrInf = (xs: ReadonlyArray<number>): string =>
  `${fmt(medianInf(xs))} [${fmt(quantileInf(xs, 0.25))}, ${fmt(quantileInf(xs, 0.75))}]`;

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      problems: { type: 'string', default: defaultProblemsPath },
      problem: { type: 'string' },
      methods: { type: 'string', default: DEFAULT_METHODS.join(',') },
      seeds: { type: 'string', default: '0-9' },
      driver: { type: 'string', default: 'asktell' },
      'check-drivers': { type: 'boolean', default: false },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-multifidelity.json') },
      reference: { type: 'string', default: resolve(repoRoot, 'bench/reference/optuna-multifidelity.json') },
    },
  });
  const driver = args.driver as MfDriver;
  if (driver !== 'asktell' && driver !== 'study')
    throw new InvalidOptionsError('--driver', [`expected asktell or study, got ${show(args.driver)}`]);
  const only = args.problem?.split(',').map((s) => s.trim());
  const { problems: loaded } = loadProblems(args.problems, only ? { only } : {});
  const problems = loaded.filter((p) => p.category === 'multi_fidelity');
  if (problems.length === 0)
    throw new InvalidOptionsError('--problems', [`no multi_fidelity problem in ${args.problems}`]);
  const methods = args.methods.split(',').map((s) => s.trim());
  for (const m of methods) mfMethod(m);
  const seeds = parseSeeds(args.seeds);

  const runs: MfRun[] = [];
  const t0 = performance.now();
  for (const p of problems)
    for (const m of methods) {
      const group = seeds.map((seed) => mfRun(p, m, seed, driver));
      runs.push(...group);
      const last = String(mfProtocol(p).budget);
      console.error(
        `[${((performance.now() - t0) / 1e3).toFixed(1)}s] ${p.name} ${m.padEnd(26)} final ${medianIqrInf(nums(group.map((r) => r.checkpoints[last]?.best_final_observed)))}  started ${median(group.map((r) => r.n_started))}  ${median(group.map((r) => r.wall_s)).toFixed(2)}s/run`,
      );
      if (args['check-drivers']) {
        const other: MfDriver = driver === 'asktell' ? 'study' : 'asktell';
        for (const [i, seed] of seeds.entries()) {
          const a = group[i] as MfRun;
          const b = mfRun(p, m, seed, other);
          // The two drivers may only disagree on how the trial cut by the budget is labelled.
          const strip = (r: MfRun) => r.trials.map(([n, e, , v]) => [n, e, v]);
          const same =
            JSON.stringify(strip(a)) === JSON.stringify(strip(b)) &&
            JSON.stringify(a.checkpoints[last]?.best_final_observed) ===
              JSON.stringify(b.checkpoints[last]?.best_final_observed);
          if (!same) throw new Error(`${p.name} ${m} seed ${seed}: drivers ${driver} and ${other} disagree`);
        }
        console.error(`  ${driver} and ${other} drivers agree trial by trial on every seed`);
      }
    }

  const meta = {
    ...benchMeta(),
    description: 'rxhpo multi-fidelity benchmark (bench/reference/README.md multi-fidelity protocol)',
    problems_file: args.problems,
    driver,
    budget_epochs: Object.fromEntries(problems.map((p) => [p.name, mfProtocol(p).budget])),
    checkpoints_epochs: Object.fromEntries(problems.map((p) => [p.name, mfProtocol(p).checkpoints])),
    optimum: Object.fromEntries(problems.map((p) => [p.name, p.optimum])),
    methods: Object.fromEntries(methods.map((m) => [m, mfMethod(m).describe])),
    seeds,
    trial_states:
      'C completed, P pruned (stopped by the scheduler), T truncated (budget), S suspended (paused at the end)',
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ meta, runs }));

  const ref = readReference(args.reference);
  for (const p of problems)
    printTables(
      p,
      runs.filter((r) => r.problem === p.name),
      methods,
      p.name === 'lc_hartmann6' ? ref : [],
    );
  console.error(`wrote ${args.out}`);
};

const printTables = (p: Problem, runs: MfRun[], methods: string[], ref: RefRun[]): void => {
  const { budget, checkpoints } = mfProtocol(p);
  const of = (m: string) => runs.filter((r) => r.method === m);
  const refOf = (m: string) => ref.filter((r) => r.method === m);
  const refMethods = [...new Set(ref.map((r) => r.method))];
  const rows: string[][] = [];
  const cell = (rs: ReadonlyArray<RefRun | MfRun>, k: number) => {
    const c = rs.map((r) => r.checkpoints[String(k)]);
    return [
      medianIqrInf(nums(c.map((x) => x?.best_final_observed))),
      medianIqrInf(nums(c.map((x) => x?.regret))),
      fmt(median(c.map((x) => x?.n_started ?? NaN))),
      fmt(median(c.map((x) => x?.n_completed ?? NaN))),
    ];
  };
  for (const m of methods)
    for (const [i, k] of checkpoints.entries())
      rows.push([i === 0 ? `rxhpo ${m}` : '', `${Math.round((100 * k) / budget)}% (${k})`, ...cell(of(m), k)]);
  for (const m of refMethods)
    for (const [i, k] of checkpoints.entries())
      rows.push([i === 0 ? `Optuna ${m}` : '', `${Math.round((100 * k) / budget)}% (${k})`, ...cell(refOf(m), k)]);
  console.log(
    `\n### ${p.name}: best final-epoch loss and regret, median [q25, q75] over seeds (budget ${budget} epochs)\n`,
  );
  console.log(
    markdownTable(['method', 'epochs', 'final_obs', 'regret (true)', 'trials started (med)', 'completed (med)'], rows),
  );

  // Target 1: ASHA reaches the final best of random search without pruning within a fifth of its epochs.
  const fifth = Math.round(budget / 5);
  const rnd = of('random_nopruning');
  if (rnd.length > 0) {
    const rndFinal = medianInf(nums(rnd.map((r) => r.checkpoints[String(budget)]?.best_final_observed)));
    console.log(
      `\n**Target 1** — random without pruning: median final best ${fmt(rndFinal)} after ${budget} epochs.\n`,
    );
    const t1: string[][] = [];
    for (const m of methods.filter(
      (x) => x.includes('asha') || x.includes('hyperband') || x.includes('sha') || x.includes('median'),
    )) {
      const rs = of(m);
      const perSeed = rs.map((r) => {
        const own = rnd.find((x) => x.seed === r.seed);
        return own ? epochsTo(r, own.checkpoints[String(budget)]?.best_final_observed ?? -Infinity) : NaN;
      });
      const at = medianInf(rs.map((r) => bestAt(r, fifth)));
      t1.push([
        m,
        fmt(at),
        at <= rndFinal ? 'yes' : 'no',
        fmt(medianInf(perSeed)),
        `${perSeed.filter((e) => e <= fifth).length}/${perSeed.length}`,
      ]);
    }
    console.log(
      markdownTable(
        [
          'method',
          `median best at ${fifth} epochs`,
          `≤ random's final median?`,
          "median epochs to reach the same seed's random final best",
          `seeds within ${fifth}`,
        ],
        t1,
      ),
    );
  }

  // Target 2: rxhpo's best scheduler beats Optuna's best pruner at every checkpoint.
  const pruners = OPTUNA_PRUNERS.filter((m) => refOf(m).length > 0);
  if (pruners.length > 0) {
    const ours = methods.filter((m) => mfMethod(m).scheduler !== undefined);
    const med = (rs: ReadonlyArray<RefRun | MfRun>, k: number) =>
      medianInf(nums(rs.map((r) => r.checkpoints[String(k)]?.best_final_observed)));
    // One method for every checkpoint: ours with the best mean rank over the checkpoints, then by final value.
    const score = (m: string) => checkpoints.reduce((a, k) => a + med(of(m), k), 0);
    const best = [...ours].sort((a, b) => score(a) - score(b))[0];
    const t2 = checkpoints.map((k) => {
      const opt = [...pruners].sort((a, b) => med(refOf(a), k) - med(refOf(b), k))[0] as string;
      const perK = [...ours].sort((a, b) => med(of(a), k) - med(of(b), k))[0] as string;
      const o = med(refOf(opt), k);
      const b = best === undefined ? NaN : med(of(best), k);
      return [
        `${k}`,
        `${opt} ${fmt(o)}`,
        `${best} ${fmt(b)}`,
        b < o ? 'yes' : 'no',
        `${perK} ${fmt(med(of(perK), k))}`,
      ];
    });
    console.log(
      `\n**Target 2** — rxhpo's best scheduler (one method, lowest sum of medians) vs Optuna's best pruner per checkpoint (median best_final_observed):\n`,
    );
    console.log(
      markdownTable(
        ['epochs', "Optuna's best pruner", 'rxhpo best scheduler', 'beats it?', 'rxhpo best at this checkpoint'],
        t2,
      ),
    );
  }
};

runCli(main);
