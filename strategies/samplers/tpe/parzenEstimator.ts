import type { Choice, Distribution } from '../../../lib/distribution.js';
import { fromInternal, internalBounds, toInternal } from '../../../lib/unitTransform.js';
import { logGaussMass, truncNormPpf } from '../../math/truncNormal.js';

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
 * kind: such an observation counts as absent).
 *
 * @example
 * ```ts
 * tpeInternal(float(1e-4, 1, { log: true }), 1e-2); // ln 0.01
 * ```
 */
export const tpeInternal = (d: Distribution, v: unknown): number => {
  if (d._tag === 'Categorical') {
    const i = d.choices.indexOf(v as Choice);
    return i < 0 ? NaN : i;
  }
  return typeof v === 'number' && Number.isFinite(v) ? toInternal(d, v) : NaN;
};

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
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-12;

const argsort = (values: ArrayLike<number>): Int32Array => {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
};

// Bandwidths of the m observations of one dimension (index m = the prior, filled by the caller).
const bandwidths = (
  values: ArrayLike<number>,
  order: ArrayLike<number>,
  lo: number,
  hi: number,
  d: number,
  o: ParzenOptions,
  out: Float64Array,
): void => {
  const m = values.length;
  if (m === 0) return;
  if (o.bandwidth === 'scott') {
    out.fill(0.2 * Math.max(m, 1) ** (-1 / (d + 4)) * (hi - lo), 0, m);
  } else {
    const withPrior = o.bandwidth === 'priorNeighbours';
    const n = m + (withPrior ? 1 : 0);
    const v = new Float64Array(n);
    const owner = new Int32Array(n);
    const mid = 0.5 * (lo + hi);
    let placed = !withPrior;
    for (let i = 0, r = 0; r < m; i++) {
      const k = order[r] as number;
      const x = values[k] as number;
      // The prior centre joins the sorted list as a neighbour of no kernel of its own (owner −1).
      if (!placed && mid <= x) {
        v[i] = mid;
        owner[i] = -1;
        placed = true;
        continue;
      }
      v[i] = x;
      owner[i] = k;
      r++;
    }
    if (!placed) {
      v[n - 1] = mid;
      owner[n - 1] = -1;
    }
    for (let i = 0; i < n; i++) {
      const left = (v[i] as number) - (i > 0 ? (v[i - 1] as number) : lo);
      const right = (i < n - 1 ? (v[i + 1] as number) : hi) - (v[i] as number);
      let s = Math.max(left, right);
      // Without endpoints the extreme centres ignore the bounds and use their one inner neighbour.
      if (!o.considerEndpoints && n >= 2) {
        if (i === 0) s = (v[1] as number) - (v[0] as number);
        else if (i === n - 1) s = (v[n - 1] as number) - (v[n - 2] as number);
      }
      const k = owner[i] as number;
      if (k >= 0) out[k] = s;
    }
  }
  const maxS = hi - lo;
  const minS = o.considerMagicClip ? (hi - lo) / Math.min(100, m + 2) : EPS;
  for (let k = 0; k < m; k++) out[k] = Math.min(maxS, Math.max(minS, out[k] as number));
};

