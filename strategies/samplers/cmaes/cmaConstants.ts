/**
 * The constants of one CMA-ES run (Hansen's defaults, as CyberAgentAILab/cmaes sets them): recombination
 * weights (negative ones for the worse half in full CMA, active CMA), the variance-effective selection mass
 * and the learning rates of the mean, step size and covariance.
 */
export interface CmaConstants {
  readonly n: number;
  readonly lambda: number;
  readonly mu: number;
  /** λ weights, best first: positive for the best μ (summing to 1), then negative ones (full CMA) or zeros (sep). */
  readonly weights: ReadonlyArray<number>;
  readonly muEff: number;
  readonly c1: number;
  readonly cmu: number;
  readonly cm: number;
  readonly cSigma: number;
  readonly dSigma: number;
  readonly cc: number;
  /** E‖N(0, I)‖. */
  readonly chiN: number;
}

/**
 * The default population size 4 + ⌊3 ln n⌋.
 *
 * @example
 * ```ts
 * defaultPopulation(10); // 10
 * ```
 */
export const defaultPopulation = (n: number): number => 4 + Math.floor(3 * Math.log(n));

const chiOf = (n: number): number => Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));

const dampingOf = (muEff: number, n: number, cSigma: number): number =>
  1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;

/**
 * Full CMA-ES constants for dimension `n` and population `lambda` (weights w'_i = ln((λ+1)/2) − ln i;
 * negative weights scaled by α_min so the covariance stays positive definite).
 *
 * @example
 * ```ts
 * const k = cmaConstants(10, 10); // k.mu = 5, k.weights[0] ≈ 0.4563
 * ```
 */
export const cmaConstants = (n: number, lambda: number): CmaConstants => {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: lambda }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const pos = raw.slice(0, mu);
  const neg = raw.slice(mu);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const muEff = sum(pos) ** 2 / sum(pos.map((w) => w * w));
  const muEffMinus = neg.length === 0 ? 0 : sum(neg) ** 2 / sum(neg.map((w) => w * w));
  const alphaCov = 2;
  const c1 = alphaCov / ((n + 1.3) ** 2 + muEff);
  const cmu = Math.min(1 - c1 - 1e-8, (alphaCov * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + (alphaCov * muEff) / 2));
  const minAlpha = Math.min(1 + c1 / cmu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cmu) / (n * cmu));
  const posSum = sum(raw.filter((w) => w >= 0));
  const negSum = sum(raw.filter((w) => w < 0).map(Math.abs));
  const weights = raw.map((w) => (w >= 0 ? w / posSum : (minAlpha * w) / negSum));
  const cSigma = (muEff + 2) / (n + muEff + 5);
  return {
    n,
    lambda,
    mu,
    weights,
    muEff,
    c1,
    cmu,
    cm: 1,
    cSigma,
    dSigma: dampingOf(muEff, n, cSigma),
    cc: (4 + muEff / n) / (n + 4 + (2 * muEff) / n),
    chiN: chiOf(n),
  };
};

/**
 * sep-CMA-ES constants (Ros & Hansen 2008): positive weights only, and a covariance learning rate scaled
 * up by (n + 2)/3 since only the diagonal is learned.
 *
 * @example
 * ```ts
 * const k = sepCmaConstants(100, 17); // k.weights has 8 positive entries, then zeros
 * ```
 */
export const sepCmaConstants = (n: number, lambda: number): CmaConstants => {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 1) - Math.log(i + 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const pos = raw.map((w) => w / total);
  const muEff = 1 / pos.reduce((a, w) => a + w * w, 0);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cmuFull =
    2 / muEff / (n + Math.SQRT2) ** 2 + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2) ** 2 + muEff));
  const cmu = ((n + 2) / 3) * cmuFull;
  const cSigma = (muEff + 2) / (n + muEff + 3);
  return {
    n,
    lambda,
    mu,
    weights: [...pos, ...Array.from({ length: lambda - mu }, () => 0)],
    muEff,
    c1,
    cmu,
    cm: 1,
    cSigma,
    dSigma: dampingOf(muEff, n, cSigma),
    cc: 4 / (n + 4),
    chiN: chiOf(n),
  };
};
