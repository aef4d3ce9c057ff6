/**
 * FLAML's cost-frugality claim on real learners, at equal cost: per seed, random search runs the paper's
 * evaluation count; its best `B` is the target and its total fit CPU seconds `T` the reference. CFO and
 * BlendSearch (from the learner's cheap config) then run with a cost budget of `T` fit CPU seconds and no
 * evaluation cap (`budget: { cost: { total: T, metric: 'fit_cpu_seconds' } }`), and we note the fit CPU
 * seconds they had spent when their best first reached `B`. Claim: at most T / 2.
 *
 *   npx tsx bench/classicCostRace.ts --data datasets/digits.csv --target target --task classification \
 *     --model rf --seeds 0-2 [--methods cfo,blendsearch] [--out FILE.json]
 *
 * CPU seconds of the fits, not wall seconds: on a shared machine the wall time of the same fit varies
 * with the load, which would decide the race. Accuracy is compared at the folds' precision (a gap under
 * 1e-9 counts as reached).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ClassicRun } from './classic.js';
import { classicData, classicDataFlags, runOne } from './classic.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { markdownTable, median } from './stats.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';

const main = async (): Promise<void> => {
  const { values: args } = parseArgs({
    options: {
      ...classicDataFlags,
      model: { type: 'string', default: 'rf' },
      methods: { type: 'string', default: 'cfo,blendsearch' },
      seeds: { type: 'string', default: '0-2' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/classic-cost-race.json') },
    },
  });
  const { data, task } = classicData(args);
  const maximize = task === 'classification';
  const reached = (v: number, target: number): boolean => (maximize ? v >= target - 1e-9 : v <= target + 1e-9);
  const show = (v: number): string => (maximize ? (v * 100).toFixed(2) : v.toFixed(2));
  const methods = args.methods.split(',');
  const runs: Array<ClassicRun & { target?: number; reference_cpu?: number; cpu_to_reach?: number | null }> = [];
  const save = (): void => {
    mkdirSync(dirname(resolve(args.out)), { recursive: true });
    writeFileSync(
      args.out,
      `${JSON.stringify({ meta: { ...benchMeta(), data: args.data, task, model: args.model, methods }, runs }, null, 2)}\n`,
    );
  };
  const rows: string[][] = [];
  const ratios = new Map<string, number[]>(methods.map((m) => [m, []]));
  for (const seed of parseSeeds(args.seeds)) {
    const random = await runOne(data, task, args.model, 'random', seed);
    runs.push(random);
    save();
    const T = random.fit_cpu_seconds;
    const B = random.best;
    console.error(`seed ${seed}: random best ${show(B)}, ${T.toFixed(1)} fit CPU s over ${random.evaluations} configs`);
    for (const method of methods) {
      const run = await runOne(data, task, args.model, method, seed, {
        budget: { cost: { total: T, metric: 'fit_cpu_seconds' } },
      });
      const hit = run.trace.find((p) => reached(p.best, B));
      const ratio = hit === undefined ? Infinity : hit.fit_cpu_seconds / T;
      ratios.get(method)?.push(ratio);
      runs.push({ ...run, target: B, reference_cpu: T, cpu_to_reach: hit?.fit_cpu_seconds ?? null });
      save();
      console.error(
        `seed ${seed}: ${method} best ${show(run.best)} after ${run.evaluations} configs; reached random's best ${hit === undefined ? 'never' : `at ${hit.fit_cpu_seconds.toFixed(1)} s (${ratio.toFixed(2)} of T)`}`,
      );
      rows.push([
        String(seed),
        method,
        show(B),
        T.toFixed(1),
        show(run.best),
        String(run.evaluations),
        hit === undefined ? 'never' : hit.fit_cpu_seconds.toFixed(1),
        hit === undefined ? '∞' : ratio.toFixed(2),
      ]);
    }
  }
  console.log(
    markdownTable(
      [
        'seed',
        'method',
        "random's best",
        "random's fit CPU s (T)",
        'best within T',
        'configs',
        'fit CPU s to reach',
        '÷ T',
      ],
      rows,
    ),
  );
  for (const [m, r] of ratios)
    console.log(
      `${m}: met (≤ 0.5) on ${r.filter((x) => x <= 0.5).length}/${r.length} seeds, reached on ${r.filter(Number.isFinite).length}/${r.length}, median ratio ${median(r).toFixed(2)}`,
    );
};

runCli(main);
