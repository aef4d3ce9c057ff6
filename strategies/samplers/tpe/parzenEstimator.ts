import type { Choice, Distribution } from '../../../lib/distribution.js';
import { fromInternal, internalBounds } from '../../../lib/unitTransform.js';
import { expNeg } from '../../math/expNeg.js';
import { internalValue } from '../../models/observationView.js';
import { argsort, lowerBound, upperBound } from '../../math/sorted.js';
import { logGaussMass, ndtr, truncNormPpf } from '../../math/truncNormal.js';
import type { TpeArena } from './tpeArena.js';

/**
 * One dimension of a TPE model, in Optuna's internal representation: `float` is continuous (log taken for
 * log scales), `step` an int or stepped float on its grid (bounds widened by half a step), `logint` a
 * log-scale int (continuous in log space on [ln(low − ½), ln(high + ½)], scored by cell), `cat` a choice
 * index. `lo`/`hi` are the truncation bounds of the kernels.
 */
export type TpeDim =
  | { readonly kind: 'float'; readonly lo: number; readonly hi: number }
  | {
      readonly kind: 'step';
      readonly lo: number;
      readonly hi: number;
      readonly low: number;
      readonly high: number;
      readonly step: number;
    }
  | { readonly kind: 'logint'; readonly lo: number; readonly hi: number; readonly low: number; readonly high: number }
  | { readonly kind: 'cat'; readonly n: number };

/**
 * The model dimension of a distribution.
 *
 * @example
 * ```ts
 * tpeDim(int(1, 5)); // { kind: 'step', lo: 0.5, hi: 5.5, low: 1, high: 5, step: 1 }
 * ```
 */
export const tpeDim = (d: Distribution): TpeDim => {
  if (d._tag === 'Categorical') return { kind: 'cat', n: d.choices.length };
  const [lo, hi] = internalBounds(d);
  if (d._tag === 'Int' && d.log) return { kind: 'logint', lo, hi, low: d.low, high: d.high };
  if (d.step !== undefined) return { kind: 'step', lo, hi, low: d.low, high: d.high, step: d.step };
  return { kind: 'float', lo, hi };
};

/**
 * A config value in the model's representation (NaN if the value does not belong to the distribution's
 * kind: such an observation counts as absent): the observation view's {@link internalValue}.
 *
 * @example
 * ```ts
 * tpeInternal(float(1e-4, 1, { log: true }), 1e-2); // ln 0.01
 * ```
 */
export const tpeInternal: (d: Distribution, v: unknown) => number = internalValue;

/** The inverse of {@link tpeInternal}: a model value back to a config value (snapped, clipped). */
export const tpeExternal = (d: Distribution, x: number): number | Choice =>
  d._tag === 'Categorical' ? (d.choices[x] as Choice) : fromInternal(d, x);

/** How kernel widths are chosen. */
export type TpeBandwidth =
  /** Optuna ≥ 4.9 (all modes): the larger gap to a neighbouring centre, bounds as sentinels. */
  | 'neighbours'
  /** Optuna ≤ 4.8 univariate (and hyperopt): the same with the prior mean among the neighbours. */
  | 'priorNeighbours'
  /** Optuna ≤ 4.9 multivariate: 0.2 · m^(−1/(d+4)) · range for every kernel. */
  | 'scott';

/** Options of {@link fitParzen}. */
export interface ParzenOptions {
  readonly priorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
  readonly bandwidth: TpeBandwidth;
  /**
   * Reproduce Optuna < 3.5's continuous kernel density, which left out the −log σ of the truncated
   * normal (optuna#5109, fixed by #5110), for parity runs against old baselines. Default false.
   */
  readonly optuna3Density?: boolean;
}

/**
 * A mixture of product kernels (one per observation, plus the prior last), ready to sample and score.
 * Per dimension: `mus` are centres (numeric) or observed choice indices (categorical, −1 for the prior),
 * `sigmas` bandwidths (numeric only). `weights` are normalised.
 */
