import { expNeg } from '../../math/expNeg.js';
import { logGaussMass } from '../../math/truncNormal.js';
import type { ParzenEstimator, TpeDim } from './parzenEstimator.js';
import { logPdfLine } from './parzenLine.js';
import { NEGLIGIBLE, cellOf } from './parzenTerms.js';

// The log density of a Parzen mixture at a batch of points: one-dimensional numeric models take the
// line (parzenLine.ts), the rest a log-sum-exp over components.

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
