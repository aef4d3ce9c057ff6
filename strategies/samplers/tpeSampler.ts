import type { Config } from '../../lib/config.js';
import type { Choice, Distribution } from '../../lib/distribution.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { RngState } from '../../lib/rng.js';
import { withRng } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import type { StudyState } from '../../lib/studyState.js';
import { activeIn, randomConfig, randomValue } from '../randomConfig.js';
import type { SobolScramble } from './qmc/sobolPoint.js';
import { sobolScramble } from './qmc/sobolPoint.js';
import type { HaltonScramble } from './qmc/haltonPoint.js';
import { haltonScramble } from './qmc/haltonPoint.js';
import { SOBOL_MAX_DIM } from './qmc/sobolDirections.js';
import { configFromUnit, qmcPoint } from './qmcSampler.js';
import type { ParzenOptions } from './tpe/parzenEstimator.js';
import { bestCandidate, fitParzen, sampleParzen, tpeDim, tpeExternal } from './tpe/parzenEstimator.js';
import { TpeHistory } from './tpe/tpeHistory.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { Objective } from '../../lib/objective.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import type { WarmObservation, WarmStartSource } from '../models/warmStart.js';
import { warmObservations, warmStartProblems } from '../models/warmStart.js';
import { tpeGamma } from './tpe/tpeGamma.js';
import { tpeWeights } from './tpe/tpeWeights.js';

/** Options of {@link tpeSampler}. Defaults follow Optuna 5 (see {@link DEFAULT_TPE_OPTIONS}). */
export interface TpeOptions {
  /** Finished trials (completed, stopped, paused) before the model is used. Default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per ask. Default 24. */
  readonly nEiCandidates?: number;
  /** The design before the model starts: independent random draws (Optuna) or scrambled Sobol' or Halton points. */
  readonly startup?: 'random' | 'sobol' | 'halton';
  /** One joint model over the parameters seen together (Optuna 5) instead of one per parameter (4.x). Default true. */
  readonly multivariate?: boolean;
  /**
   * Multivariate only: model each group of parameters that always co-occur (conditional branches) jointly,
   * instead of only the parameters every trial has (the others then get a per-parameter model). Default
   * true, unlike Optuna (false): on spaces without branches the two are identical.
   */
  readonly group?: boolean;
  /** Put running trials into the "bad" set so parallel asks spread out. Default true (Optuna 5). */
  readonly constantLiar?: boolean;
  /** Weight of the prior component. Default 1. */
  readonly priorWeight?: number;
  /** Floor bandwidths at range / min(100, m + 2). Default true. */
  readonly considerMagicClip?: boolean;
  /** Let the extreme kernels widen to the bounds. Default false. */
  readonly considerEndpoints?: boolean;
  /**
   * Optuna ≤ 4.8 bandwidths, for parity runs: univariate puts the prior mean among the neighbours,
   * multivariate uses the Scott-like 0.2·m^(−1/(d+4))·range. Default false (Optuna ≥ 4.9 neighbour rule).
   */
  readonly optunaV4Bandwidth?: boolean;
  /**
   * Reproduce Optuna < 3.5's continuous kernel density, which omitted −log σ (optuna#5109), for parity
   * runs against baselines measured with those versions (such as Optuna 3.1). Default false.
   */
  readonly optuna3Density?: boolean;
  /** Size of the good set for n finished trials. Default {@link tpeGamma}: min(⌈0.1n⌉, 25). */
  readonly gamma?: (n: number) => number;
  /** Mixture weights of m observations in trial order. Default {@link tpeWeights}. */
  readonly weights?: (m: number) => ArrayLike<number>;
  /**
   * Another study's events (`readJournal(path).events`, `fromOptunaStudy(study).events`) to learn from:
   * its finished trials that fit this study's space become observations before this study's own trials
   * (see {@link warmObservations}), and count towards `nStartupTrials`. `{ events, metric }` accepts a
   * source whose objective metric has another name. Default: none (a cold start).
   */
  readonly warmStart?: ReadonlyArray<TrialEvent> | WarmStartSource;
}

/** The defaults of {@link tpeSampler} (Optuna 5.0 single-objective). */
export const DEFAULT_TPE_OPTIONS = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  startup: 'random',
  multivariate: true,
  group: true,
  constantLiar: true,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  optunaV4Bandwidth: false,
  optuna3Density: false,
} as const;

/**
 * State of the TPE sampler: its RNG, the number of startup configs produced (the Sobol' index), the
 * startup scramble, and — not enumerable, so it never lands in a JSON snapshot — the incremental history
 * index, a cache of the study log that is rebuilt from the log whenever it is missing or out of step.
 */
export interface TpeState {
  readonly rng: RngState;
  readonly startupIndex: number;
  readonly scramble?: SobolScramble | HaltonScramble;
  readonly history?: TpeHistory;
}

const isCount = (x: unknown, min: number): boolean => Number.isInteger(x) && (x as number) >= min;