export interface ParzenEstimator {
  readonly dims: ReadonlyArray<TpeDim>;
  readonly size: number;
  readonly weights: Float64Array;
  readonly mus: ReadonlyArray<Float64Array>;
  readonly sigmas: ReadonlyArray<Float64Array>;
  /** Per component: log weight minus the log normalisers (and, for continuous dims, log σ√2π). */
  readonly constants: Float64Array;
  readonly invSigmas: ReadonlyArray<Float64Array>;
  /** Per categorical dimension: log probability of the observed choice, of any other, and under the prior. */
  readonly catLog: ReadonlyArray<{ readonly hit: number; readonly miss: number; readonly prior: number }>;
  /**
   * One-dimensional numeric models: the observation kernels sorted by centre, so a point is scored
   * against only the kernels that can matter (see {@link logPdfParzen}).
   */
  readonly line?: ParzenLine;
}

/** The kernels of a one-dimensional numeric model sorted by centre, with bounds for pruning. */
export interface ParzenLine {
  readonly mu: Float64Array;
  readonly inv: Float64Array;
  readonly constants: Float64Array;
  /** max over kernels of (constant + log σ + log √2π for discrete dims): bounds any kernel's log term. */
  readonly boundC: number;
  readonly sigmaMax: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-12;

const normCache = new WeakMap<ArrayLike<number>, { pw: number; weights: Float64Array; logWeights: Float64Array }>();

// The mixture weights (observations then the prior, summing to 1) and their logs. Memoised on the raw
// weights array, so a sampler that reuses one array per m pays for the logs once per m, not per dimension.
const normalised = (raw: ArrayLike<number>, pw: number): { weights: Float64Array; logWeights: Float64Array } => {
  const hit = normCache.get(raw);
  if (hit && hit.pw === pw && hit.weights.length === raw.length + 1) return hit;
  const m = raw.length;
  const weights = new Float64Array(m + 1);
  if (m === 0) weights[0] = 1;
  else {
    let sum = pw;
    for (let i = 0; i < m; i++) sum += raw[i] as number;
    for (let i = 0; i < m; i++) weights[i] = (raw[i] as number) / sum;
    weights[m] = pw / sum;
  }
  const logWeights = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) logWeights[i] = Math.log(weights[i] as number);
  const out = { pw, weights, logWeights };
  if (typeof raw === 'object') normCache.set(raw, out);
  return out;
};

// Bandwidths of the m observations of one dimension, given sorted by value (`sorted`); out[r] is the
// bandwidth of the r-th smallest, before the magic clip (applied by the caller).
const bandwidths = (
  sorted: Float64Array,
  m: number,
  lo: number,
  hi: number,
  d: number,
  o: ParzenOptions,
  out: Float64Array,
): void => {
  if (m === 0) return;
  if (o.bandwidth === 'scott') {
    out.fill(0.2 * Math.max(m, 1) ** (-1 / (d + 4)) * (hi - lo), 0, m);
  } else if (o.bandwidth === 'neighbours') {
    // The common case: σ = the larger gap to a neighbour (the bounds for the extremes).
    let prev = lo;
    for (let r = 0; r < m; r++) {
      const cur = sorted[r] as number;
      const next = r + 1 < m ? (sorted[r + 1] as number) : hi;
      out[r] = Math.max(cur - prev, next - cur);
      prev = cur;
    }
    // Without endpoints the extreme centres ignore the bounds and use their one inner neighbour.
    if (!o.considerEndpoints && m >= 2) {
      out[0] = (sorted[1] as number) - (sorted[0] as number);
      out[m - 1] = (sorted[m - 1] as number) - (sorted[m - 2] as number);
    }
  } else {
    // ≤ 4.8: the prior centre joins the sorted list as a neighbour (of no kernel of its own).
    const n = m + 1;
    const mid = 0.5 * (lo + hi);
    const at = (i: number, p: number): number =>
      i < p ? (sorted[i] as number) : i === p ? mid : (sorted[i - 1] as number);
    let p = 0;
    while (p < m && (sorted[p] as number) < mid) p++;
    for (let i = 0, r = 0; i < n; i++) {
      if (i === p) continue;
      const left = at(i, p) - (i > 0 ? at(i - 1, p) : lo);
      const right = (i < n - 1 ? at(i + 1, p) : hi) - at(i, p);
      let s = Math.max(left, right);
      if (!o.considerEndpoints) {
        if (i === 0) s = at(1, p) - at(0, p);
        else if (i === n - 1) s = at(n - 1, p) - at(n - 2, p);
      }
      out[r++] = s;
    }
  }
};

