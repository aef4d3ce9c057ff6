import type { TpeDim } from './parzenEstimator.js';

// The terms every Parzen density shares.

/**
 * Terms more than 50 nats below the largest add < n·e^-50 relative to the sum, far below double
 * precision: they are skipped (and, on the line path, never computed).
 */
export const NEGLIGIBLE = 50;

/**
 * The grid cell of a discrete point in model space (a kernel's mass is taken over it), clipped to the
 * truncation bounds.
 *
 * @example
 * ```ts
 * cellOf(tpeDim(int(1, 5)) as Exclude<TpeDim, { kind: 'cat' | 'float' }>, 3); // [2.5, 3.5]
 * ```
 */
export const cellOf = (dim: Exclude<TpeDim, { kind: 'cat' | 'float' }>, x: number): readonly [number, number] => {
  if (dim.kind === 'step') return [Math.max(dim.lo, x - dim.step / 2), Math.min(dim.hi, x + dim.step / 2)];
  const n = Math.round(Math.exp(x));
  return [Math.max(dim.lo, Math.log(n - 0.5)), Math.min(dim.hi, Math.log(n + 0.5))];
};
