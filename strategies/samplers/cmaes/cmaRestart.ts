import type { CmaRun } from './cmaRun.js';

/** The restart strategies: IPOP doubles λ at each restart; BIPOP alternates large and small-budget runs. */
export type CmaRestartKind = 'ipop' | 'bipop';

/** Bookkeeping of the restarts of one study (JSON data). */
export interface CmaRestarts {
  readonly kind: CmaRestartKind;
  /** The first run's population. */
  readonly lambda0: number;
  /** Runs started after the first. */
  readonly count: number;
  /** BIPOP: large runs started so far (the exponent of λ₀·2^k). */
  readonly nLarge: number;
  /** BIPOP: evaluations (λ·generations) spent in small and in large runs. */
  readonly smallBudget: number;
  readonly largeBudget: number;
  /** BIPOP: the regime of the current run (the first run counts as small). */
  readonly regime: 'small' | 'large';
}

/** Population growth factor per IPOP restart and per BIPOP large run. */
export const INC_POPSIZE = 2;

/**
 * The restart bookkeeping before the first run.
 *
 * @example
 * ```ts
 * cmaRestarts('bipop', 10);
 * ```
 */
export const cmaRestarts = (kind: CmaRestartKind, lambda0: number): CmaRestarts => ({
  kind,
  lambda0,
  count: 0,
  nLarge: 0,
  smallBudget: 0,
  largeBudget: 0,
  regime: 'small',
});

/**
 * How the next run starts once `ended` has stopped (ALGORITHMS.md §5.4, the reference's examples): a mean
 * uniform in [0, 1]^n, and IPOP: λ·2, σ₀; BIPOP: the ended run's evaluations go to its regime's budget,
 * then a small run (λ = ⌊λ₀·(2^nLarge)^(U²)⌋, σ = σ₀·10^(−2U)) while the small budget is below the
 * large one, else a large run (λ = λ₀·2^(nLarge+1), σ₀).
 *
 * @example
 * ```ts
 * const [{ restarts, lambda, sigma, mean }] = withRng(rng, (next) => cmaRestart(r, ended, 1 / 6, next));
 * ```
 */
export const cmaRestart = (
  r: CmaRestarts,
  ended: CmaRun,
  sigma0: number,
  next: () => number,
): { restarts: CmaRestarts; lambda: number; sigma: number; mean: number[] } => {
  let restarts: CmaRestarts;
  let lambda: number;
  let sigma = sigma0;
  if (r.kind === 'ipop') {
    lambda = ended.lambda * INC_POPSIZE;
    restarts = { ...r, count: r.count + 1 };
  } else {
    const spent = ended.lambda * ended.g;
    const smallBudget = r.smallBudget + (r.regime === 'small' ? spent : 0);
    const largeBudget = r.largeBudget + (r.regime === 'large' ? spent : 0);
    if (smallBudget < largeBudget) {
      const u = next();
      lambda = Math.max(2, Math.floor(r.lambda0 * (INC_POPSIZE ** r.nLarge) ** (u * u)));
      sigma = sigma0 * 10 ** (-2 * next());
      restarts = { ...r, count: r.count + 1, smallBudget, largeBudget, regime: 'small' };
    } else {
      const nLarge = r.nLarge + 1;
      lambda = r.lambda0 * INC_POPSIZE ** nLarge;
      restarts = { ...r, count: r.count + 1, nLarge, smallBudget, largeBudget, regime: 'large' };
    }
  }
  const mean = Array.from({ length: ended.n }, () => next());
  return { restarts, lambda, sigma, mean };
};
