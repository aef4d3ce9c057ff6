import { erfcx } from '../../math/erfcx.js';
import { ndtr } from '../../math/truncNormal.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_HALF = Math.SQRT1_2;
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

// 1 + z·Φ(z)/φ(z) for z ≤ −10 by its asymptotic series 1/t² − 3/t⁴ + 15/t⁶ − … (t = −z), returned as
// [log of it, Φ/φ]: the closed form would cancel to nothing there.
const farTail = (z: number): readonly [number, number] => {
  const w = 1 / (z * z);
  let term = 1;
  let sum = 1; // (1 + zc)·t²
  let mills = 1; // (Φ/φ)·t
  for (let k = 1; k < 60; k++) {
    term *= -(2 * k - 1) * w;
    mills += term;
    sum += term * (2 * k + 1);
    if (Math.abs(term) < 1e-17) break;
  }
  return [Math.log(sum) + Math.log(w), -mills / z];
};

/**
 * log h(z) with h(z) = z·Φ(z) + φ(z) = E[max(0, Z + z)], Z ~ N(0, 1): the standardised expected
 * improvement, in log space so that it stays finite and informative far into the left tail where h
 * underflows (z ≈ −39 in float64). For z < −1 it uses the erfcx form of Ament et al. (2023, eq. 9),
 * log φ(z) + log(1 + z·√(π/2)·erfcx(−z/√2)), and from −10 down the asymptotic series of the last
 * factor, which the closed form loses to cancellation (relative error ε·z²).
 *
 * @example
 * ```ts
 * logH(0); // log φ(0) ≈ -0.9189
 * logH(-40); // ≈ -808.30 (h itself underflows to 0)
 * ```
 */
export const logH = (z: number): number => logHWithSlope(z)[0];

/**
 * [log h(z), d log h / dz]; the slope is Φ(z)/h(z), computed in the same stable branches.
 *
 * @example
 * ```ts
 * logHWithSlope(0); // [log φ(0), 0.5 / φ(0)]
 * ```
 */
export const logHWithSlope = (z: number): readonly [number, number] => {
  if (z >= -1) {
    const cdf = ndtr(z);
    const h = z * cdf + INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    return [Math.log(h), cdf / h];
  }
  const logPhi = -0.5 * z * z - LOG_SQRT_2PI;
  if (z <= -10) {
    const [logRest, c] = farTail(z);
    return [logPhi + logRest, c / Math.exp(logRest)];
  }
  const c = SQRT_HALF_PI * erfcx(-SQRT_HALF * z); // Φ(z)/φ(z)
  const rest = 1 + z * c;
  return [logPhi + Math.log(rest), c / rest];
};

/**
 * The log expected improvement over `best` of a Gaussian posterior N(mean, variance) (maximisation):
 * log h((mean − best)/σ) + log σ, with 1e-12 added to the variance as Optuna does (a zero variance at an
 * observed point would make the gradient NaN).
 *
 * @example
 * ```ts
 * logEi(0, 1, 0); // log φ(0) ≈ -0.9189
 * ```
 */
export const logEi = (mean: number, variance: number, best: number): number => {
  const sigma = Math.sqrt(variance + 1e-12);
  return logH((mean - best) / sigma) + Math.log(sigma);
};