/**
 * Fits Optuna's Parzen estimator (ALGORITHMS.md §3.2 steps 7–9) to m observations given in trial-number
 * order, `obs[j][i]` being observation i in dimension j (model representation). Adds the prior
 * component last (centre mid-range, width the whole range; uniform for categoricals). `orders[j]`, if
 * given, is the observations of dimension j sorted by value (callers that keep sorted indexes pass it
 * to skip the sort). With an `arena`, the arrays are views that live until its next reset.
 *
 * @example
 * ```ts
 * const est = fitParzen([tpeDim(float(0, 1))], [[0.2, 0.5, 0.9]], [1, 1, 1], opts);
 * est.sigmas[0]; // [0.3, 0.4, 0.4, 1]
 * ```
 */
export const fitParzen = (
  dims: ReadonlyArray<TpeDim>,
  obs: ReadonlyArray<ArrayLike<number>>,
  rawWeights: ArrayLike<number>,
  o: ParzenOptions,
  orders?: ReadonlyArray<ArrayLike<number> | undefined>,
  arena?: TpeArena,
): ParzenEstimator => {
  const f64 = arena ? (n: number) => arena.f64(n) : (n: number) => new Float64Array(n);
  const i32 = arena ? (n: number) => arena.i32(n) : (n: number) => new Int32Array(n);
  const m = rawWeights.length;
  const size = m + 1;
  const { weights, logWeights } = normalised(rawWeights, o.priorWeight);
  const constants = f64(size);
  constants.set(logWeights);
  const mus: Float64Array[] = [];
  const sigmas: Float64Array[] = [];
  const invSigmas: Float64Array[] = [];
  const catLog: { hit: number; miss: number; prior: number }[] = [];
  // One-dimensional numeric models also get their kernels sorted by centre (see ParzenLine).
  const lineDim = dims.length === 1 && m > 0 && (dims[0] as TpeDim).kind !== 'cat';
  let line: ParzenLine | undefined;
  dims.forEach((dim, j) => {
    const values = obs[j] as ArrayLike<number>;
    const mu = f64(size);
    for (let i = 0; i < m; i++) mu[i] = values[i] as number;
    if (dim.kind === 'cat') {
      mu[m] = -1;
      const a = o.priorWeight / (m + 1);
      const norm = 1 + dim.n * a;
      catLog[j] = { hit: Math.log((1 + a) / norm), miss: Math.log(a / norm), prior: -Math.log(dim.n) };
      mus.push(mu);
      sigmas.push(new Float64Array(0));
      invSigmas.push(new Float64Array(0));
      return;
    }
    const { lo, hi } = dim;
    mu[m] = 0.5 * (lo + hi);
    const sigma = f64(size);
    const order = orders?.[j] ?? argsort(values, i32(values.length));
    const sorted = f64(m);
    for (let r = 0; r < m; r++) sorted[r] = values[order[r] as number] as number;
    // σ by rank first (sequential), clipped and scattered to component order in the pass below.
    const byRank = f64(m);
    bandwidths(sorted, m, lo, hi, dims.length, o, byRank);
    const maxS = hi - lo;
    const minS = o.considerMagicClip ? (hi - lo) / Math.min(100, m + 2) : EPS;
    sigma[m] = hi - lo;
    const inv = f64(size);
    const ln = lineDim ? { mu: sorted, inv: f64(m), constants: f64(m), boundC: -Infinity, sigmaMax: 0 } : undefined;
    // Most kernels share the floor bandwidth: remember the last log σ instead of recomputing it.
    let lastS = NaN;
    let lastLog = 0;
    // In sorted order, the prior last, so that the line is written in the same pass.
    for (let r = 0; r < size; r++) {
      const k = r < m ? (order[r] as number) : m;
      const s = r < m ? Math.min(maxS, Math.max(minS, byRank[r] as number)) : maxS;
      sigma[k] = s;
      const c = r < m ? (sorted[r] as number) : (mu[m] as number);
      const iv = 1 / s;
      inv[k] = iv;
      const a = (lo - c) / s;
      const b = (hi - c) / s;
      // A tail beyond 9σ holds Φ(−9) ≈ 1e-19 of the mass, below double precision next to the rest: kernels
      // far from both bounds lose nothing to truncation, and one far from a single bound loses only the
      // other side (one Φ instead of the two of logGaussMass, which most kernels near an edge would pay).
      let logZ = 0;
      if (a >= -9 || b <= 9)
        logZ = a <= 0 && b > 9 ? Math.log1p(-ndtr(a)) : a < -9 && b >= 0 ? Math.log1p(-ndtr(-b)) : logGaussMass(a, b);
      if (dim.kind === 'float') {
        if (s !== lastS) {
          lastS = s;
          lastLog = o.optuna3Density ? 0 : Math.log(s);
        }
        logZ += lastLog + LOG_SQRT_2PI;
      }
      const ck = (constants[k] as number) - logZ;
      constants[k] = ck;
      if (ln === undefined || r === m) continue;
      ln.inv[r] = iv;
      ln.constants[r] = ck;
      const bound = ck + (dim.kind === 'float' ? 0 : Math.log(s) + LOG_SQRT_2PI);
      if (bound > ln.boundC) ln.boundC = bound;
      if (s > ln.sigmaMax) ln.sigmaMax = s;
    }
    line = ln;
    mus.push(mu);
    sigmas.push(sigma);
    invSigmas.push(inv);
  });
  const est = { dims, size, weights, mus, sigmas, constants, invSigmas, catLog };
  return line === undefined ? est : { ...est, line };
};

