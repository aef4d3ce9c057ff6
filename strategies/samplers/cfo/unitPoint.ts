import type { Config } from '../../../lib/config.js';
import type { Distribution } from '../../../lib/distribution.js';
import { show } from '../../../lib/errors.js';
import type { ParamSpec } from '../../../lib/searchSpace.js';
import { toUnit } from '../../../lib/unitTransform.js';
import { configFromUnit } from '../qmcSampler.js';

/** True when a distribution has more than one value (a dimension local search can move along). */
export const isTunable = (d: Distribution): boolean =>
  d._tag === 'Categorical' ? d.choices.length > 1 : d.high > d.low;

/**
 * A config value in [0, 1], as FLOW² normalises it: `toUnit` for numbers (log-aware, ints widened by
 * half a step), the centre of its cell, (index + ½) / C, for a categorical. NaN when the value does not
 * belong to the distribution.
 *
 * @example
 * ```ts
 * unitOfValue(categorical(['a', 'b']), 'b'); // 0.75
 * ```
 */
export const unitOfValue = (d: Distribution, v: unknown): number => {
  if (d._tag === 'Categorical') {
    const i = d.choices.indexOf(v as never);
    return i < 0 ? NaN : (i + 0.5) / d.choices.length;
  }
  return typeof v === 'number' && Number.isFinite(v) ? toUnit(d, v) : NaN;
};

/**
 * The unit point of a config: each parameter it has through {@link unitOfValue}; a parameter it lacks
 * (a branch not taken) keeps its coordinate from `fallback`, so a local move can later switch the branch on
 * from where it was.
 *
 * @example
 * ```ts
 * unitOfConfig(flattenSpace({ x: float(0, 10) }), { x: 5 }, [0.1]); // [0.5]
 * ```
 */
export const unitOfConfig = (
  params: ReadonlyArray<ParamSpec>,
  config: Config,
  fallback: ReadonlyArray<number>,
): number[] =>
  params.map((spec, j) => {
    const u = Object.hasOwn(config, spec.name) ? unitOfValue(spec.distribution, config[spec.name]) : NaN;
    return Number.isNaN(u) ? (fallback[j] ?? 0.5) : u;
  });

/**
 * Decodes a unit point to a config (the inverse of {@link unitOfConfig} up to rounding to the grid).
 *
 * @example
 * ```ts
 * configOfUnit(flattenSpace({ n: int(1, 4) }), [0.5]); // { n: 3 }
 * ```
 */
export const configOfUnit = (params: ReadonlyArray<ParamSpec>, x: ReadonlyArray<number>): Config =>
  configFromUnit(
    params,
    x.map((u) => Math.min(1 - 1e-12, Math.max(0, u))),
  );

/**
 * Checks a low-cost initial (partial) config against the flattened space: every key must name a
 * parameter and every value must belong to its distribution. Returns the problems, one per bad key.
 */
export const lowCostInitProblems = (params: ReadonlyArray<ParamSpec>, init: unknown, where: string): string[] => {
  if (init === undefined) return [];
  if (typeof init !== 'object' || init === null || Array.isArray(init))
    return [`${where} must be an object of parameter values, got ${show(init)}`];
  const p: string[] = [];
  for (const [k, v] of Object.entries(init)) {
    const spec = params.find((s) => s.name === k);
    if (spec === undefined) {
      p.push(`${where}.${k} is not a parameter of the space (known: ${params.map((s) => s.name).join(', ')})`);
      continue;
    }
    const d = spec.distribution;
    const ok =
      d._tag === 'Categorical'
        ? d.choices.includes(v as never)
        : typeof v === 'number' &&
          Number.isFinite(v) &&
          v >= d.low &&
          v <= d.high &&
          (d._tag !== 'Int' || Number.isInteger(v));
    if (!ok) p.push(`${where}.${k} must be a value of the parameter's distribution, got ${show(v)}`);
  }
  return p;
};
