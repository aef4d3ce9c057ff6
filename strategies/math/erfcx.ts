import { erfc } from './truncNormal.js';

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/**
 * The scaled complementary error function erfcx(x) = exp(x²)·erfc(x), finite and accurate where erfc
 * underflows (erfcx(x) ≈ 1/(x√π) for large x). Below 10 it is exp(x²)·erfc(x) from an erfc with a small
 * relative error in its tail; from 10 up the asymptotic series, summed until its terms stop mattering.
 * Negative arguments: erfcx(x) = 2·exp(x²) − erfcx(−x), which overflows to +∞ below about −26.6.
 *
 * @example
 * ```ts
 * erfcx(0); // 1
 * erfcx(30); // ≈ 0.018795888861416751
 * ```
 */
export const erfcx = (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return x < -26.7 ? Infinity : 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 10) return Math.exp(x * x) * erfc(x);
  if (x === Infinity) return 0;
  // 1/(x√π) · Σ (−1)^k (2k−1)!! / (2x²)^k; at x ≥ 10 the terms fall below 1e-17 long before they grow.
  const w = 1 / (2 * x * x);
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    term *= -(2 * k - 1) * w;
    sum += term;
    if (Math.abs(term) < 1e-17 * sum) break;
  }
  return (INV_SQRT_PI / x) * sum;
};