const singleValue = (d: Distribution): number | Choice | undefined => {
  if (d._tag === 'Categorical') return d.choices.length === 1 ? d.choices[0] : undefined;
  return d.low === d.high ? d.low : undefined;
};

const stateOf = (
  rng: RngState,
  startupIndex: number,
  scramble: SobolScramble | HaltonScramble | undefined,
  history: TpeHistory | undefined,
): TpeState => {
  const s: TpeState = scramble === undefined ? { rng, startupIndex } : { rng, startupIndex, scramble };
  return history === undefined ? s : Object.defineProperty(s, 'history', { value: history, enumerable: false });
};

/**
 * Tree-structured Parzen Estimator with Optuna's exact rules (ALGORITHMS.md §3.2, Optuna 5 defaults:
 * multivariate, constant liar). After `nStartupTrials` finished trials, each ask splits the history into
 * a good set (the best min(⌈0.1n⌉, 25) completed trials, topped up with pruned/paused trials ranked by the
 * furthest step they reached, then their score) and the rest (plus running trials: the constant liar),
 * fits a Parzen mixture to each — truncated-normal kernels with neighbour bandwidths, a prior component,
 * the magic-clip floor, per-cell masses for ints and steps, smoothed categorical kernels — draws 24
 * candidates from the good density l(x) and returns the one maximising log l(x) − log g(x). Failed trials
 * are ignored. Conditional parameters: the split uses all trials, then each group of parameters that
 * always co-occur is modelled on the trials that have it (nothing is imputed); parameters seen in no
 * finished trial yet fall back to a per-parameter model.
 *
 * Each ask costs O(n·d) (plus 24 candidates × n kernels): the history is kept incrementally from
 * `study.log.since(cursor)`, sorted indexes included, so no ask re-sorts the whole history.
 *
 * @example
 * ```ts
 * study({ space, objective, budget: { trials: 100 } }, pipe(sampleWith(tpeSampler()), trainWith(trainer)));
 * const s = askTell({ space, objective, sampler: tpeSampler({ multivariate: false }), seed: 1 });
 * ```
 * @throws InvalidOptionsError naming any bad option and its value.
 */
