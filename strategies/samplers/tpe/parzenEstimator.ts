import type { Choice, Distribution } from '../../../lib/distribution.js';
import { fromInternal, internalBounds } from '../../../lib/unitTransform.js';
import { internalValue } from '../../models/observationView.js';
import { argsort } from '../../math/sorted.js';
import { logGaussMass, ndtr } from '../../math/truncNormal.js';
import type { TpeArena } from './tpeArena.js';

// The Parzen estimator of TPE, by concept: the model representation and the fit are here; drawing
// candidates (parzenSampling.ts), the density (parzenDensity.ts, with the one-dimensional fast path in
// parzenLine.ts) and the acquisition (tpeAcquisition.ts) have their own files, re-exported below so the
// estimator's API is one import.
export { sampleParzen } from './parzenSampling.js';
export { logPdfParzen } from './parzenDensity.js';
export { bestCandidate } from './tpeAcquisition.js';

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
