import type { Config } from '../lib/config.js';
import type { FloatDistribution } from '../lib/distribution.js';
import { float } from '../lib/distribution.js';

/** The overhead protocol's space: x0..x9 floats in [-5, 5] (no log, no step). */
export const overheadSpace: Readonly<Record<string, FloatDistribution>> = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`x${i}`, float(-5, 5)]),
);

/**
 * The overhead protocol's trivial objective, Σ x_i², over x0..x9 in order.
 *
 * @example
 * ```ts
 * sumOfSquares({ x0: 1, x1: 2 }); // 5 (missing params count as absent)
 * ```
 */
export const sumOfSquares = (config: Config): number => {
  let s = 0.0;
  for (let i = 0; i < 10; i++) {
    const v = config[`x${i}`];
    if (typeof v === 'number') s += v * v;
  }
  return s;
};
