import { boxMinimize } from '../../math/boxMinimize.js';
import type { GpInputs, GpParams } from './maternKernel.js';
import { addLogPriorGradient, gpLogPrior, MIN_NOISE, paramsFromRaw } from './gpPrior.js';
import { logMarginalLikelihood, pairDistances } from './logMarginalLikelihood.js';

/** Options of {@link fitGp}. */
export interface FitGpOptions {
  /**
   * Raw starting points ([ln κ…, ln s, ln(σ² − 1e-6)], see `paramsFromRaw`), tried in order; the
   * default start (κ = 1, s = 1, σ² = 1) is appended when `withDefaultStart` is true or the list is empty.
   */
  readonly starts?: ReadonlyArray<ReadonlyArray<number>>;
  readonly withDefaultStart?: boolean;
  /** Pin σ² at its minimum (a noiseless objective). Default false. */
  readonly deterministic?: boolean;
  /** Projected-gradient tolerance of the optimiser. Default 1e-2 (Optuna's). */
  readonly gtol?: number;
  /** Iteration cap per start. Default 200. */
  readonly maxIter?: number;
}

/** A fit: the MAP hyper-parameters, their raw vector, and the loss −(log ML + log prior) they reach. */
export interface GpFit {
  readonly params: GpParams;
  readonly raw: ReadonlyArray<number>;
  readonly loss: number;
  /** Likelihood evaluations the fit spent (all starts). */
  readonly evaluations: number;
}

// ln(σ² − 1e-6) that pins σ² at its minimum (exp of it is far below 1e-6's last digit).
const PINNED = -700;

/**
 * The default raw start: κ = 1, s = 1, σ² = 1 (σ² at its minimum when deterministic).
 *
 * @example
 * ```ts
 * defaultRaw(2, false); // [0, 0, 0, ln(1 − 1e-6)]
 * ```
 */
export const defaultRaw = (d: number, deterministic: boolean): number[] => [
  ...Array.from({ length: d + 1 }, () => 0),
  deterministic ? PINNED : Math.log(1 - MIN_NOISE),
];

/**
 * Fits the GP hyper-parameters by maximum a posteriori: minimises −(log marginal likelihood + log prior)
 * over the raw parameters with the bounded quasi-Newton optimiser, from each start (the previous fit
 * first, so a study's refits usually converge in a few iterations), keeping the best. If no start
 * reaches a finite loss, it retries from the defaults (κ = 1, s = 1, σ² = 1), and if that fails too it
 * returns the defaults unfitted, as Optuna does.
 *
 * @example
 * ```ts
 * const fit = fitGp(inputs, yStandardised, { starts: previous ? [previous.raw] : [] });
 * fit.params.invSqLengthscales; // one per dimension
 * ```
 */
export const fitGp = (inputs: GpInputs, y: ArrayLike<number>, options: FitGpOptions = {}): GpFit => {
  const d = inputs.d;
  const deterministic = options.deterministic ?? false;
  const dist = pairDistances(inputs);
  const buf = new Float64Array(d + 2);
  let evaluations = 0;
  const loss = (raw: Float64Array, grad: Float64Array): number => {
    evaluations++;
    const p = paramsFromRaw(raw, d);
    buf.fill(0);
    const lml = logMarginalLikelihood(dist, y, p, buf);
    if (!Number.isFinite(lml)) {
      grad.fill(0);
      return Infinity;
    }
    addLogPriorGradient(p, buf);
    for (let i = 0; i < d + 2; i++) grad[i] = -(buf[i] as number);
    if (deterministic) grad[d + 1] = 0;
    return -(lml + gpLogPrior(p));
  };
  const lower = Array.from({ length: d + 2 }, () => -Infinity);
  const upper = Array.from({ length: d + 2 }, () => Infinity);
  if (deterministic) {
    lower[d + 1] = PINNED;
    upper[d + 1] = PINNED;
  }
  const starts = [...(options.starts ?? [])].filter((s) => s.length === d + 2);
  const withDefault = starts.length === 0 || options.withDefaultStart === true;
  if (withDefault) starts.push(defaultRaw(d, deterministic));
  let best: { raw: number[]; loss: number } | undefined;
  const tryFrom = (s: ReadonlyArray<number>): void => {
    const x0 = Float64Array.from(s);
    if (deterministic) x0[d + 1] = PINNED;
    const r = boxMinimize(loss, x0, lower, upper, { pgtol: options.gtol ?? 1e-2, maxIter: options.maxIter ?? 200 });
    if (Number.isFinite(r.f) && (best === undefined || r.f < best.loss)) best = { raw: Array.from(r.x), loss: r.f };
  };
  starts.forEach(tryFrom);
  // Every start failed (a likelihood that is not finite anywhere it went): retry from the defaults.
  if (best === undefined && !withDefault) tryFrom(defaultRaw(d, deterministic));
  const raw = best?.raw ?? defaultRaw(d, deterministic);
  return { params: paramsFromRaw(raw, d), raw, loss: best?.loss ?? Infinity, evaluations };
};
