import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { Objective } from '../../lib/objective.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec, SearchSpace } from '../../lib/searchSpace.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import type { StudyState } from '../../lib/studyState.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { NumericDistribution } from '../../lib/unitTransform.js';
import type { WarmStartSource } from '../models/warmStart.js';
import { warmObservations, warmStartProblems, warmStartSource } from '../models/warmStart.js';
import { randomSampler } from './randomSampler.js';
import { defaultPopulation } from './cmaes/cmaConstants.js';
import { cmaDraw } from './cmaes/cmaDraw.js';
import type { CmaRestartKind, CmaRestarts } from './cmaes/cmaRestart.js';
import { cmaRestart, cmaRestarts } from './cmaes/cmaRestart.js';
import type { CmaRun } from './cmaes/cmaRun.js';
import { cmaRun } from './cmaes/cmaRun.js';
import { CMA_TOLERANCES, cmaStopReason } from './cmaes/cmaStop.js';
import { cmaUpdate } from './cmaes/cmaUpdate.js';
import { cmaWarmStart } from './cmaes/cmaWarmStart.js';
import { esDims, esUnit, marginStep } from './cmaes/cmaSpace.js';
import type { EsState } from './cmaes/esDriver.js';
import { esDriver } from './cmaes/esDriver.js';

/** Options of {@link cmaesSampler}. Defaults follow Optuna's `CmaEsSampler` (see {@link DEFAULT_CMAES_OPTIONS}). */
export interface CmaesOptions {
  /** Population λ. Default 4 + ⌊3 ln n⌋ for n searched parameters. */
  readonly populationSize?: number;
  /** Initial step size in the [0, 1] coordinates (a fraction of each parameter's range). Default 1/6. */
  readonly sigma0?: number;
  /** Initial mean as parameter values (searched parameters only; others default to the centre). Default: the centre. */
  readonly x0?: Readonly<Record<string, number>>;
  /** sep-CMA-ES: a diagonal covariance, O(n) per sample instead of O(n²), for many parameters. Default false. */
  readonly sep?: boolean;
  /** CMA-ES with margin: keeps integer and stepped parameters from sticking to one value. Default false. */
  readonly withMargin?: boolean;
  /** Restart on the reference's termination criteria: IPOP (λ doubles) or BIPOP. Default: no restarts. */
  readonly restart?: CmaRestartKind;
  /**
   * Restart when the best and worst values of the last 10 + ⌈30n/λ⌉ generations lie within this. Default
   * 1e-12 (the reference's). A looser value (like pycma's `tolfun` option) makes restarts happen sooner;
   * only read with `restart`. Example: `cmaesSampler({ restart: 'ipop', tolFun: 1e-6 })`.
   */
  readonly tolFun?: number;
  /**
   * Restart when every σ·C_jj and σ·p_c,j is below tolX·σ₀. Default 1e-12 (the reference's); only read
   * with `restart`. Example: `cmaesSampler({ restart: 'bipop', tolX: 1e-6 })`.
   */
  readonly tolX?: number;
  /** Completed trials drawn by the independent sampler before CMA-ES starts. Default 1 (Optuna). */
  readonly nStartupTrials?: number;
  /** Count stopped (pruned) trials at their last score. Default false (Optuna). */
  readonly considerPrunedTrials?: boolean;
  /** Draws categoricals, conditional parameters and the startup trials. Default `randomSampler()`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly independentSampler?: Sampler<any>;
  /**
   * WS-CMA-ES: a previous study's events (`readJournal(path).events`) on a similar task, over the same
   * searched parameters; its best 10 % of completed trials set the initial mean, σ and covariance.
   * Not with `sep`, `withMargin`, `x0` or `sigma0`.
   */
  readonly warmStartFrom?: ReadonlyArray<TrialEvent> | WarmStartSource;
}