/**
 * Draws `count` points from the mixture: a component by weight, then every dimension from that
 * component's kernel (truncated normal by inverse CDF, snapped to the grid for discrete dimensions;
 * categorical by inverse CDF of its row). Returns one array per dimension, in model representation.
 *
 * @example
 * ```ts
 * const [cands] = withRng(rng, (next) => sampleParzen(est, 24, next));
 * ```
 */
export const sampleParzen = (est: ParzenEstimator, count: number, next: () => number): Float64Array[] => {
  const out = est.dims.map(() => new Float64Array(count));
  const last = est.size - 1;
  for (let c = 0; c < count; c++) {
    let u = next();
    let k = 0;
    while (k < last && u >= (est.weights[k] as number)) u -= est.weights[k++] as number;
    est.dims.forEach((dim, j) => {
      const mu = (est.mus[j] as Float64Array)[k] as number;
      const col = out[j] as Float64Array;
      if (dim.kind === 'cat') {
        const cl = est.catLog[j] as { hit: number; miss: number; prior: number };
        const hit = Math.exp(cl.hit);
        const miss = Math.exp(cl.miss);
        let v = next();
        let choice = 0;
        for (; choice < dim.n - 1; choice++) {
          const p = mu < 0 ? 1 / dim.n : choice === mu ? hit : miss;
          if (v < p) break;
          v -= p;
        }
        col[c] = choice;
        return;
      }
      const s = (est.sigmas[j] as Float64Array)[k] as number;
      const z = truncNormPpf(next(), (dim.lo - mu) / s, (dim.hi - mu) / s);
      const x = Math.min(dim.hi, Math.max(dim.lo, mu + s * z));
      if (dim.kind === 'step')
        col[c] = Math.min(dim.high, Math.max(dim.low, dim.low + Math.round((x - dim.low) / dim.step) * dim.step));
      else if (dim.kind === 'logint') col[c] = Math.log(Math.min(dim.high, Math.max(dim.low, Math.round(Math.exp(x)))));
      else col[c] = x;
    });
  }
  return out;
};

// Terms more than 50 nats below the largest add < n·e^-50 relative to the sum, far below double
// precision: they are skipped (and, on the line path, never computed).
const NEGLIGIBLE = 50;

