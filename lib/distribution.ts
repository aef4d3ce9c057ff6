import { InvalidOptionsError, show } from './errors.js';
import type { SearchSpace } from './searchSpace.js';

/** A value a categorical parameter can take. */
export type Choice = string | number | boolean;

/** A float in [low, high]; `log` searches in log space; `step` quantises to low + k·step. */
export interface FloatDistribution {
  readonly _tag: 'Float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step?: number;
}

/** An integer in [low, high] (both inclusive), on the grid low + k·step; `log` needs step 1. */
export interface IntDistribution {
  readonly _tag: 'Int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
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

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

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
    if (!Number.isInteger(lo)) p.push(`low must be an integer, got ${lo}`);
    if (!Number.isInteger(hi)) p.push(`high must be an integer, got ${hi}`);
    if (step !== undefined && !Number.isInteger(step)) p.push(`step must be an integer, got ${show(step)}`);
  }
  if (log === true) {
    if (lo <= 0) p.push(`log scale needs low > 0, got low = ${lo}`);
    if (step !== undefined && !(d._tag === 'Int' && step === 1))
      p.push(`log scale cannot be combined with step ${show(step)}`);
  }
  if (p.length === 0 && step !== undefined && lo < hi) {
    const k = (hi - lo) / (step as number);
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
 * An integer parameter; both bounds are inclusive.
 *
 * @example
 * ```ts
 * const layers = int(1, 8);
 * const units = int(16, 256, { step: 16 });
 * const batch = int(8, 512, { log: true });
 * ```
 */
export const int = (low: number, high: number, options: IntOptions = {}): IntDistribution => {
  const d: IntDistribution = { _tag: 'Int', low, high, log: options.log ?? false, step: options.step ?? 1 };
  check(`int(${low}, ${high})`, numericProblems(d));
  return d;
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
      a.branches === b.branches
    );
  const x = a as FloatDistribution | IntDistribution;
  const y = b as FloatDistribution | IntDistribution;
  return x.low === y.low && x.high === y.high && x.log === y.log && x.step === y.step;
};
