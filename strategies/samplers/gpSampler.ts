import type { Config } from '../../lib/config.js';
import type { Choice, Distribution } from '../../lib/distribution.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { RngState } from '../../lib/rng.js';
import { rngFromSeed, withRng } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import type { StudyState } from '../../lib/studyState.js';
import { fromUnit, toUnit } from '../../lib/unitTransform.js';
import { ObservationView } from '../models/observationView.js';
import { fitGp } from '../models/gp/fitGp.js';
import { standardise } from '../models/gp/standardise.js';
import { gpPosterior } from '../models/gp/gpModel.js';
import { paramsFromRaw } from '../models/gp/gpPrior.js';
import { IncrementalGp } from '../models/gp/incrementalGp.js';
import { logEi } from '../models/gp/logEi.js';
import type { AcqDim } from '../models/gp/optimizeLogEi.js';
import { candidatePool, optimizeLogEi } from '../models/gp/optimizeLogEi.js';
import { activeIn, randomConfig, randomValue } from '../randomConfig.js';
import type { SobolScramble } from './qmc/sobolPoint.js';
import { sobolScramble } from './qmc/sobolPoint.js';
import { SOBOL_MAX_DIM } from './qmc/sobolDirections.js';
import { configFromUnit, qmcPoint } from './qmcSampler.js';

/**
 * Options of {@link gpSampler}. Defaults follow Optuna's `GPSampler` (see {@link DEFAULT_GP_OPTIONS}), with fewer
 * candidates in low dimensions, half its local searches and capped refits on a schedule, for a cheaper ask.
 */
export interface GpOptions {
  /** Completed trials before the GP is used. Default 10. */
  readonly nStartupTrials?: number;
  /** The design before the GP starts: scrambled Sobol' points (default) or independent random draws (Optuna). */
  readonly startup?: 'sobol' | 'random';
  /** The objective has no noise: pin the GP's noise variance at its minimum (1e-6). Default false. */
  readonly deterministic?: boolean;
  /**
   * Quasi-random candidates scored per ask before the local searches: `candidatesPerParam` per modelled
   * parameter, at most `candidates`. Default 2048 (Optuna's, reached from 8 parameters on).
   */
  readonly candidates?: number;
  /** See `candidates`. Default 256: 512 candidates for 2 parameters, 1536 for 6. */
  readonly candidatesPerParam?: number;
  /** Local searches of the acquisition per ask. Default 5 (Optuna: 10). */
  readonly localSearches?: number;
  /**
   * Refit the kernel hyper-parameters (MAP, from the previous fit, at most 10 quasi-Newton iterations: what
   * a refit leaves undone the next one continues) once the completed trials have grown
   * by this fraction since the last fit, and at least by one; in between, new trials join the GP with
   * the same hyper-parameters, at O(n² + n·candidates) per ask instead of O(n³ + n²·candidates). 0
   * refits at every ask, as Optuna. Default 0.05.
   */
  readonly refitGrowth?: number;
}

/** The defaults of {@link gpSampler}. */
export const DEFAULT_GP_OPTIONS = {
  nStartupTrials: 10,
  startup: 'sobol',
  deterministic: false,
  candidates: 2048,
  candidatesPerParam: 256,
  localSearches: 5,
  refitGrowth: 0.05,
} as const;

/**
 * State of the GP sampler: its RNG, the number of startup configs produced (the Sobol' index) and their
 * scramble, the last fit (which parameters it modelled and its raw hyper-parameters, the next fit's
 * start), and — not enumerable, so it never lands in a JSON snapshot — the incremental view of the trials.
 */
export interface GpState {
  readonly rng: RngState;
  readonly startupIndex: number;
  readonly scramble?: SobolScramble;
  readonly fit?: GpFitState;
  readonly view?: ObservationView;
}

/**
 * The last hyper-parameter fit: the modelled parameters (indices into the flattened space), the raw
 * hyper-parameters, the completed trials it saw, and the seed of its candidate pool.
 */