// Scratch for the log terms of one call (grown as needed; calls are synchronous and never nested).
let scratch = new Float64Array(1024);
const scratchOf = (n: number): Float64Array => {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  return scratch;
};

// Several dimensions. Continuous and categorical terms are cheap and added for every component, in
// flat loops. Discrete terms (a normal mass per cell) are not: every term is ≤ 0 on top of the constants
// (a cell mass is ≤ 1), so a partial sum bounds the full one from above, and once one component's full
// term L is known, components whose partial sum is below L − 50 are dropped — they could only end below
// the log-sum-exp's floor, which skips them anyway. Same terms, same sum, far fewer cell masses.
const logPdfGeneral = (est: ParzenEstimator, points: ReadonlyArray<ArrayLike<number>>, count: number): Float64Array => {
  const size = est.size;
  // acc[k·count + c]: log weight + log kernel of component k at point c, accumulated dimension by
  // dimension; component-major, so each component's centre and width are read once per dimension.
  const acc = scratchOf(count * size);
  for (let k = 0; k < size; k++) acc.fill(est.constants[k] as number, k * count, (k + 1) * count);
  const discrete: number[] = [];
  for (let j = 0; j < est.dims.length; j++) {
    const dim = est.dims[j] as TpeDim;
    const xs = Float64Array.from(points[j] as ArrayLike<number>);
    const mu = est.mus[j] as Float64Array;
    if (dim.kind === 'cat') {
      const cl = est.catLog[j] as { hit: number; miss: number; prior: number };
      for (let k = 0; k < size; k++) {
        const o = mu[k] as number;
        for (let c = 0, i = k * count; c < count; c++, i++)
          acc[i] = (acc[i] as number) + (o < 0 ? cl.prior : o === xs[c] ? cl.hit : cl.miss);
      }
    } else if (dim.kind === 'float') {
      const inv = est.invSigmas[j] as Float64Array;
      for (let k = 0; k < size; k++) {
        const m = mu[k] as number;
        const iv = inv[k] as number;
        for (let c = 0, i = k * count; c < count; c++, i++) {
          const t = ((xs[c] as number) - m) * iv;
          acc[i] = (acc[i] as number) - 0.5 * t * t;
        }
      }
    } else discrete.push(j);
  }
  const out = new Float64Array(count);
  if (discrete.length === 0) {
    // Log-sum-exp per point, walking acc in memory order.
    const max = new Float64Array(count).fill(-Infinity);
    for (let k = 0, i = 0; k < size; k++)
      for (let c = 0; c < count; c++, i++) if ((acc[i] as number) > (max[c] as number)) max[c] = acc[i] as number;
    const sum = new Float64Array(count);
    for (let k = 0, i = 0; k < size; k++)
      for (let c = 0; c < count; c++, i++) {
        const a = acc[i] as number;
        const mc = max[c] as number;
        if (a > mc - NEGLIGIBLE) sum[c] = (sum[c] as number) + expNeg(a - mc);
      }
    for (let c = 0; c < count; c++)
      out[c] = max[c] === -Infinity ? -Infinity : (max[c] as number) + Math.log(sum[c] as number);
    return out;
  }
  const row = new Float64Array(size);
  const alive = new Int32Array(size);
  const one = new Int32Array(1);
  for (let c = 0; c < count; c++) {
    for (let k = 0; k < size; k++) row[k] = acc[k * count + c] as number;
    // A first full term: the component leading on the cheap dimensions, and the prior.
    let lead = 0;
    for (let k = 1; k < size; k++) if ((row[k] as number) > (row[lead] as number)) lead = k;
    let bound = -Infinity;
    for (const k of lead === size - 1 ? [lead] : [lead, size - 1]) {
      one[0] = k;
      const saved = row[k] as number;
      for (const j of discrete) addCells(est, j, (points[j] as ArrayLike<number>)[c] as number, row, one, 1);
      bound = Math.max(bound, row[k] as number);
      row[k] = saved;
    }
    const floor = bound - NEGLIGIBLE;
    let n = 0;
    for (let k = 0; k < size; k++) if ((row[k] as number) > floor) alive[n++] = k;
    for (const j of discrete) {
      addCells(est, j, (points[j] as ArrayLike<number>)[c] as number, row, alive, n);
      let kept = 0;
      for (let r = 0; r < n; r++) if ((row[alive[r] as number] as number) > floor) alive[kept++] = alive[r] as number;
      n = kept;
    }
    let max = -Infinity;
    for (let r = 0; r < n; r++) max = Math.max(max, row[alive[r] as number] as number);
    if (max === -Infinity) {
      out[c] = -Infinity;
      continue;
    }
    const f = max - NEGLIGIBLE;
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const a = row[alive[r] as number] as number;
      if (a > f) sum += expNeg(a - max);
    }
    out[c] = max + Math.log(sum);
  }
  return out;
};

