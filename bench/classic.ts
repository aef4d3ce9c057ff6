/**
 * The classic experiments of Yang & Shami 2020 (RF, SVM and KNN tuned on digits and Boston housing),
 * reproduced with rxhpo's samplers on JavaScript learners:
 *
 *   npm run bench:classic -- --data FILE.csv --target COLUMN --task classification|regression \
 *     --models rf,svm,knn --methods default,grid,random,gp,tpe,hyperband,bohb,cmaes,cfo,blendsearch \
 *     --seeds 0-4 --out FILE.json
 *
 * Protocol (the paper's): 3-fold cross-validation on the whole data (stratified and unshuffled for
 * classifiers, as scikit-learn's cross_val_score), no preprocessing, accuracy or MSE; at most 50
 * evaluations for RF and SVM, 10 for KNN; one sequential study per (model, method, seed). Hyperband uses
 * the folds as its fidelity. Writes `{ meta, runs: [{ model, method, seed, best, seconds, evaluations }] }`
 * (`best`: best cross-validated accuracy 0-1 or MSE; `seconds`: the run's wall time; `cpu_seconds` and
 * `fit_seconds` besides) and prints per model x method the median best and median seconds next to the
 * paper's numbers. Methods not in this build are listed and skipped.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, pipe, tap } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { Budget, TrialEvent } from '../lib/trialEvent.js';
import { sampleWith } from '../operators/sampleWith.js';
import { study } from '../operators/study.js';
import { toResult } from '../operators/toResult.js';
import { trainWith } from '../operators/trainWith.js';
import { loadCsv } from '../adapters/node/loadCsv.js';
import type { Dataset } from '../adapters/node/loadCsv.js';
import type { Learner, Task } from '../adapters/learners/learner.js';
import { knn } from '../adapters/learners/knn.js';
import { randomForest } from '../adapters/learners/randomForest.js';
import { svm } from '../adapters/learners/svm.js';
import { learnerTrainer, taskObjective } from '../adapters/learners/learnerTrainer.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import {
  classicMethodAvailable,
  classicMethodNames,
  describeClassicMethod,
  makeClassicMethod,
} from './classicMethods.js';
import { classicTableMarkdown } from './classicTable.js';
import { parseSeeds } from './parseSeeds.js';
import { runCli } from './runCli.js';

const MODELS: Readonly<Record<string, Learner>> = { rf: randomForest, svm, knn };
const EVALUATIONS: Readonly<Record<string, number>> = { rf: 50, svm: 50, knn: 10 };
const FOLDS = 3;

/** One run: a model tuned by a method with a seed. */
export interface ClassicRun {
  readonly model: string;
  readonly method: string;
  readonly seed: number;
  /** Best cross-validated accuracy (0-1) or MSE over the configs that ran every fold. */
  readonly best: number;
  /** Wall seconds of the whole run (cross-validation included). */
  readonly seconds: number;
  /** Configs evaluated (trials started). */
  readonly evaluations: number;
  /** CPU seconds of the process during the run (the machine is shared: this is the fairer time). */
  readonly cpu_seconds: number;
  /** Wall seconds spent inside the learners' fits. */
  readonly fit_seconds: number;
  /** Process CPU seconds during the learners' fits (the fairer cost on a loaded machine). */
  readonly fit_cpu_seconds: number;
  /** Fold fits done (Hyperband stops configs early, so fewer than evaluations x folds). */
  readonly fold_fits: number;
  /**
   * Each improvement of `best`, with the total fit seconds spent when it was seen: what cost-frugality
   * is measured from (the fit seconds a method needs to reach another's best).
   */
  readonly trace: ReadonlyArray<{
    readonly fit_seconds: number;
    readonly fit_cpu_seconds: number;
    readonly best: number;
  }>;
  /** The best config. */
  readonly config: Config | undefined;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** What a caller may change in a run: the budget (say, a cost budget instead of the evaluation count). */
export interface ClassicRunOverride {
  readonly budget?: Budget;
}

/**
 * One run of `method` tuning `model` on `data` with `seed`, as the table's runs are made.
 *
 * @example
 * ```ts
 * const run = await runOne(data, 'classification', 'rf', 'cfo', 0, { budget: { cost: { total: 60, metric: 'fit_cpu_seconds' } } });
 * ```
 */
export const runOne = async (
  data: Dataset,
  task: Task,
  model: string,
  method: string,
  seed: number,
  override: ClassicRunOverride = {},
): Promise<ClassicRun> => {
  const learner = MODELS[model] as Learner;
  const space = learner.space(task, data);
  const evaluations = EVALUATIONS[model] as number;
  const defaults = learner.defaults(task, data);
  // CFO's lowCostInit names only the cost-related parameters, as FLAML's low_cost_partial_config: the
  // ones the learner's cheap config sets apart from its defaults (rf: n_estimators, max_depth,
  // min_samples_split). Naming the others too would pin BlendSearch's global searcher to them.
  const cheap = learner.lowCost?.(task, data);
  const lowCost = cheap && Object.fromEntries(Object.entries(cheap).filter(([k, v]) => defaults[k] !== v));
  const setup = makeClassicMethod(method, {
    model,
    task,
    space,
    defaults,
    evaluations,
    folds: FOLDS,
    features: data.features.length,
    ...(lowCost && Object.keys(lowCost).length > 0 ? { lowCost } : {}),
  });
  const objective = taskObjective(task);
  const trainer = learnerTrainer(learner, data, { task, folds: FOLDS });
  let best: number | undefined;
  let config: Config | undefined;
  let fitSeconds = 0;
  let fitCpuSeconds = 0;
  let foldFits = 0;
  const trace: { fit_seconds: number; fit_cpu_seconds: number; best: number }[] = [];
  const lastFit = new Map<string, number>();
  const lastCpu = new Map<string, number>();
  const configs = new Map<string, Config>();
  const cpu0 = cpuNow();
  const t0 = performance.now();
  const result = await lastValueFrom(
    study(
      { space, objective, seed, budget: override.budget ?? setup.budget, failFast: false },
      setup.scheduler
        ? pipe(sampleWith(setup.source), trainWith(trainer), setup.scheduler)
        : pipe(sampleWith(setup.source), trainWith(trainer)),
    ).pipe(
      tap((e: TrialEvent<Config>) => {
        if (e._tag === 'TrialStarted') configs.set(e.trial.id, e.trial.config);
        if (e._tag !== 'TrialReported') return;
        foldFits += 1;
        const fit = e.report.metrics['fit_seconds'] ?? 0;
        fitSeconds += fit - (lastFit.get(e.trialId) ?? 0);
        lastFit.set(e.trialId, fit);
        const cpu = e.report.metrics['fit_cpu_seconds'] ?? 0;
        fitCpuSeconds += cpu - (lastCpu.get(e.trialId) ?? 0);
        lastCpu.set(e.trialId, cpu);
        const v = e.report.metrics[objective.metric];
        if (e.report.step !== FOLDS || v === undefined) return;
        if (best === undefined || (objective.mode === 'max' ? v > best : v < best)) {
          best = v;
          config = configs.get(e.trialId);
          trace.push({ fit_seconds: fitSeconds, fit_cpu_seconds: fitCpuSeconds, best: v });
        }
      }),
      toResult<Config>(),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (best === undefined)
    throw new Error(
      `${model} ${method} seed ${seed}: no config finished its cross-validation (${JSON.stringify(result.counts)})`,
    );
  return {
    model,
    method,
    seed,
    best,
    seconds,
    evaluations: result.trials.length,
    cpu_seconds: cpuNow() - cpu0,
    fit_seconds: fitSeconds,
    fit_cpu_seconds: fitCpuSeconds,
    fold_fits: foldFits,
    trace,
    config,
  };
};

const list = (text: string, known: ReadonlyArray<string>, flag: string): string[] => {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = items.filter((s) => !known.includes(s));
  if (bad.length > 0 || items.length === 0)
    throw new Error(`${flag}: unknown ${bad.join(', ')} (known: ${known.join(', ')})`);
  return items;
};

/** The flags that name the data of a classic run (`--data`, `--target`, `--task`), with their defaults. */
export const classicDataFlags = {
  data: { type: 'string', default: resolve(repoRoot, 'datasets/digits.csv') },
  target: { type: 'string', default: 'target' },
  task: { type: 'string', default: 'classification' },
} as const;

/**
 * The data set and task those flags name, or a clear error for a task that is neither.
 *
 * @example
 * ```ts
 * const { data, task } = classicData({ data: 'datasets/digits.csv', target: 'target', task: 'classification' });
 * ```
 */
export const classicData = (args: { data: string; target: string; task: string }): { data: Dataset; task: Task } => {
  const task = args.task;
  if (task !== 'classification' && task !== 'regression')
    throw new Error(`--task must be classification or regression, got ${JSON.stringify(task)}`);
  return { data: loadCsv(args.data, { target: args.target }), task };
};

const main = async (): Promise<void> => {
  const { values: args } = parseArgs({
    options: {
      ...classicDataFlags,
      models: { type: 'string', default: 'rf,svm,knn' },
      methods: { type: 'string', default: classicMethodNames.join(',') },
      seeds: { type: 'string', default: '0-4' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/rxhpo-classic.json') },
    },
  });
  const { data, task } = classicData(args);
  const models = list(args.models, Object.keys(MODELS), '--models');
  const asked = list(args.methods, classicMethodNames, '--methods');
  const methods = asked.filter(classicMethodAvailable);
  const missing = asked.filter((m) => !classicMethodAvailable(m));
  if (missing.length > 0) console.error(`not available in this build, skipped: ${missing.join(', ')}`);
  const seeds = parseSeeds(args.seeds);
  const meta = {
    ...benchMeta(),
    description: 'Yang & Shami 2020 classic HPO experiments with rxhpo samplers on JavaScript learners',
    data: args.data,
    target: args.target,
    task,
    rows: data.x.length,
    features: data.features.length,
    models: Object.fromEntries(
      models.map((m) => [
        m,
        { evaluations: EVALUATIONS[m], space: Object.keys((MODELS[m] as Learner).space(task, data)) },
      ]),
    ),
    methods: Object.fromEntries(methods.map((m) => [m, describeClassicMethod(m)])),
    not_available: missing,
    seeds,
    protocol: `${FOLDS}-fold cross-validation on the whole data (${task === 'classification' ? 'stratified, ' : ''}unshuffled), no preprocessing; best = ${taskObjective(task).metric} of the best config that ran every fold; default runs once (seed ${seeds[0] ?? 0})`,
    timing:
      'seconds = wall time of the run; cpu_seconds = process CPU time during it; fit_seconds = wall time inside the fits; fit_cpu_seconds = process CPU time inside the fits',
  };
  const runs: ClassicRun[] = [];
  // Written after every run, so a long bench cut short keeps what it measured.
  const save = (): void => {
    mkdirSync(dirname(resolve(args.out)), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify({ meta, runs }, null, 2)}\n`);
  };
  const t0 = performance.now();
  for (const model of models)
    for (const method of methods)
      for (const seed of method === 'default' ? [seeds[0] ?? 0] : seeds) {
        const r = await runOne(data, task, model, method, seed);
        runs.push(r);
        save();
        console.error(
          `[${((performance.now() - t0) / 1e3).toFixed(0)}s] ${model.padEnd(4)} ${method.padEnd(10)} seed ${seed}: best ${r.best.toFixed(4)}  ${r.seconds.toFixed(1)} s (cpu ${r.cpu_seconds.toFixed(1)} s, ${r.evaluations} configs, ${r.fold_fits} fold fits)`,
        );
      }
  console.error(`wrote ${args.out}`);

  console.log(classicTableMarkdown(runs, args.data, task));
};

// Only as a script: classicCostRace.ts imports runOne.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runCli(main);