export interface GpFitState {
  readonly params: ReadonlyArray<number>;
  readonly raw: ReadonlyArray<number>;
  readonly n: number;
  readonly poolSeed: number;
}

// The conditioned GP of a fit, kept off the JSON state like the view; rebuilt (to the same numbers) when lost.
interface GpCache {
  readonly fit: GpFitState;
  readonly gp: IncrementalGp;
}

// Iteration cap of a refit started from the previous fit's hyper-parameters.
const WARM_REFIT_ITERATIONS = 10;

const isCount = (x: unknown, min: number): boolean => Number.isInteger(x) && (x as number) >= min;

const singleValue = (d: Distribution): number | Choice | undefined => {
  if (d._tag === 'Categorical') return d.choices.length === 1 ? d.choices[0] : undefined;
  return d.low === d.high ? d.low : undefined;
};

const stateOf = (s: Omit<GpState, 'view'>, view: ObservationView | undefined, cache: GpCache | undefined): GpState => {
  const out: Omit<GpState, 'view'> = {
    rng: s.rng,
    startupIndex: s.startupIndex,
    ...(s.scramble === undefined ? {} : { scramble: s.scramble }),
    ...(s.fit === undefined ? {} : { fit: s.fit }),
  };
  if (view !== undefined) Object.defineProperty(out, 'view', { value: view, enumerable: false });
  if (cache !== undefined) Object.defineProperty(out, 'cache', { value: cache, enumerable: false });
  return out;
};

const cacheOf = (s: GpState): GpCache | undefined => (s as { cache?: GpCache }).cache;

// The acquisition's view of one modelled parameter.
const acqDim = (d: Distribution): AcqDim => {
  if (d._tag === 'Categorical') return { _tag: 'Choice', count: d.choices.length };
  if (d._tag === 'Float' && d.step === undefined) return { _tag: 'Continuous' };
  const step = d.step ?? 1;
  const count = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  return {
    _tag: 'Grid',
    count,
    unitAt: (i) => toUnit(d, Math.min(d.high, d.low + i * step)),
    indexOf: (u) => Math.min(count - 1, Math.max(0, Math.round((fromUnit(d, u) - d.low) / step))),
  };
};

const sameList = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Gaussian-process Bayesian optimisation (Optuna's `GPSampler`, ALGORITHMS.md §4): after `nStartupTrials`
 * completed trials, each ask fits a GP with a Matérn-5/2 ARD kernel to the completed trials (inputs in
 * the unit space: log parameters on a log scale, ints and steps on their grid; categoricals compared by
 * equality; scores standardised), with Optuna's priors on length scales, kernel scale and noise, by MAP
 * with a bounded quasi-Newton optimiser started from the previous fit. It then maximises the log
 * expected improvement over the best score: 256 scrambled Sobol' candidates per parameter (at most
 * 2048), then local searches (L-BFGS over continuous coordinates, sweeps over discrete ones) from the best
 * of them.
 *
 * Running trials: the Kriging believer (Optuna 4.8–4.9): each running trial joins the GP as an
 * observation of its posterior mean (hyper-parameters not refitted), which shrinks the variance, hence
 * the improvement, around it, so parallel asks do not propose the same point. Conditional spaces: the GP
 * models the parameters every completed trial has; the others are drawn independently from their priors.
 * Pruned, stopped and failed trials are not observations. Each ask costs O(n³) in the completed trials.
 *
 * @example
 * ```ts
 * study({ space, objective, budget: { trials: 60 } }, pipe(sampleWith(gpSampler()), trainWith(trainer)));
 * const s = askTell({ space, objective, sampler: gpSampler({ deterministic: true }), seed: 1 });
 * ```
 * @throws InvalidOptionsError naming any bad option and its value.
 */
