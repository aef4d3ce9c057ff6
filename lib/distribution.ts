import { InvalidOptionsError, show } from './errors.js';
import type { SearchSpace } from './searchSpace.js';

/** A value a categorical parameter can take. */
export type Choice = string | number | boolean;

/**
 * When a conditional parameter is active: the value of an earlier parameter `param` is one of `in`
 * (ints and categoricals), or lies in the inclusive range [`low`, `high`] (ints and floats; either bound
 * may be left out). A parameter is active only if `param` is itself active, so conditions nest.
 */
export type Condition = MembershipCondition | RangeCondition;
/** `param`'s value is one of `in`. */
export interface MembershipCondition {
  readonly param: string;
  readonly in: ReadonlyArray<Choice>;
}
/** `param`'s value is in [`low`, `high`] (inclusive; a missing bound is unbounded). */
export interface RangeCondition {
  readonly param: string;
  readonly low?: number;
  readonly high?: number;
}

/** A float in [low, high]; `log` searches in log space; `step` quantises to low + k·step. */
export interface FloatDistribution {
  readonly _tag: 'Float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step?: number;
  /** Set by {@link when}: the parameter exists only in configs where the condition holds. */
  readonly when?: Condition;
}

/**
 * An integer in [low, high] (both inclusive), on the grid low + k·step; `log` needs step 1. `each`
 * (see {@link int}) repeats a sub-space once per unit of the value: `name${i}` is active iff value > i.
 */
export interface IntDistribution {
  readonly _tag: 'Int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
  readonly each?: SearchSpace;
  /** Set by {@link when}: the parameter exists only in configs where the condition holds. */
  readonly when?: Condition;
}

/**
 * One of `choices`. `branches` makes the space conditional: choosing `c` activates `branches[c]`
 * (a sub-space whose parameters exist only in configs with that choice).
 */
export interface CategoricalDistribution<
  C extends Choice = Choice,
  B extends Partial<Record<string, SearchSpace>> = Partial<Record<string, SearchSpace>>,
> {
  readonly _tag: 'Categorical';
  readonly choices: ReadonlyArray<C>;
  readonly branches: B;
  /** Set by {@link when}: the parameter exists only in configs where the condition holds. */
  readonly when?: Condition;
}

/** The closed set of parameter distributions. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** Options of {@link float}. */
export interface FloatOptions {
  readonly log?: boolean;
  readonly step?: number;
}
/** Options of {@link int}. */
export interface IntOptions {
  readonly log?: boolean;
  readonly step?: number;
}

/** An int whose value repeats the sub-space `E` (see {@link int}'s `each`). */
export type RepeatingInt<E extends SearchSpace> = Omit<IntDistribution, 'each'> & { readonly each: E };

/** A distribution made conditional by {@link when}. */
export type Conditional<D extends Distribution> = D & { readonly when: Condition };

/**
 * How many levels of conditions a space may nest (a branch inside a branch, a condition on a conditional
 * parameter, …). Deeper spaces are an `InvalidOptionsError`, never a stack overflow.
 */
export const MAX_CONDITION_DEPTH = 32;

/** How many repetitions an `int(…, { each })` may produce (its `high`). */
export const MAX_EACH = 1024;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
// Grid counts above 2^53 cannot be indexed exactly by a float64.
const MAX_GRID = Number.MAX_SAFE_INTEGER;

