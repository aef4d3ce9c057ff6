import type { Config } from '../../lib/config.js';
import type { Choice, Distribution } from '../../lib/distribution.js';
import { contains } from '../../lib/distribution.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import { describeDistribution, flattenSpace } from '../../lib/searchSpace.js';
import { shuffled, withRng } from '../../lib/rng.js';
import { fromInternal, internalBounds } from '../../lib/unitTransform.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import { activeIn } from '../randomConfig.js';

/** Options of {@link gridSampler}. */
export interface GridOptions {
  /** Explicit values per parameter; they override the values derived from the space. */
  readonly values?: Readonly<Record<string, ReadonlyArray<number | Choice>>>;
  /** Points per float parameter without explicit values or a step (evenly spaced, log-aware). */
  readonly resolution?: number;
  /**
   * Enumerating more int or stepped values than this is an error (pass explicit values), unless
   * `resolution` is given: such a parameter then gets `resolution` evenly spaced grid values. Default 1000.
   */
  readonly maxValuesPerParam?: number;
}

/** State of the grid sampler: the shuffled grid and the next index to hand out. */
export interface GridState {
  readonly grid: ReadonlyArray<Config>;
  readonly next: number;
}

const valuesFor = (
  name: string,
  d: Distribution,
  o: GridOptions,
  problems: string[],
): ReadonlyArray<number | Choice> => {
  const given = o.values !== undefined && Object.hasOwn(o.values, name) ? o.values[name] : undefined;
  if (given !== undefined) {
    if (given.length === 0) problems.push(`values.${name} must not be empty`);
    for (const v of given)
      if (!contains(d, v)) problems.push(`values.${name}: ${show(v)} is outside ${describeDistribution(d)}`);
    return given;
  }
  if (d._tag === 'Categorical') return d.choices;
  const max = o.maxValuesPerParam ?? 1000;
  if (d._tag === 'Int' || d.step !== undefined) {
    const step = d.step as number;
    const n = Math.round((d.high - d.low) / step) + 1;
    if (n > max && o.resolution !== undefined) {
      // Too many to enumerate: `resolution` evenly spaced grid values (log-aware), as for a float.
      const [lo, hi] = internalBounds(d);
      const r = o.resolution;
      const pts = Array.from({ length: r }, (_, k) =>
        fromInternal(d, r === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (r - 1)),
      );
      return [...new Set(pts)];
    }
    if (n > max) {
      problems.push(
        `${name}: ${describeDistribution(d)} has ${n} values (> ${max}); pass values.${name} or raise maxValuesPerParam`,
      );
      return [];
    }
    return Array.from({ length: n }, (_, k) => Math.min(d.high, d.low + k * step));
  }
  const r = o.resolution;
  if (r === undefined) {
    problems.push(`${name}: a float without a step needs values.${name} or options.resolution`);
    return [];
  }
  if (r === 1) return [fromInternal(d, (internalBounds(d)[0] + internalBounds(d)[1]) / 2)];
  const [lo, hi] = internalBounds(d);
  return Array.from({ length: r }, (_, k) => fromInternal(d, lo + ((hi - lo) * k) / (r - 1)));
};

// The product over the active set only, in suggestion order (last varies fastest): a conditional
// parameter is expanded only in the partial configs where its condition holds. Iterative, so a long
// space cannot overflow the stack.
const expand = (params: ReadonlyArray<ParamSpec>, o: GridOptions, problems: string[]): Config[] => {
  let out: Config[] = [{}];
  for (const spec of params) {
    const values = valuesFor(spec.name, spec.distribution, o, problems);
    const next: Config[] = [];
    for (const partial of out)
      if (!activeIn(spec, partial)) next.push(partial);
      else for (const v of values) next.push({ ...partial, [spec.name]: v });
    out = next;
  }
  return out;
};

/**
 * Grid search (Optuna GridSampler semantics, ALGORITHMS.md §1.1): the Cartesian product of each
 * parameter's values over the active set only (suggestion order, last varies fastest; a conditional
 * parameter is expanded only where its condition holds, whatever kind of condition it is),
 * shuffled once with the study's seed, each point handed out once. The study ends when the grid is
 * exhausted. Categoricals use their choices, ints and stepped floats their grid, other floats need
 * explicit `values` or a `resolution`.
 *
 * @example
 * ```ts
 * sampleWith(gridSampler({ values: { lr: [1e-3, 1e-2, 1e-1] } }))
 * ```
 * @throws InvalidOptionsError (at study start) naming a parameter whose values are missing or outside the space.
 */
export const gridSampler = (options: GridOptions = {}): Sampler<GridState> => {
  const p: string[] = unknownOptionProblems(options, ['values', 'resolution', 'maxValuesPerParam']);
  if (options.resolution !== undefined && !(Number.isInteger(options.resolution) && options.resolution >= 1))
    p.push(`resolution must be an integer >= 1, got ${show(options.resolution)}`);
  if (p.length > 0) throw new InvalidOptionsError('gridSampler', p);
  return {
    name: 'grid',
    finite: true,
    init: (space, rng) => {
      const problems: string[] = [];
      const names = new Set(flattenSpace(space).map((q) => q.name));
      for (const k of Object.keys(options.values ?? {}))
        if (!names.has(k)) problems.push(`values.${k}: ${show(k)} is not a parameter of the space`);
      const grid = expand(flattenSpace(space), options, problems);
      if (problems.length > 0) throw new InvalidOptionsError('gridSampler', problems);
      const [order] = withRng(rng, (next) => shuffled(grid, next));
      return { grid: order, next: 0 };
    },
    ask: (s) => (s.next < s.grid.length ? [s.grid[s.next] as Config, { grid: s.grid, next: s.next + 1 }] : [null, s]),
  };
};