/**
 * Fits Optuna's Parzen estimator (ALGORITHMS.md §3.2 steps 7–9) to m observations given in trial-number
 * order, `obs[j][i]` being observation i in dimension j (model representation). Adds the prior
 * component last (centre mid-range, width the whole range; uniform for categoricals). `orders[j]`, if
 * given, is the observations of dimension j sorted by value (callers that keep sorted indexes pass it
 * to skip the sort).
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
): ParzenEstimator => {
  const m = rawWeights.length;
  const size = m + 1;
  const weights = new Float64Array(size);
  if (m === 0) weights[0] = 1;
  else {
    let sum = o.priorWeight;
    for (let i = 0; i < m; i++) sum += rawWeights[i] as number;
    for (let i = 0; i < m; i++) weights[i] = (rawWeights[i] as number) / sum;
    weights[m] = o.priorWeight / sum;
  }
  const constants = weights.map(Math.log);
  const mus: Float64Array[] = [];
  const sigmas: Float64Array[] = [];
  const invSigmas: Float64Array[] = [];
  const catLog: { hit: number; miss: number; prior: number }[] = [];
  dims.forEach((dim, j) => {
    const values = obs[j] as ArrayLike<number>;
    const mu = new Float64Array(size);
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
    const sigma = new Float64Array(size);
    bandwidths(values, orders?.[j] ?? argsort(values), lo, hi, dims.length, o, sigma);
    sigma[m] = hi - lo;
    const inv = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const s = sigma[k] as number;
      const c = mu[k] as number;
      inv[k] = 1 / s;
      const a = (lo - c) / s;
      const b = (hi - c) / s;
      // Kernels well inside the range lose no mass to truncation (Φ(−9) ≈ 1e-19).
      let logZ = a < -9 && b > 9 ? 0 : logGaussMass(a, b);
      if (dim.kind === 'float') logZ += Math.log(s) + LOG_SQRT_2PI;
      constants[k] = (constants[k] as number) - logZ;
    }
    mus.push(mu);
    sigmas.push(sigma);
    invSigmas.push(inv);
  });
  return { dims, size, weights, mus, sigmas, constants, invSigmas, catLog };
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

/**
 * log density of the mixture at `count` points (one array per dimension, model representation): a
 * log-sum-exp over components of the product of per-dimension kernels. Continuous dimensions use the
 * truncated normal density, discrete ones the kernel's mass on the point's grid cell, renormalised over
 * the range.
 *
 * @example
 * ```ts
 * const score = logPdfParzen(below, cands, 24).map((l, i) => l - logPdfParzen(above, cands, 24)[i]);
 * ```
 */
export const logPdfParzen = (
  est: ParzenEstimator,
  points: ReadonlyArray<ArrayLike<number>>,
  count: number,
): Float64Array => {
  const size = est.size;
  const acc = new Float64Array(size);
  const out = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    acc.set(est.constants);
    est.dims.forEach((dim, j) => {
      const x = (points[j] as ArrayLike<number>)[c] as number;
      const mu = est.mus[j] as Float64Array;
      if (dim.kind === 'cat') {
        const cl = est.catLog[j] as { hit: number; miss: number; prior: number };
        for (let k = 0; k < size; k++) {
          const o = mu[k] as number;
          acc[k] = (acc[k] as number) + (o < 0 ? cl.prior : o === x ? cl.hit : cl.miss);
        }
        return;
      }
      const inv = est.invSigmas[j] as Float64Array;
      if (dim.kind === 'float') {
        for (let k = 0; k < size; k++) {
          const t = (x - (mu[k] as number)) * (inv[k] as number);
          acc[k] = (acc[k] as number) - 0.5 * t * t;
        }
        return;
      }
      let lower: number;
      let upper: number;
      if (dim.kind === 'step') {
        lower = Math.max(dim.lo, x - dim.step / 2);
        upper = Math.min(dim.hi, x + dim.step / 2);
      } else {
        const n = Math.round(Math.exp(x));
        lower = Math.max(dim.lo, Math.log(n - 0.5));
        upper = Math.min(dim.hi, Math.log(n + 0.5));
      }
      for (let k = 0; k < size; k++) {
        const ck = mu[k] as number;
        const ik = inv[k] as number;
        acc[k] = (acc[k] as number) + logGaussMass((lower - ck) * ik, (upper - ck) * ik);
      }
    });
    let max = -Infinity;
    for (let k = 0; k < size; k++) if ((acc[k] as number) > max) max = acc[k] as number;
    if (max === -Infinity) {
      out[c] = -Infinity;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < size; k++) sum += Math.exp((acc[k] as number) - max);
    out[c] = max + Math.log(sum);
  }
  return out;
};