/** The defaults of {@link cmaesSampler}. */
export const DEFAULT_CMAES_OPTIONS = {
  sigma0: 1 / 6,
  sep: false,
  withMargin: false,
  nStartupTrials: 1,
  considerPrunedTrials: false,
} as const;

/** A CMA-ES run and, with a restart strategy, its restart bookkeeping. */
export interface CmaesRun {
  readonly cma: CmaRun;
  readonly restarts?: CmaRestarts;
}

/** State of {@link cmaesSampler}: plain JSON (the journal replays it). */
export type CmaesState = EsState<CmaesRun>;

const KNOWN = [
  'populationSize',
  'sigma0',
  'x0',
  'sep',
  'withMargin',
  'restart',
  'tolFun',
  'tolX',
  'nStartupTrials',
  'considerPrunedTrials',
  'independentSampler',
  'warmStartFrom',
];

const isSampler = (s: unknown): boolean =>
  typeof s === 'object' &&
  s !== null &&
  typeof (s as { init?: unknown }).init === 'function' &&
  typeof (s as { ask?: unknown }).ask === 'function';

const sameParams = (a: ReadonlyArray<ParamSpec>, b: ReadonlyArray<ParamSpec>): boolean =>
  a.length === b.length &&
  a.every((p, i) => {
    const q = b[i] as ParamSpec;
    return p.name === q.name && JSON.stringify(p.distribution) === JSON.stringify(q.distribution);
  });

/**
 * CMA-ES (Hansen's defaults as CyberAgentAILab/cmaes and Optuna's `CmaEsSampler` use them,
 * ALGORITHMS.md §5): samples N(m, σ²C) over the floats and ints every trial has, mapped to [0, 1]
 * (log scale where the parameter is log, ints widened by half a step), starting at the centre with
 * σ₀ = 1/6; ranks each generation of λ completed trials, moves the mean to the weighted best half,
 * adapts σ by the evolution-path length and C by rank-one and rank-μ updates with negative weights;
 * eigendecomposes C only when due. Candidates outside the box are redrawn (up to 10n times), then clipped.
 *
 * Variants: `sep` (diagonal C), `withMargin` (integer and stepped parameters, Hamano et al.), `restart:
 * 'ipop' | 'bipop'` (a new run with a random mean when the reference's termination criteria hold), and
 * `warmStartFrom` (WS-CMA-ES from a previous study's journal).
 *
 * What goes where: CMA-ES searches the floats and ints without a condition whose range has more than one
 * value; categoricals and conditional parameters come from `independentSampler` on every trial, and every
 * parameter does while fewer than two qualify, and for the first `nStartupTrials` completed trials.
 * Parallel use: trials are tagged with their generation; a generation is told when λ of its trials have
 * completed (the first λ by trial number); failed trials (and stopped ones unless `considerPrunedTrials`)
 * never count — the generation asks more trials instead — and trials still running when it is told are
 * not used. Deterministic for the same events in the same order.
 *
 * @example
 * ```ts
 * const s = askTell({ space, objective, sampler: cmaesSampler({ restart: 'ipop' }), seed: 1 });
 * study({ space, objective, budget: { trials: 500 } }, pipe(sampleWith(cmaesSampler({ sep: true })), trainWith(trainer)));
 * ```
 * @throws InvalidOptionsError naming any bad option and its value (at `init`: an `x0` outside the space,
 * a warm-start source over other parameters).
 */
