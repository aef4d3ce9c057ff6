import type { Config } from '../lib/config.js';
import type { Distribution } from '../lib/distribution.js';
import { conditionHolds } from '../lib/distribution.js';
import type { ParamSpec, SearchSpace } from '../lib/searchSpace.js';
import { flattenSpace } from '../lib/searchSpace.js';
import { fromInternal, internalBounds } from '../lib/unitTransform.js';
import { intBelow } from '../lib/rng.js';

/**
 * One value drawn from a distribution's prior (Optuna's RandomSampler rule): uniform over the internal
 * range, so ints are uniform over their grid (half-step widening), log floats log-uniform, log ints
 * get mass ∝ ln((k+½)/(k−½)), categoricals are uniform.
 *
 * @example
 * ```ts
 * const [v] = withRng(rng, (next) => randomValue(int(1, 6), next));
 * ```
 */
export const randomValue = (d: Distribution, next: () => number): number | string | boolean => {
  if (d._tag === 'Categorical') return d.choices[intBelow(next, d.choices.length)] as string | number | boolean;
  const [lo, hi] = internalBounds(d);
  return fromInternal(d, lo + next() * (hi - lo));
};

/** True if a flattened parameter is active given the values chosen so far (parents come first). */
export const activeIn = (spec: ParamSpec, config: Readonly<Record<string, unknown>>): boolean => {
  const c = spec.condition;
  // Object.hasOwn, not `in`: a parameter may be named `toString` or `constructor`.
  return c === undefined || (Object.hasOwn(config, c.param) && conditionHolds(c, config[c.param]));
};

/**
 * A config drawn from the prior of every active parameter, in suggestion order.
 *
 * @example
 * ```ts
 * const [config, rng2] = withRng(rng, (next) => randomConfig(space, next));
 * ```
 */
export const randomConfig = (space: SearchSpace, next: () => number): Config => {
  const out: Record<string, number | string | boolean> = {};
  for (const spec of flattenSpace(space))
    if (activeIn(spec, out)) out[spec.name] = randomValue(spec.distribution, next);
  return out;
};
