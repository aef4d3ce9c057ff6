import type { CmaConstants } from './cmaConstants.js';
import { cmaConstants, sepCmaConstants } from './cmaConstants.js';
import { cmaEigen } from './cmaEigen.js';
import { plainNumbers } from './plainNumbers.js';

/** Per discrete coordinate of CMA-ES with margin: its grid step in [0, 1] (0 = continuous) and scale A. */
export interface CmaMargin {
  /** Grid step of each coordinate in the unit space; 0 for a continuous one. */
  readonly steps: ReadonlyArray<number>;
  /** The per-coordinate scale of the deviation from the mean before snapping to the grid (1 at first). */
  readonly A: ReadonlyArray<number>;
  /** The margin α: the least probability of leaving the mean's grid cell on each side. */
  readonly alpha: number;
}

/**
 * One CMA-ES run over [0, 1]^n: plain JSON data (it lives in the sampler state the journal replays).
 * `C` is n × n row-major (full CMA) or its diagonal (sep-CMA). `B`, `D` are the eigendecomposition of `C`
 * as of generation `eigenAt` (full CMA refreshes it only when due); for sep-CMA `B` is null and D = √C.
 */
export interface CmaRun {
  readonly n: number;
  readonly sep: boolean;
  readonly lambda: number;
  readonly mean: ReadonlyArray<number>;
  readonly sigma: number;
  /** σ at the start of the run (tolx is relative to it). */
  readonly sigma0: number;
  readonly C: ReadonlyArray<number>;
  readonly B: ReadonlyArray<number> | null;
  readonly D: ReadonlyArray<number>;
  readonly eigenAt: number;
  readonly pSigma: ReadonlyArray<number>;
  readonly pc: ReadonlyArray<number>;
  /** Generations completed (tells). */
  readonly g: number;
  /** Best and worst value of each of the last generations, for tolfun (slot 2·(g mod term)). */
  readonly funHist: ReadonlyArray<number>;
  readonly margin?: CmaMargin;
}

/** What starts a run. */
export interface CmaRunInit {
  readonly mean: ReadonlyArray<number>;
  readonly sigma: number;
  readonly lambda: number;
  readonly sep?: boolean;
  /** Initial covariance (full CMA, n × n row-major). Default I. */
  readonly cov?: ReadonlyArray<number>;
  /** Grid steps in [0, 1] per coordinate (0 = continuous): CMA-ES with margin when any is > 0. */
  readonly steps?: ReadonlyArray<number>;
}

const constantsCache = new Map<string, CmaConstants>();

/**
 * The constants of a run (derived from n and λ, so they stay out of the state).
 *
 * @example
 * ```ts
 * constantsOf(run).weights;
 * ```
 */
export const constantsOf = (run: Pick<CmaRun, 'n' | 'lambda' | 'sep'>): CmaConstants => {
  // Memoised (a pure function of three numbers; a study uses one or a few): recomputing the weights
  // every generation was a visible share of an update.
  const key = `${run.sep ? 's' : 'f'}${run.n}:${run.lambda}`;
  let k = constantsCache.get(key);
  if (k === undefined) {
    k = run.sep ? sepCmaConstants(run.n, run.lambda) : cmaConstants(run.n, run.lambda);
    if (constantsCache.size >= 64) constantsCache.clear();
    constantsCache.set(key, k);
  }
  return k;
};

/** Generations the tolfun history spans: 10 + ⌈30n/λ⌉. */
export const funHistTerm = (n: number, lambda: number): number => 10 + Math.ceil((30 * n) / lambda);

/**
 * A fresh run: p_σ = p_c = 0, C = I (or `cov`), generation 0.
 *
 * @example
 * ```ts
 * const run = cmaRun({ mean: [0.5, 0.5], sigma: 1 / 6, lambda: 6 });
 * ```
 */
export const cmaRun = (init: CmaRunInit): CmaRun => {
  const n = init.mean.length;
  const sep = init.sep ?? false;
  const zeros = (): number[] => new Array<number>(n).fill(0);
  let C: number[];
  let B: number[] | null = null;
  let D: number[];
  if (sep) {
    C = new Array<number>(n).fill(1);
    D = C.slice();
  } else if (init.cov === undefined) {
    C = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) C[i * n + i] = 1;
    B = C.slice();
    D = new Array<number>(n).fill(1);
  } else {
    const e = cmaEigen(init.cov, n);
    C = plainNumbers(e.repaired ?? init.cov);
    B = plainNumbers(e.B);
    D = plainNumbers(e.D);
  }
  const run: CmaRun = {
    n,
    sep,
    lambda: init.lambda,
    mean: plainNumbers(init.mean),
    sigma: init.sigma,
    sigma0: init.sigma,
    C,
    B,
    D,
    eigenAt: 0,
    pSigma: zeros(),
    pc: zeros(),
    g: 0,
    funHist: new Array<number>(2 * funHistTerm(n, init.lambda)).fill(0),
  };
  const steps = init.steps;
  if (steps === undefined || !steps.some((s) => s > 0)) return run;
  return { ...run, margin: { steps: steps.slice(), A: new Array<number>(n).fill(1), alpha: 1 / (n * init.lambda) } };
};
