import { boxMinimize } from '../../math/boxMinimize.js';
import { sobolPoint, sobolScramble } from '../../samplers/qmc/sobolPoint.js';
import type { GpModel } from './gpModel.js';
import { gpPosterior } from './gpModel.js';
import { logHWithSlope } from './logEi.js';

/**
 * One coordinate of the acquisition's domain: continuous in [0, 1]; a grid of `count` values whose unit
 * coordinates `unitAt(i)` increase with i (ints and stepped floats; `indexOf` snaps a unit coordinate to
 * the nearest index); or a categorical with `count` choices, the coordinate being the choice index.
 */
export type AcqDim =
  | { readonly _tag: 'Continuous' }
  | {
      readonly _tag: 'Grid';
      readonly count: number;
      readonly unitAt: (i: number) => number;
      readonly indexOf: (u: number) => number;
    }
  | { readonly _tag: 'Choice'; readonly count: number };

/** Options of {@link optimizeLogEi}. */
export interface OptimizeLogEiOptions {
  /** Quasi-random candidates scored first. Default 2048 (Optuna's). */
  readonly candidates?: number;
  /** Local searches started from the best candidates. Default 10 (Optuna's). */
  readonly localSearches?: number;
  /** A point to start one local search from (the best observed one). */
  readonly warmStart?: ArrayLike<number>;
  /** Rounds of (continuous step, discrete sweeps) per local search. Default 100. */
  readonly maxRounds?: number;
  /**
   * Candidates already scored (from {@link candidatePool} and an `IncrementalGp`): used instead of
   * drawing and scoring `candidates` new ones.
   */
  readonly pool?: { readonly points: ReadonlyArray<Float64Array>; readonly values: Float64Array };
}

/** The point {@link optimizeLogEi} chose and its log EI. */
export interface LogEiArgmax {
  readonly x: Float64Array;
  readonly value: number;
}

// Exhaustive sweeps up to this many values (Optuna's threshold); beyond it, offsets ±1, ±2, ±4, … around
// the current index, which find a better neighbour in O(log count) evaluations.
const EXHAUSTIVE = 16;

/**
 * `m` points of a freshly scrambled Sobol' sequence over the domain `dims`, each coordinate snapped to
 * its grid value or choice index.
 *
 * @example
 * ```ts
 * const [points] = withRng(rng, (next) => candidatePool([{ _tag: 'Continuous' }], 2048, next));
 * ```
 */
export const candidatePool = (dims: ReadonlyArray<AcqDim>, m: number, next: () => number): Float64Array[] => {
  const d = dims.length;
  const snap = (k: number, u: number): number => {
    const dim = dims[k] as AcqDim;
    if (dim._tag === 'Continuous') return u;
    if (dim._tag === 'Choice') return Math.min(dim.count - 1, Math.floor(u * dim.count));
    return dim.unitAt(dim.indexOf(u));
  };
  const scramble = sobolScramble(d, next);
  return Array.from({ length: m }, (_, i) => Float64Array.from(sobolPoint(i, d, scramble), (v, k) => snap(k, v)));
};

/**
 * The log expected improvement of `model` over `best` at x, and (with `grad`) its gradient in x.
 *
 * @example
 * ```ts
 * logEiAt(model, 0.7, Float64Array.of(0.2, 0.4));
 * ```
 */
export const logEiAt = (
  model: GpModel,
  best: number,
  x: ArrayLike<number>,
  grad?: Float64Array,
  work?: Float64Array,
  pgrad?: Float64Array,
): number => {
  const d = model.inputs.d;
  const g2 = grad ? (pgrad ?? new Float64Array(2 * d)) : undefined;
  const [mean, variance] = gpPosterior(model, x, g2, work);
  const v = variance + 1e-12;
  const sigma = Math.sqrt(v);
  const z = (mean - best) / sigma;
  const [lh, slope] = logHWithSlope(z);
  if (grad && g2) {
    // d/dμ = h'/σ; d/dσ = (1 − z·h')/σ; dσ/dx = (dvar/dx)/(2σ).
    const dMean = slope / sigma;
    const dVar = (1 - z * slope) / sigma / (2 * sigma);
    for (let k = 0; k < d; k++) grad[k] = dMean * (g2[k] as number) + dVar * (g2[d + k] as number);
  }
  return lh + Math.log(sigma);
};

/**
 * Maximises the log expected improvement over a mixed domain, as Optuna's `optimize_acqf_mixed`: score
 * scrambled Sobol' candidates (snapped to grids and choices), start local searches from the best one,
 * the warm start and picks of the rest with probability ∝ exp(logEI − max), and in each local search
 * alternate a projected L-BFGS step over the continuous coordinates (scaled by the length scales, so the
 * problem is well conditioned) with coordinate sweeps over each discrete one, until a round changes
 * nothing. Pure: randomness comes from `next`.
 *
 * @example
 * ```ts
 * const { x } = withRng(rng, (next) => optimizeLogEi(model, Math.max(...y), dims, next))[0];
 * ```
 */