export const cmaesSampler = (options: CmaesOptions = {}): Sampler<CmaesState> => {
  const o = { ...DEFAULT_CMAES_OPTIONS, ...options };
  const p: string[] = unknownOptionProblems(options, KNOWN);
  const lambdaOpt = options.populationSize;
  if (lambdaOpt !== undefined && !(Number.isInteger(lambdaOpt) && lambdaOpt >= 2))
    p.push(`populationSize must be an integer >= 2, got ${show(lambdaOpt)}`);
  if (typeof o.sigma0 !== 'number' || !Number.isFinite(o.sigma0) || o.sigma0 <= 0)
    p.push(`sigma0 must be a finite number > 0 (a fraction of each parameter's range), got ${show(o.sigma0)}`);
  for (const k of ['sep', 'withMargin', 'considerPrunedTrials'] as const)
    if (typeof o[k] !== 'boolean') p.push(`${k} must be a boolean, got ${show(o[k])}`);
  if (!(Number.isInteger(o.nStartupTrials) && o.nStartupTrials >= 0))
    p.push(`nStartupTrials must be an integer >= 0, got ${show(o.nStartupTrials)}`);
  if (options.restart !== undefined && options.restart !== 'ipop' && options.restart !== 'bipop')
    p.push(`restart must be 'ipop' or 'bipop', got ${show(options.restart)}`);
  for (const k of ['tolFun', 'tolX'] as const) {
    const v = options[k];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      p.push(`${k} must be a finite number >= 0, got ${show(v)}`);
  }
  if (options.independentSampler !== undefined && !isSampler(options.independentSampler))
    p.push(
      `independentSampler must be a sampler (randomSampler(), tpeSampler(), ...), got ${show(options.independentSampler)}`,
    );
  if (options.x0 !== undefined && (typeof options.x0 !== 'object' || options.x0 === null || Array.isArray(options.x0)))
    p.push(`x0 must be an object of parameter values, got ${show(options.x0)}`);
  if (o.sep === true && o.withMargin === true) p.push('sep and withMargin cannot be combined');
  if (options.warmStartFrom !== undefined) {
    p.push(...warmStartProblems(options.warmStartFrom).map((s) => s.replace(/^warmStart/, 'warmStartFrom')));
    const clash = (['sep', 'withMargin', 'x0', 'sigma0'] as const).filter(
      (k) => options[k] !== undefined && options[k] !== false,
    );
    if (clash.length > 0)
      p.push(`warmStartFrom sets the initial mean, σ and covariance: it cannot be combined with ${clash.join(', ')}`);
  }
  if (p.length > 0) throw new InvalidOptionsError('cmaesSampler options', p);

  const sigma0 = o.sigma0;
  const tolerances = {
    tolfun: options.tolFun ?? CMA_TOLERANCES.tolfun,
    tolxRelative: options.tolX ?? CMA_TOLERANCES.tolxRelative,
  };
  // The warm start's initial moments, per space and objective (computed at the first CMA ask: the
  // objective is not known before), kept out of the state.
  let warmCache: { space: SearchSpace; objective: Objective; init: ReturnType<typeof cmaWarmStart> } | undefined;
  const warmInit = (params: ReadonlyArray<ParamSpec>, dims: ReadonlyArray<number>, study: StudyState) => {
    const source = options.warmStartFrom;
    if (source === undefined) return undefined;
    const { space, objective } = study;
    if (warmCache?.space === space && warmCache.objective === objective) return warmCache.init;
    const obs = warmObservations(source, { space, objective }).filter(
      (w) => w.status === 'completed' || o.considerPrunedTrials,
    );
    if (obs.length === 0)
      throw new InvalidOptionsError('cmaesSampler', [
        'warmStartFrom: the source study has no completed trial that fits this space',
      ]);
    const xs = obs.map((w) =>
      dims.map((d) => {
        const spec = params[d] as ParamSpec;
        return esUnit(spec.distribution as NumericDistribution, w.config[spec.name] as number);
      }),
    );
    const init = cmaWarmStart(
      xs,
      obs.map((w) => -w.score),
    );
    warmCache = { space, objective, init };
    return init;
  };

  const strategy = {
    start: (params: ReadonlyArray<ParamSpec>, dims: ReadonlyArray<number>, study: StudyState): CmaesRun => {
      const n = dims.length;
      const lambda = lambdaOpt ?? defaultPopulation(n);
      const specs = dims.map((d) => params[d] as ParamSpec);
      const steps = o.withMargin ? specs.map((s) => marginStep(s.distribution as NumericDistribution)) : undefined;
      const warm = warmInit(params, dims, study);
      const x0 = options.x0;
      const mean =
        warm?.mean ??
        specs.map((s, j) =>
          x0 !== undefined && Object.hasOwn(x0, s.name)
            ? esUnit(s.distribution as NumericDistribution, x0[s.name] as number, steps?.[j] ?? 0)
            : 0.5,
        );
      const cma = cmaRun({
        mean,
        sigma: warm?.sigma ?? sigma0,
        lambda,
        sep: o.sep,
        ...(warm === undefined ? {} : { cov: warm.cov }),
        ...(steps === undefined ? {} : { steps }),
      });
      return options.restart === undefined ? { cma } : { cma, restarts: cmaRestarts(options.restart, lambda) };
    },
    lambda: (run: CmaesRun) => run.cma.lambda,
    update: (run: CmaesRun, sols: ReadonlyArray<{ x: ReadonlyArray<number>; f: number }>, next: () => number) => {
      const cma = cmaUpdate(run.cma, sols);
      if (run.restarts === undefined || cmaStopReason(cma, tolerances) === undefined) return { ...run, cma };
      const r = cmaRestart(run.restarts, cma, sigma0, next);
      const steps = cma.margin?.steps;
      return {
        cma: cmaRun({
          mean: r.mean,
          sigma: r.sigma,
          lambda: r.lambda,
          sep: cma.sep,
          ...(steps === undefined ? {} : { steps }),
        }),
        restarts: r.restarts,
      };
    },
    draw: (run: CmaesRun, next: () => number) => cmaDraw(run.cma, next, 10 * run.cma.n),
    steps: (run: CmaesRun) => run.cma.margin?.steps ?? [],
    tellDrawn: (run: CmaesRun) => run.cma.margin !== undefined,
  };

  const driver = esDriver(o.sep ? 'sep-cmaes' : 'cmaes', strategy, {
    nStartupTrials: o.nStartupTrials,
    considerPrunedTrials: o.considerPrunedTrials,
    independentSampler: options.independentSampler ?? randomSampler(),
  });

  return {
    ...driver,
    init: (space, rng) => {
      const params = flattenSpace(space);
      const dims = esDims(params);
      const names = new Set(dims.map((d) => (params[d] as ParamSpec).name));
      const q: string[] = [];
      for (const [k, v] of Object.entries(options.x0 ?? {})) {
        const spec = params.find((s) => s.name === k);
        if (spec === undefined || !names.has(k))
          q.push(
            `x0.${k}: ${spec === undefined ? 'not a parameter of the space' : 'not searched by CMA-ES (categorical, conditional or single-valued)'}; searched: ${[...names].join(', ')}`,
          );
        else {
          const d = spec.distribution as NumericDistribution;
          if (typeof v !== 'number' || !(v >= d.low && v <= d.high))
            q.push(`x0.${k} must be a number in [${d.low}, ${d.high}], got ${show(v)}`);
        }
      }
      if (options.warmStartFrom !== undefined) {
        const started = warmStartSource(options.warmStartFrom).events[0] as Extract<
          TrialEvent,
          { _tag: 'StudyStarted' }
        >;
        const from = flattenSpace(started.space);
        const pick = (ps: ReadonlyArray<ParamSpec>): ParamSpec[] => esDims(ps).map((d) => ps[d] as ParamSpec);
        if (!sameParams(pick(from), pick(params)))
          q.push(
            `warmStartFrom: the source study searched other parameters (${pick(from)
              .map((s) => s.name)
              .join(', ')}) than this one (${pick(params)
              .map((s) => s.name)
              .join(', ')}), or over other ranges; WS-CMA-ES needs the same space`,
          );
      }
      if (q.length > 0) throw new InvalidOptionsError('cmaesSampler', q);
      return driver.init(space, rng);
    },
  };
};