/** Problems with a numeric distribution, each naming the field and its value. Empty when valid. */
export const numericProblems = (d: {
  readonly _tag: 'Float' | 'Int';
  readonly low: unknown;
  readonly high: unknown;
  readonly log: unknown;
  readonly step?: unknown;
}): string[] => {
  const p: string[] = [];
  const { low, high, log, step } = d;
  if (!isNum(low)) p.push(`low must be a finite number, got ${show(low)}`);
  if (!isNum(high)) p.push(`high must be a finite number, got ${show(high)}`);
  if (typeof log !== 'boolean') p.push(`log must be a boolean, got ${show(log)}`);
  if (step !== undefined && (!isNum(step) || step <= 0)) p.push(`step must be a number > 0, got ${show(step)}`);
  if (p.length > 0) return p;
  const lo = low as number;
  const hi = high as number;
  if (lo > hi) p.push(`low (${lo}) must be <= high (${hi})`);
  if (d._tag === 'Int') {
    // Past 2^53 neighbouring integers collapse onto one float64: a sampler could not hit every value.
    for (const [k, v] of [
      ['low', lo],
      ['high', hi],
      ['step', step],
    ] as const) {
      if (v === undefined) continue;
      if (!Number.isInteger(v)) p.push(`${k} must be an integer, got ${show(v)}`);
      else if (!Number.isSafeInteger(v)) p.push(`${k} must be a safe integer (|${k}| <= 2^53 - 1), got ${show(v)}`);
    }
  } else if (!Number.isFinite(hi - lo)) {
    p.push(`the width high - low of [${lo}, ${hi}] overflows float64 (use a narrower range or log: true)`);
  } else if (step !== undefined && !Number.isFinite(hi - lo + (step as number)))
    p.push(`the range [${lo}, ${hi}] widened by step ${show(step)} overflows float64`);
  if (log === true) {
    if (lo <= 0) p.push(`log scale needs low > 0, got low = ${lo}`);
    if (step !== undefined && !(d._tag === 'Int' && step === 1))
      p.push(`log scale cannot be combined with step ${show(step)}`);
  }
  if (p.length === 0 && log === true && !Number.isFinite(Math.log(hi) - Math.log(lo)))
    p.push(`the log-width of [${lo}, ${hi}] is not finite`);
  if (p.length === 0 && step !== undefined && lo < hi) {
    if (d._tag === 'Int') {
      // Exact in BigInt: high - low of two safe integers can exceed 2^53.
      if ((BigInt(hi) - BigInt(lo)) % BigInt(step as number) !== 0n)
        p.push(`step ${show(step)} does not divide the range [${lo}, ${hi}]`);
      return p;
    }
    const k = (hi - lo) / (step as number);
    if (!(k < MAX_GRID)) {
      p.push(`step ${show(step)} gives ${k} grid values over [${lo}, ${hi}], more than 2^53 (use a larger step)`);
      return p;
    }
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, Math.abs(k)))
      p.push(`step ${show(step)} does not divide the range [${lo}, ${hi}] (${hi - lo} / ${show(step)} = ${k})`);
  }
  return p;
};

/** Problems with a categorical distribution's choices. Empty when valid. */
export const choiceProblems = (choices: unknown): string[] => {
  if (!Array.isArray(choices)) return [`choices must be an array, got ${show(choices)}`];
  if (choices.length === 0) return ['choices must not be empty'];
  const p: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of choices.entries()) {
    if (!(typeof c === 'string' || typeof c === 'boolean' || isNum(c)))
      p.push(`choices[${i}] must be a string, finite number or boolean, got ${show(c)}`);
    const key = `${typeof c}:${String(c)}`;
    if (seen.has(key)) p.push(`choices has a duplicate ${show(c)} at index ${i}`);
    seen.add(key);
  }
  return p;
};

const check = (where: string, problems: string[]): void => {
  if (problems.length > 0) throw new InvalidOptionsError(where, problems);
};

/**
 * A float parameter.
 *
 * @example
 * ```ts
 * const lr = float(1e-5, 1e-1, { log: true });
 * const dropout = float(0, 0.5, { step: 0.1 });
 * ```
 * @throws InvalidOptionsError naming the field and value (low > high, log with low <= 0, a step that
 * does not divide the range).
 */
export const float = (low: number, high: number, options: FloatOptions = {}): FloatDistribution => {
  const d: FloatDistribution =
    options.step === undefined
      ? { _tag: 'Float', low, high, log: options.log ?? false }
      : { _tag: 'Float', low, high, log: options.log ?? false, step: options.step };
  check(`float(${low}, ${high})`, numericProblems(d));
  return d;
};

/**
 * An integer parameter; both bounds are inclusive. With `each`, the value also counts repetitions of a
 * sub-space, as an Optuna loop `for i in range(n_layers): suggest…(f"n_units_l{i}", …)` does: for every
 * `i < high`, each member `m` becomes a parameter `${m}${i}` (Optuna's flat name) that is active iff the
 * value is > i. `ConfigOf` types those names with template literals (`n_units_l${number}`); read them with
 * {@link param}.
 *
 * @example
 * ```ts
 * const layers = int(1, 8);
 * const units = int(16, 256, { step: 16 });
 * const batch = int(8, 512, { log: true });
 * const n_layers = int(1, 3, { each: { n_units_l: int(4, 128, { log: true }), dropout_l: float(0.2, 0.5) } });
 * ```
 * @throws InvalidOptionsError naming the field and value (bounds that are not safe integers, low > high, a
 * step that does not divide the range; `each` on a range outside [0, 1024] or with conditional members).
 */
