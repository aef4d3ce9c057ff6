import type { CmaRun } from './cmaRun.js';
import { constantsOf, funHistTerm } from './cmaRun.js';
import { cmaEigen } from './cmaEigen.js';
import { cmaMarginCorrect } from './cmaMargin.js';
import { plainNumbers } from './plainNumbers.js';

/** One evaluated candidate: the point the update learns from and its value (lower is better). */
export interface CmaSolution {
  readonly x: ReadonlyArray<number>;
  readonly f: number;
}

const EPS = 1e-8;
const SIGMA_MAX = 1e32;

/**
 * Generations between two eigendecompositions of C (Hansen's lazy rule, 1/(10·n·(c₁ + c_μ)) rounded
 * down, at least 1): every generation up to about 30 dimensions, as the reference does, and rarer above,
 * where the O(n³) decomposition would dominate.
 *
 * @example
 * ```ts
 * eigenGap(10, 0.015, 0.02); // 1
 * ```
 */
export const eigenGap = (n: number, c1: number, cmu: number): number =>
  Math.max(1, Math.floor(1 / (10 * n * (c1 + cmu))));

/**
 * The CMA-ES update from exactly λ evaluated candidates (ALGORITHMS.md §5.1 tell; §5.2 for sep-CMA):
 * mean, step-size path and σ (CSA), covariance path, rank-one and rank-μ update with negative weights
 * (full CMA), then the margin correction when the run has one. Pure: returns the next run.
 *
 * @example
 * ```ts
 * const next = cmaUpdate(run, candidates.map((c, i) => ({ x: c.x, f: values[i] })));
 * ```
 * @throws Error if not given exactly λ solutions (a caller bug).
 */
