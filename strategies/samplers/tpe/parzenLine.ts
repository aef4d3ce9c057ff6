import { expNeg } from '../../math/expNeg.js';
import { lowerBound, upperBound } from '../../math/sorted.js';
import { logGaussMass } from '../../math/truncNormal.js';
import type { ParzenEstimator, ParzenLine, TpeDim } from './parzenEstimator.js';
import { NEGLIGIBLE, cellOf } from './parzenTerms.js';

// The density of a one-dimensional numeric model, point by point, summing only the kernels that can
// matter. A kernel at distance |x − μ| contributes at most
// boundC − ½(|x − μ| − h)²/σmax² (h = half the cell for discrete dims, whose mass is at most cell·φ/σ), so
// once a lower bound `ref` of the largest term is known, kernels further than σmax·√(2(boundC − ref + 50)) + h
// lie more than 50 nats below it: the ones the direct log-sum-exp skips. The kernels are sorted by centre,
// so the ones within reach are an index window [fullLo, fullHi), summed outward from x in steps: a partial
// window gives a lower bound of the density (every term is positive), which is what lets
// bestCandidate (tpeAcquisition.ts) drop candidates without finishing their sums.

/** The running sums of a batch of points on a line (see {@link lineStart} and {@link lineGrow}). */
export interface LineSums {
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

// One shared set of sums, grown as needed: scoring is synchronous and never nested.
let lineScratch: LineSums | undefined;

/**
 * Sums for `count` points (reused between calls: valid until the next call).
 *
 * @example
 * ```ts
 * const ls = lineSumsOf(24);
 * lineStart(est, est.line, x, 0, ls, 0);
 * ```
 */
export const lineSumsOf = (count: number): LineSums => {
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

/**
 * Starts point c's sum: the prior term and the (up to) `start` kernels nearest x, with ref = the largest
 * of the prior and the two kernels around x (a lower bound of the largest term), and the full window of
 * kernels within reach.
 *
 * @example
 * ```ts
 * lineStart(g, g.line, x, c, ls, 8); // then lineGrow(...) towards [ls.fullLo[c], ls.fullHi[c])
 * ```
 */
export const lineStart = (
  est: ParzenEstimator,
  line: ParzenLine,
  x: number,
  c: number,
  ls: LineSums,
  start: number,
): void => {
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

/**
 * Extends point c's window to [lo, hi) (within its full window), adding the new kernels' terms; the
 * density so far is ref + log(sum), a lower bound of the full one.
 *
 * @example
 * ```ts
 * lineGrow(line, true, c, ls, ls.fullLo[c], ls.fullHi[c]); // finish point c
 * ```
 */
export const lineGrow = (
  line: ParzenLine,
  continuous: boolean,
  c: number,
  ls: LineSums,
  lo: number,
  hi: number,
): void => {
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

/**
 * The log density of a one-dimensional numeric model at `count` points, every point's window summed in
 * full (the same terms as the direct log-sum-exp).
 *
 * @example
 * ```ts
 * const logL = logPdfLine(est, est.line, xs, 24);
 * ```
 */
export const logPdfLine = (
  est: ParzenEstimator,
  line: ParzenLine,
  xs: ArrayLike<number>,
  count: number,
): Float64Array => {
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