export const tpeSampler = (options: TpeOptions = {}): Sampler<TpeState> => {
  const o = { ...DEFAULT_TPE_OPTIONS, ...options };
  const p: string[] = unknownOptionProblems(options, [
    ...Object.keys(DEFAULT_TPE_OPTIONS),
    'gamma',
    'weights',
    'warmStart',
  ]);
  if (!isCount(o.nStartupTrials, 0)) p.push(`nStartupTrials must be an integer >= 0, got ${show(o.nStartupTrials)}`);
  if (!isCount(o.nEiCandidates, 1)) p.push(`nEiCandidates must be an integer >= 1, got ${show(o.nEiCandidates)}`);
  if (o.startup !== 'random' && o.startup !== 'sobol' && o.startup !== 'halton')
    p.push(`startup must be 'random', 'sobol' or 'halton', got ${show(o.startup)}`);
  for (const k of [
    'multivariate',
    'group',
    'constantLiar',
    'considerMagicClip',
    'considerEndpoints',
    'optunaV4Bandwidth',
  ] as const)
    if (typeof o[k] !== 'boolean') p.push(`${k} must be a boolean, got ${show(o[k])}`);
  if (typeof o.priorWeight !== 'number' || !Number.isFinite(o.priorWeight) || o.priorWeight <= 0)
    p.push(`priorWeight must be a finite number > 0, got ${show(o.priorWeight)}`);
  if (options.gamma !== undefined && typeof options.gamma !== 'function')
    p.push(`gamma must be a function (n) => number, got ${show(options.gamma)}`);
  if (options.weights !== undefined && typeof options.weights !== 'function')
    p.push(`weights must be a function (m) => number[], got ${show(options.weights)}`);
  if (options.warmStart !== undefined) p.push(...warmStartProblems(options.warmStart));
  if (p.length > 0) throw new InvalidOptionsError('tpeSampler options', p);

  // The warm observations for a space and objective, computed at the first ask (the objective is not
  // known before) and kept here, not in the state, which stays JSON data.
  let warmCache: { space: SearchSpace; objective: Objective; obs: ReadonlyArray<WarmObservation> } | undefined;
  const warmFor = (study: StudyState): ReadonlyArray<WarmObservation> | undefined => {
    if (options.warmStart === undefined) return undefined;
    const { space, objective } = study;
    if (
      warmCache?.space !== space ||
      warmCache.objective.metric !== objective.metric ||
      warmCache.objective.mode !== objective.mode
    )
      warmCache = { space, objective, obs: warmObservations(options.warmStart, { space, objective }) };
    return warmCache.obs;
  };

  const gamma = options.gamma ?? tpeGamma;
  const weightsOf = options.weights ?? tpeWeights;
  // One weights array per m, reused by every dimension and group of an ask (the estimator memoises its
  // normalisation and logs on the array).
  const recent = new Map<number, ArrayLike<number>>();
  const weights = (m: number): ArrayLike<number> => {
    let w = recent.get(m);
    if (w === undefined) {
      w = weightsOf(m);
      if (recent.size >= 8) recent.delete(recent.keys().next().value as number);
      recent.set(m, w);
    }
    return w;
  };
  const parzen: ParzenOptions = {
    priorWeight: o.priorWeight,
    considerMagicClip: o.considerMagicClip,
    considerEndpoints: o.considerEndpoints,
    bandwidth: o.optunaV4Bandwidth ? (o.multivariate ? 'scott' : 'priorNeighbours') : 'neighbours',
    optuna3Density: o.optuna3Density,
  };

  const model = (
    h: TpeHistory,
    params: ReadonlyArray<ParamSpec>,
    ps: ReadonlyArray<number>,
    below: ReadonlyArray<number>,
    running: ReadonlyArray<number>,
    next: () => number,
  ): Map<number, number> => {
    const dims = ps.map((q) => tpeDim((params[q] as ParamSpec).distribution));
    const good = h.observationsOf(ps, below);
    const bad = h.aboveOf(ps, running);
    const l = fitParzen(dims, good.values, weights(good.count), parzen, undefined, h.arena);
    const g = fitParzen(dims, bad.values, weights(bad.count), parzen, bad.orders, h.arena);
    const n = o.nEiCandidates;
    const cands = sampleParzen(l, n, next);
    const best = bestCandidate(l, g, cands, n);
    return new Map(ps.map((q, j) => [q, (cands[j] as Float64Array)[best] as number]));
  };

  const modelConfig = (h: TpeHistory, study: StudyState, next: () => number): Config => {
    const params = h.params;
    h.arena.reset();
    const below = h.markBelow(gamma(h.finished));
    try {
      const running = o.constantLiar ? h.runningSlots(study.running) : [];
      const free = (q: number): boolean => singleValue((params[q] as ParamSpec).distribution) === undefined;
      let groups: number[][] = [];
      if (o.multivariate)
        groups = o.group
          ? h.groups.map((g) => g.filter(free))
          : [params.map((_, q) => q).filter((q) => free(q) && h.present[q] === h.finished)];
      const groupOf = new Map<number, number>();
      groups.forEach((g, gi) => g.forEach((q) => groupOf.set(q, gi)));
      const sampled = new Map<number, Map<number, number>>();
      const out: Record<string, number | Choice> = {};
      params.forEach((spec, q) => {
        if (!activeIn(spec, out)) return;
        const single = singleValue(spec.distribution);
        if (single !== undefined) {
          out[spec.name] = single;
          return;
        }
        let x: number | undefined;
        const gi = groupOf.get(q);
        if (gi !== undefined) {
          // Groups are sampled lazily, when their first active parameter comes up (parents come first).
          let vals = sampled.get(gi);
          if (!vals) {
            vals = model(h, params, groups[gi] as number[], below, running, next);
            sampled.set(gi, vals);
          }
          x = vals.get(q);
        }
        x ??= model(h, params, [q], below, running, next).get(q) as number;
        const v = tpeExternal(spec.distribution, x);
        // Where the model cannot be evaluated in float64 (bounds near ±MAX_VALUE, a range narrower than the
        // model's arithmetic resolves), it yields NaN: that parameter is drawn from its prior instead.
        out[spec.name] = v === undefined || Number.isNaN(v) ? randomValue(spec.distribution, next) : v;
      });
      return out;
    } finally {
      h.unmarkBelow(below);
    }
  };

  return {
    name: 'tpe',
    init: (space, rng) => {
      const dim = flattenSpace(space).length;
      const startup = o.startup;
      if (startup === 'random') return stateOf(rng, 0, undefined, undefined);
      if (startup === 'sobol' && dim > SOBOL_MAX_DIM)
        throw new InvalidOptionsError('tpeSampler', [
          `startup 'sobol' supports at most ${SOBOL_MAX_DIM} parameters, the space has ${dim} (use 'halton')`,
        ]);
      const [scramble, rng2] = withRng(rng, (next) =>
        startup === 'sobol' ? sobolScramble(dim, next) : haltonScramble(dim, next),
      );
      return stateOf(rng2, 0, scramble, undefined);
    },
    ask: (state, study) => {
      const params = flattenSpace(study.space);
      const h = TpeHistory.sync(state.history, params, study, warmFor(study));
      if (h.finished < o.nStartupTrials) {
        if (o.startup !== 'random') {
          const u = qmcPoint(state.startupIndex, params.length, o.startup, state.scramble);
          return [configFromUnit(params, u), stateOf(state.rng, state.startupIndex + 1, state.scramble, h)];
        }
        const [config, rng] = withRng(state.rng, (next) => randomConfig(study.space, next));
        return [config, stateOf(rng, state.startupIndex + 1, state.scramble, h)];
      }
      const [config, rng] = withRng(state.rng, (next) => modelConfig(h, study, next));
      return [config, stateOf(rng, state.startupIndex, state.scramble, h)];
    },
  };
};