// Adds a discrete dimension's log cell mass at x to row[k] for the components ks[0..n).
const addCells = (est: ParzenEstimator, j: number, x: number, row: Float64Array, ks: Int32Array, n: number): void => {
  const dim = est.dims[j] as Exclude<TpeDim, { kind: 'cat' | 'float' }>;
  const mu = est.mus[j] as Float64Array;
  const inv = est.invSigmas[j] as Float64Array;
  const [lower, upper] = cellOf(dim, x);
  for (let r = 0; r < n; r++) {
    const k = ks[r] as number;
    const ck = mu[k] as number;
    const ik = inv[k] as number;
    row[k] = (row[k] as number) + logGaussMass((lower - ck) * ik, (upper - ck) * ik);
  }
};

// The grid cell of a discrete point in model space (its kernel mass is taken over it).
const cellOf = (dim: Exclude<TpeDim, { kind: 'cat' | 'float' }>, x: number): readonly [number, number] => {
  if (dim.kind === 'step') return [Math.max(dim.lo, x - dim.step / 2), Math.min(dim.hi, x + dim.step / 2)];
  const n = Math.round(Math.exp(x));
  return [Math.max(dim.lo, Math.log(n - 0.5)), Math.min(dim.hi, Math.log(n + 0.5))];
};

/**
 * log density of the mixture at `count` points (one array per dimension, model representation): a
 * log-sum-exp over components of the product of per-dimension kernels. Continuous dimensions use the
 * truncated normal density, discrete ones the kernel's mass on the point's grid cell, renormalised over
 * the range.
 *
 * @example
 * ```ts
 * const logL = logPdfParzen(below, cands, 24);
 * ```
 */
export const logPdfParzen = (
  est: ParzenEstimator,
  points: ReadonlyArray<ArrayLike<number>>,
  count: number,
): Float64Array => {
  if (est.line) return logPdfLine(est, est.line, points[0] as ArrayLike<number>, count);
  return logPdfGeneral(est, points, count);
};

/**
 * The first index of the largest log l(x) − log g(x) among `count` points (TPE's acquisition, §3.2
 * step 12).
 *
 * @example
 * ```ts
 * const i = bestCandidate(l, g, sampleParzen(l, 24, next), 24);
 * ```
 */
export const bestCandidate = (
  l: ParzenEstimator,
  g: ParzenEstimator,
  points: ReadonlyArray<ArrayLike<number>>,
  count: number,
): number => {
  if (g.line && l.dims.length === 1) return bestOnLine(l, g, g.line, points[0] as ArrayLike<number>, count);
  const ll = logPdfParzen(l, points, count);
  const lg = logPdfParzen(g, points, count);
  let best = 0;
  for (let c = 1; c < count; c++)
    if ((ll[c] as number) - (lg[c] as number) > (ll[best] as number) - (lg[best] as number)) best = c;
  return best;
};

