import { ndtr, ndtri } from '../../math/truncNormal.js';
import type { CmaRun } from './cmaRun.js';

/**
 * The margin correction of CMA-ES with margin (Hamano et al. 2022), applied after each update: for each
 * discrete coordinate, the marginal N(m_j, σ²A_j²C_jj) of the encoded value must leave the mean's grid
 * cell with probability at least α (edge cells: α on the open side; inner cells: at least α/2 on each
 * side), so an integer parameter never sticks to one value. Edge cells move the mean; inner cells solve
 * for the mean and A_j that give exactly the corrected tail probabilities. Returns `run` unchanged
 * without margin.
 *
 * @example
 * ```ts
 * const corrected = cmaMarginCorrect(updated);
 * ```
 */
export const cmaMarginCorrect = (run: CmaRun): CmaRun => {
  const margin = run.margin;
  if (margin === undefined) return run;
  const { n, sigma } = run;
  const alpha = margin.alpha;
  const mean = run.mean.slice();
  const A = margin.A.slice();
  const zAlpha = ndtri(1 - alpha);
  for (let j = 0; j < n; j++) {
    const step = margin.steps[j] as number;
    if (step <= 0) continue;
    const cjj = run.sep ? (run.C[j] as number) : (run.C[j * n + j] as number);
    const sd = Math.sqrt(cjj) * sigma;
    const s = (A[j] as number) * sd;
    const m = mean[j] as number;
    const cells = Math.floor(1 / step + 1e-9);
    // Thresholds between grid values k·step and (k+1)·step lie at (k + ½)·step.
    const k = Math.min(cells, Math.max(0, Math.ceil(m / step - 0.5)));
    const lo = k > 0 ? (k - 0.5) * step : undefined;
    const hi = k < cells ? (k + 0.5) * step : undefined;
    if (!(s > 0)) continue;
    if (lo === undefined && hi !== undefined) {
      if (1 - ndtr((hi - m) / s) < alpha) mean[j] = hi - s * zAlpha;
      continue;
    }
    if (hi === undefined && lo !== undefined) {
      if (ndtr((lo - m) / s) < alpha) mean[j] = lo + s * zAlpha;
      continue;
    }
    if (lo === undefined || hi === undefined) continue;
    let pLow = ndtr((lo - m) / s);
    let pUp = 1 - ndtr((hi - m) / s);
    const pMid = 1 - pLow - pUp;
    pLow = Math.max(pLow, alpha / 2);
    pUp = Math.max(pUp, alpha / 2);
    const excess = 1 - pLow - pUp - pMid;
    const denom = pLow + pMid + pUp - (3 * alpha) / 2;
    const low2 = Math.min(0.5 - 1e-10, Math.max(1e-10, pLow + (excess * (pLow - alpha / 2)) / denom));
    const up2 = Math.min(0.5 - 1e-10, Math.max(1e-10, pUp + (excess * (pUp - alpha / 2)) / denom));
    const a = ndtri(1 - low2);
    const b = ndtri(1 - up2);
    A[j] = (hi - lo) / ((a + b) * sd);
    mean[j] = (lo * b + hi * a) / (a + b);
  }
  return { ...run, mean, margin: { ...margin, A: A.map((v) => v + 0) } };
};
