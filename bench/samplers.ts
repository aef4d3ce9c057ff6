/**
 * The sampler benchmark (bench/reference/README.md "Sampler benchmark protocol"):
 *
 *   npm run bench:samplers -- --problems FILE --samplers random,qmc,tpe --seeds 0-9 --out results.json
 *
 * `--samplers` defaults to those of random, qmc, tpe, tpe_uni that exist. For every non-multi-fidelity problem of FILE (default bench/reference/problems.json; `--problem a,b`
 * filters), every sampler and seed: one sequential study of exactly `budget` trials through rxhpo's
 * ask/tell facade. Writes `{meta, runs}` in the documented shape and prints markdown tables of final
 * regret (median [q25, q75] over seeds) next to the Optuna reference medians computed from the raw runs
 * of bench/reference/optuna-samplers.json (`--reference FILE`).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchMeta, repoRoot } from './benchMeta.js';
import { defaultProblemsPath, loadProblems } from './problems/loadProblems.js';
import type { Problem } from './problems/loadProblems.js';
import { availableSamplers, checkSamplers, describeSampler, makeSampler } from './samplerRegistry.js';
import { samplerRun } from './samplerRun.js';
import type { SamplerRun } from './samplerRun.js';
import { referenceRuns } from './optunaReference.js';
import { fmt, markdownTable, median, medianIqr } from './stats.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';

const OPTUNA = ['random', 'qmc', 'tpe', 'tpe_mv', 'cmaes'];
const DEFAULT_SAMPLERS = ['random', 'qmc', 'tpe', 'tpe_uni'];

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      problems: { type: 'string', default: defaultProblemsPath },
      problem: { type: 'string' },
      samplers: { type: 'string' },
      seeds: { type: 'string', default: '0-9' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-samplers.json') },
      reference: { type: 'string', default: resolve(repoRoot, 'bench/reference/optuna-samplers.json') },
    },
  });

  const only = args.problem?.split(',').map((s) => s.trim());
  const { problems: loaded } = loadProblems(args.problems, only ? { only } : {});
  const problems = loaded.filter((p) => p.category !== 'multi_fidelity' && p.trials !== undefined);
  const seeds = parseSeeds(args.seeds);
  if (problems.length === 0) throw new Error(`no sampler problems selected in ${args.problems}`);
  const first = problems[0] as Problem;
  const ctx0 = { space: first.space, trials: first.trials as number };
  // Asked-for samplers must all exist; the default takes those of random, qmc, tpe, tpe_uni that do.
  const samplers = args.samplers
    ? args.samplers.split(',').map((s) => s.trim())
    : availableSamplers(DEFAULT_SAMPLERS, ctx0);
  checkSamplers(samplers, ctx0);
  const skipped = DEFAULT_SAMPLERS.filter((s) => !samplers.includes(s));
  if (!args.samplers && skipped.length > 0) console.error(`not available yet, skipped: ${skipped.join(', ')}`);

  const runs: SamplerRun[] = [];
  const t0 = Date.now();
  for (const p of problems)
    for (const s of samplers) {
      const group: SamplerRun[] = [];
      for (const seed of seeds) {
        const sampler = makeSampler(s, { space: p.space, trials: p.trials as number });
        group.push(samplerRun(p, s, sampler, seed));
      }
      runs.push(...group);
      const ask = median(group.map((r) => r.time_ask_suggest_s));
      console.error(
        `[${((Date.now() - t0) / 1e3).toFixed(1)}s] ${p.name.padEnd(16)} ${s.padEnd(8)} regret ${medianIqr(group.map((r) => r.regret))}  ask ${ask.toFixed(3)}s/run`,
      );
    }

  const meta = {
    ...benchMeta(),
    description: 'rxhpo sampler benchmark on a problems.json-format file (non-multi-fidelity problems)',
    problems_file: args.problems,
    samplers: Object.fromEntries(samplers.map((s) => [s, describeSampler(s)])),
    seeds,
    protocol:
      'sequential askTell study of exactly budget trials per (problem, sampler, seed); seed = askTell seed; all trials complete',
    timing:
      'time_ask_suggest_s = sum of askTell.ask() (returns the whole config); time_tell_s = sum of report(value) + tell(); objective excluded; performance.now()',
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ meta, runs }));

  // ---- tables
  const ref = referenceRuns(args.reference);
  const refMedian = (problem: string, sampler: string): number => {
    const rs = ref.get(`${problem}/${sampler}`);
    return rs ? median(rs.map((r) => r.regret)) : NaN;
  };
  const ours = (problem: string, sampler: string): SamplerRun[] =>
    runs.filter((r) => r.problem === problem && r.sampler === sampler);
  const refCols = OPTUNA.filter((s) => problems.some((p) => ref.has(`${p.name}/${s}`)));
  const ratioCols: Array<{ label: string; ours: string; vs: string[] }> = [];
  if (samplers.includes('tpe') && refCols.includes('tpe'))
    ratioCols.push({
      label: 'tpe / best Optuna TPE',
      ours: 'tpe',
      vs: ['tpe', 'tpe_mv'].filter((s) => refCols.includes(s)),
    });
  if (samplers.includes('tpe_uni') && refCols.includes('tpe'))
    ratioCols.push({ label: 'tpe_uni / Optuna tpe', ours: 'tpe_uni', vs: ['tpe'] });
  if (samplers.includes('tpe_uni_v4') && refCols.includes('tpe'))
    ratioCols.push({ label: 'tpe_uni_v4 / Optuna tpe', ours: 'tpe_uni_v4', vs: ['tpe'] });
  if (samplers.includes('tpe_v4') && refCols.includes('tpe_mv'))
    ratioCols.push({ label: 'tpe_v4 / Optuna tpe_mv', ours: 'tpe_v4', vs: ['tpe_mv'] });

  const ratio = (p: Problem, ours_: string, vs: string[]): number =>
    median(ours(p.name, ours_).map((r) => r.regret)) / Math.min(...vs.map((s) => refMedian(p.name, s)));

  const rows = problems.map((p) => [
    `${p.name} (${p.trials})`,
    ...samplers.map((s) => medianIqr(ours(p.name, s).map((r) => r.regret))),
    ...refCols.map((s) => fmt(refMedian(p.name, s))),
    ...ratioCols.map((c) => fmt(ratio(p, c.ours, c.vs))),
  ]);
  console.log(`\n### Final simple regret (best − optimum), median [q25, q75] over seeds ${args.seeds}\n`);
  console.log(
    markdownTable(
      [
        'problem (budget)',
        ...samplers.map((s) => `rxhpo ${s}`),
        ...refCols.map((s) => `Optuna ${s}`),
        ...ratioCols.map((c) => c.label),
      ],
      rows,
    ),
  );
  for (const c of ratioCols) {
    const rs = problems.map((p) => ratio(p, c.ours, c.vs)).filter((x) => Number.isFinite(x));
    const wins = rs.filter((x) => x <= 1).length;
    console.log(
      `\n${c.label}: at most the reference on ${wins}/${rs.length} problems (target ≥ 7 of 9), worst ratio ${fmt(Math.max(...rs))} (target ≤ 1.25)`,
    );
  }

  const timeRows = problems.map((p) => [
    p.name,
    ...samplers.map((s) => {
      const g = ours(p.name, s);
      return `${median(g.map((r) => r.time_ask_suggest_s)).toFixed(4)} / ${median(g.map((r) => r.time_tell_s)).toFixed(4)}`;
    }),
    ...refCols.map((s) => {
      const g = ref.get(`${p.name}/${s}`) ?? [];
      return `${median(g.map((r) => r.time_ask_suggest_s)).toFixed(2)} / ${median(g.map((r) => r.time_tell_s)).toFixed(2)}`;
    }),
  ]);
  console.log('\n### Framework time per run, median seconds: ask(+suggest) / tell (objective excluded)\n');
  console.log(
    markdownTable(
      ['problem', ...samplers.map((s) => `rxhpo ${s}`), ...refCols.map((s) => `Optuna ${s} (reference file)`)],
      timeRows,
    ),
  );
  console.log(`\n${runs.length} runs written to ${args.out}`);
};

runCli(main);