export function int<const E extends SearchSpace>(
  low: number,
  high: number,
  options: IntOptions & { readonly each: E },
): RepeatingInt<E>;
/** An integer parameter; both bounds are inclusive. @example `int(1, 8)` */
export function int(low: number, high: number, options?: IntOptions): IntDistribution;
export function int(
  low: number,
  high: number,
  options: IntOptions & { readonly each?: SearchSpace } = {},
): IntDistribution {
  const base: IntDistribution = { _tag: 'Int', low, high, log: options.log ?? false, step: options.step ?? 1 };
  const p = numericProblems(base);
  const each = options.each;
  if (each === undefined) {
    check(`int(${low}, ${high})`, p);
    return base;
  }
  if (p.length === 0) p.push(...eachProblems(base, each, 'each'));
  check(`int(${low}, ${high})`, p);
  return { ...base, each };
}

/** Problems with an int's `each` (its range and members), each naming the field. */
export const eachProblems = (d: IntDistribution, each: unknown, at: string): string[] => {
  const p: string[] = [];
  if (d.low < 0 || d.high > MAX_EACH)
    p.push(`${at}: an int with each must lie in [0, ${MAX_EACH}] (it counts repetitions), got [${d.low}, ${d.high}]`);
  if (typeof each !== 'object' || each === null || Array.isArray(each))
    return [...p, `${at} must be an object of distributions, got ${show(each)}`];
  if (Object.getPrototypeOf(each) !== Object.prototype && Object.getPrototypeOf(each) !== null)
    p.push(`${at} has a non-Object prototype: __proto__ cannot be a parameter name`);
  const names = Object.keys(each);
  if (names.length === 0) p.push(`${at} must have at least one member`);
  for (const name of names) {
    const m = (each as Record<string, unknown>)[name];
    if (typeof m !== 'object' || m === null || !('_tag' in m)) {
      p.push(`${at}.${name} must be a distribution made by float(), int() or categorical(), got ${show(m)}`);
      continue;
    }
    const md = m as Distribution;
    // A member repeats under an indexed name; branches, nested each or its own condition would need
    // indexed names too, so they are kept out (write them at the top level with when()).
    if (md.when !== undefined)
      p.push(`${at}.${name} must not have a when() condition (members are already conditional)`);
    if (md._tag === 'Int' && md.each !== undefined) p.push(`${at}.${name} must not have its own each`);
    if (md._tag === 'Categorical' && Object.keys(md.branches ?? {}).length > 0)
      p.push(`${at}.${name} must not have branches`);
  }
  return p;
};

/** Problems with a condition given to {@link when} or found in JSON, each naming the field. */
export const conditionProblems = (c: unknown, at: string): string[] => {
  if (typeof c !== 'object' || c === null) return [`${at} must be an object, got ${show(c)}`];
  const r = c as { param?: unknown; in?: unknown; low?: unknown; high?: unknown };
  const p: string[] = [];
  if (typeof r.param !== 'string' || r.param.length === 0)
    p.push(`${at}.param must be a parameter name, got ${show(r.param)}`);
  const hasIn = r.in !== undefined;
  const hasRange = r.low !== undefined || r.high !== undefined;
  if (hasIn && hasRange) p.push(`${at} must have either in or low/high, not both`);
  else if (!hasIn && !hasRange) p.push(`${at} must have in (a list of values) or low/high (a range)`);
  if (hasIn) {
    if (!Array.isArray(r.in) || r.in.length === 0) p.push(`${at}.in must be a non-empty array, got ${show(r.in)}`);
    else
      for (const [i, v] of r.in.entries())
        if (!(typeof v === 'string' || typeof v === 'boolean' || isNum(v)))
          p.push(`${at}.in[${i}] must be a string, finite number or boolean, got ${show(v)}`);
  }
  for (const k of ['low', 'high'] as const)
    if (r[k] !== undefined && !isNum(r[k])) p.push(`${at}.${k} must be a finite number, got ${show(r[k])}`);
  if (isNum(r.low) && isNum(r.high) && r.low > r.high) p.push(`${at}: low (${r.low}) must be <= high (${r.high})`);
  return p;
};

/**
 * Makes a parameter conditional on an earlier one, of any type: it exists only in configs where
 * `param`'s value is one of `in` (ints, categoricals) or lies in [`low`, `high`] (ints, floats; inclusive,
 * either bound optional), and where `param` is itself active (conditions nest). `ConfigOf` makes the
 * key optional. The parent must come earlier in the space (checked when the space is validated).
 *
 * @example
 * ```ts
 * const space = {
 *   optimizer: categorical(['sgd', 'adam']),
 *   momentum: when('optimizer', { in: ['sgd'] }, float(0, 0.99)),
 *   layers: int(1, 4),
 *   skip: when('layers', { low: 3 }, categorical([true, false])),
 * };
 * // ConfigOf<typeof space>: { optimizer: 'sgd' | 'adam'; momentum?: number; layers: number; skip?: boolean }
 * ```
 * @throws InvalidOptionsError naming the field (no parameter name, both or neither of in and low/high,
 * values that are not choices or numbers, low > high).
 */