// One numeric dimension, point by point. A kernel at distance |x − μ| contributes at most
// boundC − ½(|x − μ| − h)²/σmax² (h = half the cell for discrete dims, whose mass is at most cell·φ/σ), so
// once a lower bound `ref` of the largest term is known, kernels further than σmax·√(2(boundC − ref + 50)) + h
// lie more than 50 nats below it: the ones the direct log-sum-exp skips. The kernels are sorted by centre,
// so the ones within reach are an index window [fullLo, fullHi), summed outward from x in steps: a partial
// window gives a lower bound of the density (every term is positive), which is what lets
// {@link bestCandidate} drop candidates without finishing their sums.
interface LineSums {
  /** Per point: the window summed so far, the full window, the reference and Σ exp(t − ref) so far. */
  lo: Int32Array;
  hi: Int32Array;
  fullLo: Int32Array;
  fullHi: Int32Array;
  ref: Float64Array;
  sum: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

let lineScratch: LineSums | undefined;
const lineSumsOf = (count: number): LineSums => {
  if (lineScratch && lineScratch.lo.length >= count) return lineScratch;
  const n = Math.max(count, 32);
  lineScratch = {
    lo: new Int32Array(n),
    hi: new Int32Array(n),
    fullLo: new Int32Array(n),
    fullHi: new Int32Array(n),
    ref: new Float64Array(n),
    sum: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
  };
  return lineScratch;
};

// Starts point c's sum: the prior term and the (up to) `start` kernels nearest x, with ref = the largest
// of the prior and the two kernels around x (a lower bound of the largest term).
const lineStart = (est: ParzenEstimator, line: ParzenLine, x: number, c: number, ls: LineSums, start: number): void => {
  const dim = est.dims[0] as Exclude<TpeDim, { kind: 'cat' }>;
  const { mu, inv, constants: cs } = line;
  const m = mu.length;
  const prior = est.size - 1;
  const pMu = (est.mus[0] as Float64Array)[prior] as number;
  const pInv = (est.invSigmas[0] as Float64Array)[prior] as number;
  const pC = est.constants[prior] as number;
  const continuous = dim.kind === 'float';
  let lower = x;
  let upper = x;
  if (!continuous) [lower, upper] = cellOf(dim, x);
  ls.lower[c] = lower;
  ls.upper[c] = upper;
  const zp = (x - pMu) * pInv;
  const tp = continuous ? pC - 0.5 * zp * zp : pC + logGaussMass((lower - pMu) * pInv, (upper - pMu) * pInv);
  const a = lowerBound(mu, x);
  let ref = tp;
  for (let r = Math.max(0, a - 1); r < Math.min(m, a + 1); r++) {
    const k = mu[r] as number;
    const i = inv[r] as number;
    const z = (x - k) * i;
    const t = continuous
      ? (cs[r] as number) - 0.5 * z * z
      : (cs[r] as number) + logGaussMass((lower - k) * i, (upper - k) * i);
    if (t > ref) ref = t;
  }
  const half = 0.5 * (upper - lower);
  const slack = line.boundC + (continuous ? 0 : Math.log(upper - lower)) - (ref - NEGLIGIBLE);
  const reach = slack > 0 ? line.sigmaMax * Math.sqrt(2 * slack) + half : half;
  const fullLo = lowerBound(mu, x - reach);
  const fullHi = upperBound(mu, x + reach);
  ls.fullLo[c] = fullLo;
  ls.fullHi[c] = fullHi;
  ls.ref[c] = ref;
  ls.sum[c] = Math.exp(tp - ref);
  ls.lo[c] = a;
  ls.hi[c] = a;
  lineGrow(line, continuous, c, ls, Math.max(fullLo, a - start), Math.min(fullHi, a + start));
};

// Extends point c's window to [lo, hi) (within its full window), adding the new kernels' terms.
const lineGrow = (line: ParzenLine, continuous: boolean, c: number, ls: LineSums, lo: number, hi: number): void => {
  const { mu, inv, constants: cs } = line;
  // A continuous point is ls.lower = ls.upper; a discrete one takes each kernel's mass over its cell.
  const lower = ls.lower[c] as number;
  const upper = ls.upper[c] as number;
  let ref = ls.ref[c] as number;
  let sum = ls.sum[c] as number;
  const from = ls.lo[c] as number;
  const to = ls.hi[c] as number;
  for (let side = 0; side < 2; side++) {
    const r0 = side === 0 ? lo : to;
    const r1 = side === 0 ? from : hi;
    for (let r = r0; r < r1; r++) {
      const k = mu[r] as number;
      const i = inv[r] as number;
      let t: number;
      if (continuous) {
        const z = (lower - k) * i;
        t = (cs[r] as number) - 0.5 * z * z - ref;
      } else t = (cs[r] as number) + logGaussMass((lower - k) * i, (upper - k) * i) - ref;
      // Below −50 the direct sum skips it too (ref ≤ the largest term). ref only bounds the largest term
      // from below: a term above it becomes the new ref, so the terms after it stay in expNeg's table
      // range (kernel weights span a factor n, so terms above the first ref are common, new maxima rare).
      if (t < -NEGLIGIBLE) continue;
      if (t > 0) {
        sum *= Math.exp(-t);
        ref += t;
        sum += 1;
      } else sum += expNeg(t);
    }
  }
  ls.ref[c] = ref;
  ls.sum[c] = sum;
  ls.lo[c] = Math.min(lo, from);
  ls.hi[c] = Math.max(hi, to);
};

const logPdfLine = (est: ParzenEstimator, line: ParzenLine, xs: ArrayLike<number>, count: number): Float64Array => {
  const ls = lineSumsOf(count);
  const continuous = (est.dims[0] as TpeDim).kind === 'float';
  const out = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    lineStart(est, line, xs[c] as number, c, ls, 0);
    lineGrow(line, continuous, c, ls, ls.fullLo[c] as number, ls.fullHi[c] as number);
    out[c] = (ls.ref[c] as number) + Math.log(ls.sum[c] as number);
  }
  return out;
};

