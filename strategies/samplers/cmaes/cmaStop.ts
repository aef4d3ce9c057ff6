import type { CmaRun } from './cmaRun.js';
import { funHistTerm } from './cmaRun.js';

/** Why a CMA-ES run stopped (the reference's `should_stop` criteria), or undefined while it goes on. */
export type CmaStopReason = 'tolfun' | 'tolx' | 'tolxup' | 'noeffectcoord' | 'noeffectaxis' | 'conditioncov';

/** The reference's tolerances: tolfun 1e-12, tolx 1e-12·σ₀, tolxup 1e4, condition number 1e14. */
export const CMA_TOLERANCES = { tolfun: 1e-12, tolxRelative: 1e-12, tolxup: 1e4, conditionCov: 1e14 } as const;

/** The tolerances a caller may loosen: tolfun, and tolx relative to σ₀. */
export interface CmaStopTolerances {
  readonly tolfun: number;
  readonly tolxRelative: number;
}

/**
 * The termination criteria of the reference (cmaes `should_stop`), checked after each update: the best
 * and worst values of the last 10 + ⌈30n/λ⌉ generations within tolfun; every σ·C_jj and σ·p_c below
 * tolx; σ·max D above tolxup; adding 0.2σ√C_jj leaves some coordinate of the mean unchanged (or 0.1σ·D_i
 * along the axis i = g mod n leaves it all unchanged); the condition max D / min D above 1e14. A restart
 * strategy starts a new run when one holds. `tolerances` overrides tolfun and tolx (default: the reference's).
 *
 * @example
 * ```ts
 * if (cmaStopReason(run) !== undefined) run = restart(run);
 * ```
 */
export const cmaStopReason = (
  run: CmaRun,
  tolerances: CmaStopTolerances = CMA_TOLERANCES,
): CmaStopReason | undefined => {
  const { n, sigma, mean, C, B, D, g } = run;
  const t = { ...CMA_TOLERANCES, ...tolerances };
  if (g > funHistTerm(n, run.lambda)) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of run.funHist) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo < t.tolfun) return 'tolfun';
  }
  const diag = (j: number): number => (run.sep ? (C[j] as number) : (C[j * n + j] as number));
  const tolx = t.tolxRelative * run.sigma0;
  let allSmall = true;
  for (let j = 0; j < n && allSmall; j++)
    if (!(sigma * diag(j) < tolx && sigma * (run.pc[j] as number) < tolx)) allSmall = false;
  if (allSmall) return 'tolx';
  let maxD = -Infinity;
  let minD = Infinity;
  for (const d of D) {
    if (d > maxD) maxD = d;
    if (d < minD) minD = d;
  }
  if (sigma * maxD > t.tolxup) return 'tolxup';
  for (let j = 0; j < n; j++) {
    const m = mean[j] as number;
    if (m === m + 0.2 * sigma * Math.sqrt(diag(j))) return 'noeffectcoord';
  }
  const i = g % n;
  const di = D[i] as number;
  let unchanged = true;
  for (let j = 0; j < n && unchanged; j++) {
    const m = mean[j] as number;
    const axis = B === null ? 1 : (B[j * n + i] as number);
    if (m !== m + 0.1 * sigma * di * axis) unchanged = false;
  }
  if (unchanged) return 'noeffectaxis';
  if (maxD / minD > t.conditionCov) return 'conditioncov';
  return undefined;
};