export const when = <const D extends Distribution>(
  param: string,
  condition: { readonly in: ReadonlyArray<Choice> } | { readonly low?: number; readonly high?: number },
  d: D,
): Conditional<D> => {
  const c = { param, ...condition };
  const p = conditionProblems(c, 'condition');
  if (typeof d !== 'object' || d === null || !('_tag' in d))
    p.push(`the distribution must be made by float(), int() or categorical(), got ${show(d)}`);
  else if (d.when !== undefined) p.push(`the distribution already has a condition on ${show(d.when.param)}`);
  check(`when(${show(param)})`, p);
  return { ...d, when: c };
};

/**
 * A categorical parameter. Pass `branches` to make the space conditional: each choice may activate
 * its own sub-space, like an SVM kernel choosing its own parameters.
 *
 * @example
 * ```ts
 * const act = categorical(['relu', 'tanh']);
 * const kernel = categorical(['linear', 'rbf'], { rbf: { gamma: float(1e-4, 10, { log: true }) } });
 * ```
 */
export function categorical<const C extends Choice>(
  choices: ReadonlyArray<C>,
): CategoricalDistribution<C, Record<never, never>>;
/** A categorical parameter whose choices activate sub-spaces. @example `categorical(['linear', 'rbf'], { rbf: { gamma: float(1e-4, 10) } })` */
export function categorical<const C extends Choice, const B extends Partial<Record<`${C}`, SearchSpace>>>(
  choices: ReadonlyArray<C>,
  branches: B,
): CategoricalDistribution<C, B>;
export function categorical(
  choices: ReadonlyArray<Choice>,
  branches: Partial<Record<string, SearchSpace>> = {},
): CategoricalDistribution {
  const p = choiceProblems(choices);
  if (p.length === 0) {
    const names = new Set(choices.map(String));
    for (const key of Object.keys(branches))
      if (!names.has(key)) p.push(`branches has a key ${show(key)} that is not one of the choices`);
  }
  check(`categorical(${show(choices)})`, p);
  return { _tag: 'Categorical', choices, branches };
}

/** True if `v` is a value `d` can produce (type, range, grid, choice). */
export const contains = (d: Distribution, v: unknown): boolean => {
  switch (d._tag) {
    case 'Categorical':
      return d.choices.some((c) => c === v);
    case 'Float':
    case 'Int': {
      if (!isNum(v) || v < d.low || v > d.high) return false;
      if (d._tag === 'Int' && !Number.isInteger(v)) return false;
      if (d.step === undefined) return true;
      const k = (v - d.low) / d.step;
      return Math.abs(k - Math.round(k)) <= 1e-8 * Math.max(1, Math.abs(k));
    }
  }
};

/** Structural equality of two distributions (branches compared by reference). */
export const sameDistribution = (a: Distribution, b: Distribution): boolean => {
  if (a._tag !== b._tag) return false;
  if (a._tag === 'Categorical' && b._tag === 'Categorical')
    return (
      a.choices.length === b.choices.length &&
      a.choices.every((c, i) => c === b.choices[i]) &&
      a.branches === b.branches &&
      sameCondition(a.when, b.when)
    );
  const x = a as FloatDistribution | IntDistribution;
  const y = b as FloatDistribution | IntDistribution;
  return (
    x.low === y.low &&
    x.high === y.high &&
    x.log === y.log &&
    x.step === y.step &&
    (x._tag !== 'Int' || y._tag !== 'Int' || x.each === y.each) &&
    sameCondition(x.when, y.when)
  );
};

const sameCondition = (a: Condition | undefined, b: Condition | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  if (a.param !== b.param) return false;
  if ('in' in a || 'in' in b)
    return 'in' in a && 'in' in b && a.in.length === b.in.length && a.in.every((v, i) => v === b.in[i]);
  return a.low === b.low && a.high === b.high;
};

/**
 * True if a parent's value satisfies a condition (membership, or the inclusive range).
 *
 * @example
 * ```ts
 * conditionHolds({ param: 'layers', low: 2 }, 3); // true
 * ```
 */
export const conditionHolds = (c: Condition, value: unknown): boolean => {
  if ('in' in c) return c.in.some((v) => v === value);
  return (
    typeof value === 'number' && (c.low === undefined || value >= c.low) && (c.high === undefined || value <= c.high)
  );
};
