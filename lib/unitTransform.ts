import type { CategoricalDistribution, Choice, FloatDistribution, IntDistribution } from './distribution.js';

/** A numeric distribution. */
export type NumericDistribution = FloatDistribution | IntDistribution;

/**
 * The continuous range a model-based sampler works in (Optuna's internal representation): log for log
 * scales, widened by half a step for ints and stepped floats so every grid value gets an equal cell.
 *
 * @example
 * ```ts
 * internalBounds(int(1, 5)); // [0.5, 5.5]
 * internalBounds(int(1, 8, { log: true })); // [ln 0.5, ln 8.5]
 * ```
 */
export const internalBounds = (d: NumericDistribution): readonly [number, number] => {
  const q = d.step;
  if (d.log) {
    return d._tag === 'Int' ? [Math.log(d.low - 0.5), Math.log(d.high + 0.5)] : [Math.log(d.low), Math.log(d.high)];
  }
  return q === undefined ? [d.low, d.high] : [d.low - q / 2, d.high + q / 2];
};

/** A value mapped into the internal range (log taken where the scale is log). */
export const toInternal = (d: NumericDistribution, v: number): number => (d.log ? Math.log(v) : v);

/**
 * An internal coordinate decoded to a value of the distribution: exponentiated for log scales, snapped
 * to the step grid, and clipped to [low, high].
 *
 * @example
 * ```ts
 * fromInternal(int(1, 5), 2.7); // 3
 * ```
 */
export const fromInternal = (d: NumericDistribution, x: number): number => {
  let v: number;
  if (d._tag === 'Int') {
    v = d.log ? Math.round(Math.exp(x)) : d.low + d.step * Math.floor((x - d.low) / d.step + 0.5);
  } else if (d.step !== undefined) {
    v = d.low + Math.round((x - d.low) / d.step) * d.step;
  } else {
    v = d.log ? Math.exp(x) : x;
  }
  return Math.min(d.high, Math.max(d.low, v));
};

/**
 * A value mapped to [0, 1] through the internal range; a degenerate range maps to 0.5.
 *
 * @example
 * ```ts
 * toUnit(float(1e-4, 1, { log: true }), 1e-2); // 0.5
 * ```
 */
export const toUnit = (d: NumericDistribution, v: number): number => {
  const [lo, hi] = internalBounds(d);
  return hi > lo ? (toInternal(d, v) - lo) / (hi - lo) : 0.5;
};

/**
 * A point of [0, 1] decoded to a value of the distribution (the inverse of {@link toUnit} up to the grid).
 *
 * @example
 * ```ts
 * fromUnit(int(0, 9), 0.999); // 9
 * ```
 */
export const fromUnit = (d: NumericDistribution, u: number): number => {
  const [lo, hi] = internalBounds(d);
  return fromInternal(d, lo + u * (hi - lo));
};

/**
 * A point of [0, 1) decoded to a choice: index ⌊C·u⌋, so uniform points give uniform choices.
 *
 * @example
 * ```ts
 * choiceFromUnit(categorical(['a', 'b']), 0.7); // 'b'
 * ```
 */
export const choiceFromUnit = <C extends Choice>(d: CategoricalDistribution<C>, u: number): C =>
  d.choices[Math.min(d.choices.length - 1, Math.max(0, Math.floor(u * d.choices.length)))] as C;