export const cmaUpdate = (run: CmaRun, solutions: ReadonlyArray<CmaSolution>): CmaRun => {
  const { n, lambda, sep } = run;
  if (solutions.length !== lambda) throw new Error(`cmaUpdate: ${solutions.length} solutions for λ = ${lambda}`);
  const k = constantsOf(run);
  const g = run.g + 1;
  const sorted = solutions.slice().sort((a, b) => a.f - b.f);
  const term = funHistTerm(n, lambda);
  const funHist = run.funHist.slice();
  const at = 2 * (g % term);
  funHist[at] = (sorted[0] as CmaSolution).f;
  funHist[at + 1] = (sorted[lambda - 1] as CmaSolution).f;

  const { sigma, B, D } = run;
  const mean0 = run.mean;
  // The arithmetic runs on Float64Array scratch (one element kind, no boxing) in the same order as the
  // textbook loops, so results are bit-identical; plain arrays are built once, for the JSON state.
  const ys = new Float64Array(lambda * n);
  for (let r = 0; r < lambda; r++) {
    const x = (sorted[r] as CmaSolution).x;
    for (let j = 0; j < n; j++) ys[r * n + j] = ((x[j] as number) - (mean0[j] as number)) / sigma;
  }
  const yw = new Float64Array(n);
  for (let i = 0; i < k.mu; i++) {
    const w = k.weights[i] as number;
    for (let j = 0; j < n; j++) yw[j] = (yw[j] as number) + w * (ys[i * n + j] as number);
  }
  const mean = mean0.map((m, j) => m + k.cm * sigma * (yw[j] as number));

  // C^(-1/2)·v = B·D⁻¹·Bᵀ·v (sep: v / D), for v = src[off .. off + n).
  const t = new Float64Array(n);
  const invSqrt = (src: Float64Array, off: number, out: Float64Array): Float64Array => {
    if (B === null) {
      for (let j = 0; j < n; j++) out[j] = (src[off + j] as number) / (D[j] as number);
      return out;
    }
    for (let a = 0; a < n; a++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (B[i * n + a] as number) * (src[off + i] as number);
      t[a] = acc / (D[a] as number);
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let a = 0; a < n; a++) acc += (B[i * n + a] as number) * (t[a] as number);
      out[i] = acc;
    }
    return out;
  };

  const cs = k.cSigma;
  const csFactor = Math.sqrt(cs * (2 - cs) * k.muEff);
  const cyw = invSqrt(yw, 0, new Float64Array(n));
  const pSigma = run.pSigma.map((p, j) => (1 - cs) * p + csFactor * (cyw[j] as number));
  const normPs = Math.sqrt(pSigma.reduce((a, v) => a + v * v, 0));
  const nextSigma = Math.min(sigma * Math.exp((cs / k.dSigma) * (normPs / k.chiN - 1)), SIGMA_MAX);
  const hSigma = normPs / Math.sqrt(1 - (1 - cs) ** (2 * (g + 1))) < (1.4 + 2 / (n + 1)) * k.chiN ? 1 : 0;
  const ccFactor = hSigma * Math.sqrt(k.cc * (2 - k.cc) * k.muEff);
  const pc = run.pc.map((p, j) => (1 - k.cc) * p + ccFactor * (yw[j] as number));
  const deltaH = (1 - hSigma) * k.cc * (2 - k.cc);
  const wSum = k.weights.reduce((a, w) => a + w, 0);
  const decay = 1 + k.c1 * deltaH - k.c1 - k.cmu * wSum;

  let C: ArrayLike<number>;
  if (sep) {
    C = run.C.map((c, j) => {
      let rankMu = 0;
      for (let i = 0; i < k.mu; i++) rankMu += (k.weights[i] as number) * (ys[i * n + j] as number) ** 2;
      return decay * c + k.c1 * (pc[j] as number) ** 2 + k.cmu * rankMu;
    });
  } else {
    const Cf = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) Cf[i] = decay * (run.C[i] as number);
    for (let i = 0; i < n; i++) {
      const pi = pc[i] as number;
      for (let j = 0; j < n; j++) Cf[i * n + j] = (Cf[i * n + j] as number) + k.c1 * pi * (pc[j] as number);
    }
    const cy = new Float64Array(n);
    for (let r = 0; r < lambda; r++) {
      let w = k.weights[r] as number;
      const off = r * n;
      if (w < 0) {
        invSqrt(ys, off, cy);
        let sq = 0;
        for (let j = 0; j < n; j++) sq = sq + (cy[j] as number) * (cy[j] as number);
        w *= n / (sq + EPS);
      }
      const cw = k.cmu * w;
      for (let i = 0; i < n; i++) {
        const yi = cw * (ys[off + i] as number);
        const row = i * n;
        for (let j = 0; j < n; j++) Cf[row + j] = (Cf[row + j] as number) + yi * (ys[off + j] as number);
      }
    }
    C = Cf;
  }

  let nextB = B;
  let nextD = D;
  let eigenAt = run.eigenAt;
  if (sep) {
    const sqrtC = new Array<number>(n);
    for (let j = 0; j < n; j++) sqrtC[j] = Math.sqrt((C[j] as number) < 0 ? EPS : (C[j] as number)) + 0;
    nextD = sqrtC;
    eigenAt = g;
  } else if (g - run.eigenAt >= eigenGap(n, k.c1, k.cmu)) {
    const e = cmaEigen(C, n);
    if (e.repaired !== undefined) C = e.repaired;
    nextB = plainNumbers(e.B);
    nextD = plainNumbers(e.D);
    eigenAt = g;
  }
  const next: CmaRun = {
    ...run,
    mean,
    sigma: nextSigma,
    C: plainNumbers(C),
    B: nextB,
    D: nextD,
    eigenAt,
    pSigma: plainNumbers(pSigma),
    pc: plainNumbers(pc),
    g,
    funHist: plainNumbers(funHist),
  };
  const out = cmaMarginCorrect(next);
  return { ...out, mean: plainNumbers(out.mean), sigma: out.sigma + 0 };
};