// Tolerance of the candidate cut in bestCandidate: a candidate is dropped only when even the upper bound
// of its score is this far below the best exact score, so rounding in the sums can never decide a drop.
const DROP_TOL = 1e-9;

// bestCandidate for a one-dimensional g: only the winner's score must be exact. Each point's g sum starts
// with the kernels nearest it, a lower bound of g(x), hence an upper bound of its score; the point with the
// highest bound has its window grown by half (finished, when it reaches its full window), until every unfinished
// point's bound is below the best finished score. Same argmax as scoring every point in full.
const bestOnLine = (l: ParzenEstimator, g: ParzenEstimator, line: ParzenLine, xs: ArrayLike<number>, count: number) => {
  const ll = logPdfParzen(l, [xs], count);
  const ls = lineSumsOf(count);
  const continuous = (g.dims[0] as TpeDim).kind === 'float';
  const ub = new Float64Array(count);
  const done = new Uint8Array(count);
  for (let c = 0; c < count; c++) {
    lineStart(g, line, xs[c] as number, c, ls, 8);
    ub[c] = (ll[c] as number) - (ls.ref[c] as number) - Math.log(ls.sum[c] as number);
  }
  let best = -1;
  let bestScore = -Infinity;
  for (;;) {
    let c = -1;
    for (let k = 0; k < count; k++)
      if (!done[k] && (c < 0 || (ub[k] as number) > (ub[c] as number) || Number.isNaN(ub[c] as number))) c = k;
    if (c < 0) break;
    const u = ub[c] as number;
    if (best >= 0 && u < bestScore - DROP_TOL * (1 + Math.abs(bestScore))) break;
    const lo = ls.lo[c] as number;
    const hi = ls.hi[c] as number;
    // Small steps (an eighth of the window, 24 kernels at least): a point is dropped as soon as its bound
    // falls below the cut, so coarse steps mostly add terms past that point (measured at n = 1000: 16% fewer
    // terms than halving steps, for a few more rounds of this loop).
    const w = Math.max(24, (hi - lo) >> 3);
    lineGrow(
      g.line as ParzenLine,
      continuous,
      c,
      ls,
      Math.max(ls.fullLo[c] as number, lo - w),
      Math.min(ls.fullHi[c] as number, hi + w),
    );
    const s = (ll[c] as number) - (ls.ref[c] as number) - Math.log(ls.sum[c] as number);
    ub[c] = s;
    if (ls.lo[c] === ls.fullLo[c] && ls.hi[c] === ls.fullHi[c]) {
      done[c] = 1;
      if (best < 0 || s > bestScore || (s === bestScore && c < best)) {
        best = c;
        bestScore = s;
      }
    }
  }
  return best < 0 ? 0 : best;
};