export const optimizeLogEi = (
  model: GpModel,
  best: number,
  dims: ReadonlyArray<AcqDim>,
  next: () => number,
  options: OptimizeLogEiOptions = {},
): LogEiArgmax => {
  const d = dims.length;
  const nCand = Math.max(1, options.candidates ?? 2048);
  const nLocal = Math.max(1, options.localSearches ?? 10);
  const maxRounds = options.maxRounds ?? 100;
  const work = new Float64Array(2 * model.inputs.n);
  const pgrad = new Float64Array(2 * d);
  const score = (x: ArrayLike<number>): number => logEiAt(model, best, x, undefined, work);

  const cands = options.pool?.points ?? candidatePool(dims, nCand, next);
  const values = options.pool?.values ?? Float64Array.from(cands, (x) => score(x));
  const nc = cands.length;
  // Starting points: the best candidate, the warm start, then roulette picks without replacement.
  let top = 0;
  for (let i = 1; i < nc; i++) if ((values[i] as number) > (values[top] as number)) top = i;
  const starts: Float64Array[] = [cands[top] as Float64Array];
  if (options.warmStart) starts.push(Float64Array.from(options.warmStart));
  const maxV = values[top] as number;
  const weights = Array.from(values, (v, i) => (i === top || !Number.isFinite(v) ? 0 : Math.exp(v - maxV)));
  while (starts.length < nLocal) {
    const total = weights.reduce((a, w) => a + w, 0);
    if (!(total > 0)) break;
    let r = next() * total;
    let pick = weights.findIndex((w) => (r -= w) < 0);
    if (pick < 0) for (let i = 0; i < weights.length; i++) if ((weights[i] as number) > 0) pick = i;
    starts.push(cands[pick] as Float64Array);
    weights[pick] = 0;
  }

  const continuous = dims.flatMap((dim, k) => (dim._tag === 'Continuous' ? [k] : []));
  const discrete = dims.flatMap((dim, k) => (dim._tag === 'Continuous' ? [] : [k]));
  const scales = continuous.map((k) => Math.sqrt(model.params.invSqLengthscales[k] as number));
  const full = new Float64Array(d);

  const localSearch = (x0: Float64Array): LogEiArgmax => {
    const x = Float64Array.from(x0);
    let fx = score(x);
    for (let round = 0; round < maxRounds; round++) {
      let changed = false;
      if (continuous.length > 0) {
        const fg = (z: Float64Array, g: Float64Array): number => {
          continuous.forEach((k, j) => (x[k] = (z[j] as number) / (scales[j] as number)));
          const v = logEiAt(model, best, x, full, work, pgrad);
          continuous.forEach((k, j) => (g[j] = -(full[k] as number) / (scales[j] as number)));
          return Number.isFinite(v) ? -v : Infinity;
        };
        const saved = continuous.map((k) => x[k] as number);
        const z0 = continuous.map((k, j) => (x[k] as number) * (scales[j] as number));
        const r = boxMinimize(
          fg,
          z0,
          continuous.map(() => 0),
          scales,
          { pgtol: 1e-2, maxIter: 200 },
        );
        if (-r.f > fx + 1e-12) {
          continuous.forEach((k, j) => (x[k] = Math.min(1, Math.max(0, (r.x[j] as number) / (scales[j] as number)))));
          fx = score(x);
          changed = true;
        } else continuous.forEach((k, j) => (x[k] = saved[j] as number));
      }
      for (const k of discrete) {
        const dim = dims[k] as Exclude<AcqDim, { _tag: 'Continuous' }>;
        const current = x[k] as number;
        const at = (i: number): number => (dim._tag === 'Choice' ? i : dim.unitAt(i));
        const idx = dim._tag === 'Choice' ? current : dim.indexOf(current);
        const tries: number[] = [];
        if (dim.count <= EXHAUSTIVE) for (let i = 0; i < dim.count; i++) tries.push(i);
        else
          for (let off = 1; off < dim.count; off *= 2) {
            if (idx - off >= 0) tries.push(idx - off);
            if (idx + off < dim.count) tries.push(idx + off);
          }
        let bestI = idx;
        let bestV = fx;
        for (const i of tries) {
          if (i === idx) continue;
          x[k] = at(i);
          const v = score(x);
          if (v > bestV + 1e-12) [bestI, bestV] = [i, v];
        }
        x[k] = at(bestI);
        if (bestI !== idx) {
          fx = bestV;
          changed = true;
        }
      }
      // With no discrete coordinate a second round would restart L-BFGS at its own optimum.
      if (!changed || discrete.length === 0) break;
    }
    return { x, value: fx };
  };

  let out: LogEiArgmax = { x: cands[top] as Float64Array, value: maxV };
  for (const s of starts) {
    const r = localSearch(s);
    if (r.value > out.value) out = r;
  }
  return out;
};