export const gpSampler = (options: GpOptions = {}): Sampler<GpState> => {
  const o = { ...DEFAULT_GP_OPTIONS, ...options };
  const p: string[] = unknownOptionProblems(options, Object.keys(DEFAULT_GP_OPTIONS));
  if (!isCount(o.nStartupTrials, 0)) p.push(`nStartupTrials must be an integer >= 0, got ${show(o.nStartupTrials)}`);
  if (o.startup !== 'sobol' && o.startup !== 'random')
    p.push(`startup must be 'sobol' or 'random', got ${show(o.startup)}`);
  if (typeof o.deterministic !== 'boolean') p.push(`deterministic must be a boolean, got ${show(o.deterministic)}`);
  if (!isCount(o.candidates, 1)) p.push(`candidates must be an integer >= 1, got ${show(o.candidates)}`);
  if (!isCount(o.candidatesPerParam, 1))
    p.push(`candidatesPerParam must be an integer >= 1, got ${show(o.candidatesPerParam)}`);
  if (!isCount(o.localSearches, 1)) p.push(`localSearches must be an integer >= 1, got ${show(o.localSearches)}`);
  if (typeof o.refitGrowth !== 'number' || !(o.refitGrowth >= 0 && o.refitGrowth <= 10))
    p.push(`refitGrowth must be a number in [0, 10], got ${show(o.refitGrowth)}`);
  if (p.length > 0) throw new InvalidOptionsError('gpSampler options', p);
  // Candidates for d modelled parameters: rescoring the pool after each refit is the largest cost of an
  // ask, and in 2–6 dimensions 256 per parameter matched Optuna's quality; from 8 on the pool is Optuna's
  // 2048 (with 1024 the 10-D Ackley function did a little worse, within the noise of 10 seeds).
  const poolSize = (d: number): number => Math.min(o.candidates, o.candidatesPerParam * d);

  // One ask of the model: the config, the fit it used and its conditioned GP.
  const modelConfig = (
    state: GpState,
    view: ObservationView,
    params: ReadonlyArray<ParamSpec>,
    study: StudyState,
    next: () => number,
  ): readonly [Config, GpFitState | undefined, GpCache | undefined] => {
    const slots = view.finished.filter((s) => view.status(s) === 'completed');
    const dims = params.flatMap((spec, q) =>
      singleValue(spec.distribution) === undefined && slots.every((s) => view.has(q, s)) ? [q] : [],
    );
    const acq = dims.map((q) => acqDim((params[q] as ParamSpec).distribution));
    const coord = (q: number, slot: number): number =>
      (params[q] as ParamSpec).distribution._tag === 'Categorical' ? view.value(q, slot) : view.unit(q, slot);
    const row = (slot: number): number[] => dims.map((q) => coord(q, slot));
    const d = dims.length;
    const n = slots.length;
    let chosen: Map<number, number> | undefined;
    let fit = state.fit;
    let cache = cacheOf(state);
    if (d > 0 && n > 0) {
      const cat = Uint8Array.from(acq, (a) => (a._tag === 'Choice' ? 1 : 0));
      const { y } = standardise(slots.map((s) => view.score(s)));
      const refit = (warm: boolean): GpFitState => {
        const x = new Float64Array(n * d);
        slots.forEach((s, i) => x.set(row(s), i * d));
        const starts = warm && fit !== undefined && sameList(fit.params, dims) ? [fit.raw] : [];
        // From the previous fit the optimiser is capped: the hyper-parameters move little between refits, and
        // what one refit leaves undone the next continues (uncapped, late refits took up to 56 evaluations).
        const cap = starts.length > 0 ? { maxIter: WARM_REFIT_ITERATIONS } : {};
        const r = fitGp({ x, n, d, cat }, y, { starts, deterministic: o.deterministic, ...cap });
        return { params: dims, raw: r.raw, n, poolSeed: next() };
      };
      const stale =
        fit === undefined || !sameList(fit.params, dims) || n >= fit.n + Math.max(1, Math.floor(fit.n * o.refitGrowth));
      if (stale) fit = refit(true);
      // The conditioned GP, extended by the trials completed since the last ask (rebuilt if lost).
      const conditioned = (f: GpFitState): GpCache | undefined => {
        let c = cache !== undefined && cache.fit === f ? cache : undefined;
        if (c === undefined) {
          const [pool] = withRng(rngFromSeed(f.poolSeed), (nx) => candidatePool(acq, poolSize(d), nx));
          c = { fit: f, gp: new IncrementalGp(paramsFromRaw(f.raw, d), cat, pool) };
        }
        for (let i = c.gp.keepPrefix(slots); i < n; i++)
          if (!c.gp.push(slots[i] as number, row(slots[i] as number))) return undefined;
        return c;
      };
      cache = conditioned(fit as GpFitState);
      // A pivot lost with the old hyper-parameters: refit from the defaults.
      if (cache === undefined && !stale) cache = conditioned((fit = refit(false)));
      if (cache !== undefined) {
        const gp = cache.gp;
        let post = gp.posterior(y);
        // Kriging believer: running trials that have every modelled parameter join at their posterior mean.
        const running = view.runningSlots(study.running).filter((s) => dims.every((q) => view.has(q, s)));
        if (running.length > 0) {
          const base = post.model;
          const ya = Array.from(y);
          for (const s of running) {
            const x = row(s);
            if (!gp.push(-1 - s, x)) continue;
            ya.push(gpPosterior(base, x)[0]);
          }
          post = gp.posterior(ya);
          gp.truncate(n);
        }
        let best = 0;
        for (let i = 1; i < n; i++) if ((y[i] as number) > (y[best] as number)) best = i;
        const threshold = y[best] as number;
        const values = Float64Array.from(post.mean, (mu, c) => logEi(mu, post.variance[c] as number, threshold));
        const r = optimizeLogEi(post.model, threshold, acq, next, {
          localSearches: o.localSearches,
          warmStart: row(slots[best] as number),
          pool: { points: gp.candidates, values },
        });
        chosen = new Map(dims.map((q, k) => [q, r.x[k] as number]));
      }
    }
    const out: Record<string, number | Choice> = {};
    params.forEach((spec, q) => {
      if (!activeIn(spec, out)) return;
      const dist = spec.distribution;
      const u = chosen?.get(q);
      if (u === undefined) out[spec.name] = randomValue(dist, next);
      else out[spec.name] = dist._tag === 'Categorical' ? (dist.choices[u] as Choice) : fromUnit(dist, u);
    });
    return [out, fit, cache];
  };

  return {
    name: 'gp',
    init: (space, rng) => {
      if (o.startup === 'random') return stateOf({ rng, startupIndex: 0 }, undefined, undefined);
      const dim = flattenSpace(space).length;
      if (dim > SOBOL_MAX_DIM)
        throw new InvalidOptionsError('gpSampler', [
          `startup 'sobol' supports at most ${SOBOL_MAX_DIM} parameters, the space has ${dim} (use 'random')`,
        ]);
      const [scramble, rng2] = withRng(rng, (next) => sobolScramble(dim, next));
      return stateOf({ rng: rng2, startupIndex: 0, scramble }, undefined, undefined);
    },
    ask: (state, study) => {
      const params = flattenSpace(study.space);
      const view = ObservationView.sync(state.view, params, study);
      let completed = 0;
      for (const s of view.finished) if (view.status(s) === 'completed') completed++;
      if (completed < o.nStartupTrials) {
        if (state.scramble !== undefined) {
          const u = qmcPoint(state.startupIndex, params.length, 'sobol', state.scramble);
          return [
            configFromUnit(params, u),
            stateOf({ ...state, startupIndex: state.startupIndex + 1 }, view, undefined),
          ];
        }
        const [config, rng] = withRng(state.rng, (next) => randomConfig(study.space, next));
        return [config, stateOf({ ...state, rng, startupIndex: state.startupIndex + 1 }, view, undefined)];
      }
      const [[config, fit, cache], rng] = withRng(state.rng, (next) => modelConfig(state, view, params, study, next));
      return [config, stateOf(fit === undefined ? { ...state, rng } : { ...state, rng, fit }, view, cache)];
    },
  };
};
