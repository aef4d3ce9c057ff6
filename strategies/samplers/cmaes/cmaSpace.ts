import type { Config } from '../../../lib/config.js';
import type { Choice, Distribution } from '../../../lib/distribution.js';
import type { ParamSpec } from '../../../lib/searchSpace.js';
import type { NumericDistribution } from '../../../lib/unitTransform.js';
import { fromUnit, toUnit } from '../../../lib/unitTransform.js';
import { activeIn, randomValue } from '../../randomConfig.js';

/**
 * The parameters an evolution strategy searches jointly (Optuna's rule for CMA-ES, made a property of the
 * space alone so it never depends on which trials happened to finish): floats and ints that every trial
 * has (no condition) and that can take more than one value. Categoricals, conditional parameters and
 * single-valued ones go to the independent sampler. Indices into `params`, in order.
 *
 * @example
 * ```ts
 * esDims(flattenSpace({ x: float(0, 1), act: categorical(['a', 'b']), n: int(1, 1) })); // [0]
 * ```
 */
export const esDims = (params: ReadonlyArray<ParamSpec>): number[] =>
  params.flatMap((p, i) => {
    const d = p.distribution;
    return p.condition === undefined && d._tag !== 'Categorical' && d.low < d.high ? [i] : [];
  });

/**
 * The grid step of a parameter in [0, 1] for CMA-ES with margin: step/(high − low) for linear ints and
 * stepped floats, 0 (continuous) for plain and log-scale floats and log ints (as Optuna maps them).
 *
 * @example
 * ```ts
 * marginStep(int(0, 4)); // 0.25
 * ```
 */
export const marginStep = (d: NumericDistribution): number => {
  if (d.log) return 0;
  return d.step === undefined ? 0 : d.step / (d.high - d.low);
};

/**
 * A parameter value in the strategy's [0, 1] coordinate: Optuna's transform (log scale, ints widened by
 * half a step), or, on a margin grid (`step` > 0), (v − low)/(high − low) so grid values are k·step.
 *
 * @example
 * ```ts
 * esUnit(int(0, 4), 2, 0.25); // 0.5
 * ```
 */
export const esUnit = (d: NumericDistribution, v: number, step = 0): number =>
  step > 0 ? (v - d.low) / (d.high - d.low) : toUnit(d, v);

/**
 * The inverse of {@link esUnit}: a coordinate of [0, 1] decoded to a valid value.
 *
 * @example
 * ```ts
 * esValue(int(0, 4), 0.5, 0.25); // 2
 * ```
 */
export const esValue = (d: NumericDistribution, u: number, step = 0): number => {
  if (step <= 0) return fromUnit(d, u);
  const q = d.step as number;
  const v = d.low + Math.round((u * (d.high - d.low)) / q) * q;
  return Math.min(d.high, Math.max(d.low, v));
};

/**
 * A config over the whole space: the strategy's coordinates for its parameters, the independent
 * sampler's values for the others where they are active under those values, and a prior draw for an
 * active parameter the independent config lacks (its branch depended on a value the strategy changed).
 *
 * @example
 * ```ts
 * composeConfig(params, new Map([[0, 0.25]]), indepConfig, next, [0]);
 * ```
 */
export const composeConfig = (
  params: ReadonlyArray<ParamSpec>,
  units: ReadonlyMap<number, number>,
  other: Config | undefined,
  next: () => number,
  steps?: ReadonlyMap<number, number>,
): Config => {
  const out: Record<string, Choice> = {};
  params.forEach((spec, i) => {
    if (!activeIn(spec, out)) return;
    const d: Distribution = spec.distribution;
    const u = units.get(i);
    if (u !== undefined && d._tag !== 'Categorical') {
      out[spec.name] = esValue(d, u, steps?.get(i) ?? 0);
      return;
    }
    if (d._tag !== 'Categorical' && d.low === d.high) {
      out[spec.name] = d.low;
      return;
    }
    const v = other !== undefined && Object.hasOwn(other, spec.name) ? other[spec.name] : undefined;
    out[spec.name] = v === undefined ? randomValue(d, next) : (v as Choice);
  });
  return out;
};
