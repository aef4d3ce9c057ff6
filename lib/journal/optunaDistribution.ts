import type { Distribution } from '../distribution.js';
import { DecodeError, show } from '../errors.js';
import { pyDumps, pyFloat } from './pyJson.js';

/** A value an Optuna categorical can hold (Python `None` is `null`). */
export type OptunaChoice = string | number | boolean | null;

/** An Optuna distribution as its journal stores it, after mapping the legacy class names. */
export type OptunaDistribution =
  | {
      readonly kind: 'float';
      readonly low: number;
      readonly high: number;
      readonly log: boolean;
      readonly step: number | null;
    }
  | { readonly kind: 'int'; readonly low: number; readonly high: number; readonly log: boolean; readonly step: number }
  | { readonly kind: 'categorical'; readonly choices: ReadonlyArray<OptunaChoice> };

const num = (v: unknown, field: string, where: string, fallback?: number): number => {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number') throw new DecodeError(where, [`distribution ${field}: expected a number, got ${show(v)}`]);
  return v;
};
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/**
 * Reads the distribution JSON Optuna stores (a string in SET_TRIAL_PARAM records, `{"name": "…",
 * "attributes": {…}}`), mapping the legacy names Optuna 2 wrote (`UniformDistribution`,
 * `LogUniformDistribution`, `DiscreteUniformDistribution`, `IntUniformDistribution`,
 * `IntLogUniformDistribution`).
 *
 * @example
 * ```ts
 * optunaDistributionFromJson({ name: 'IntDistribution', attributes: { low: 1, high: 9, step: 2, log: false } }, 'x');
 * // { kind: 'int', low: 1, high: 9, step: 2, log: false }
 * ```
 * @throws DecodeError naming `where` for an unknown name or a bad attribute.
 */
export const optunaDistributionFromJson = (value: unknown, where: string): OptunaDistribution => {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const a = (typeof o.attributes === 'object' && o.attributes !== null ? o.attributes : {}) as Record<string, unknown>;
  const low = (f?: number): number => num(a.low, 'low', where, f);
  const high = (): number => num(a.high, 'high', where);
  switch (o.name) {
    case 'FloatDistribution':
      return {
        kind: 'float',
        low: low(),
        high: high(),
        log: bool(a.log, false),
        step: a.step === undefined || a.step === null ? null : num(a.step, 'step', where),
      };
    case 'UniformDistribution':
      return { kind: 'float', low: low(), high: high(), log: false, step: null };
    case 'LogUniformDistribution':
      return { kind: 'float', low: low(), high: high(), log: true, step: null };
    case 'DiscreteUniformDistribution':
      return { kind: 'float', low: low(), high: high(), log: false, step: num(a.q, 'q', where) };
    case 'IntDistribution':
    case 'IntUniformDistribution':
    case 'IntLogUniformDistribution':
      return {
        kind: 'int',
        low: low(),
        high: high(),
        log: o.name === 'IntLogUniformDistribution' || bool(a.log, false),
        step: num(a.step, 'step', where, 1),
      };
    case 'CategoricalDistribution': {
      const c = a.choices;
      if (!Array.isArray(c) || c.length === 0)
        throw new DecodeError(where, [`distribution choices: expected a non-empty array, got ${show(c)}`]);
      for (const x of c)
        if (!(x === null || ['string', 'number', 'boolean'].includes(typeof x)))
          throw new DecodeError(where, [`distribution choices: ${show(x)} is not a string, number, boolean or null`]);
      return { kind: 'categorical', choices: c as OptunaChoice[] };
    }
    default:
      throw new DecodeError(where, [`unknown distribution ${show(o.name)}`]);
  }
};

// Python's `==` on choices: 1 == 1.0 == True, and Optuna treats NaN as equal to NaN.
const sameChoice = (a: OptunaChoice, b: OptunaChoice): boolean => {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  const numeric = (x: OptunaChoice): x is number | boolean => typeof x === 'number' || typeof x === 'boolean';
  return numeric(a) && numeric(b) && Number(a) === Number(b);
};

/**
 * Optuna's `check_distribution_compatibility`: the same kind, the same `log` flag, and for categoricals
 * the same choices in the same order. Ranges and steps may differ. A journal replay drops a parameter
 * whose distribution is not compatible with the study's first trial that has it.
 */
export const compatibleOptunaDistributions = (a: OptunaDistribution, b: OptunaDistribution): boolean => {
  if (a.kind === 'categorical' || b.kind === 'categorical')
    return (
      a.kind === 'categorical' &&
      b.kind === 'categorical' &&
      a.choices.length === b.choices.length &&
      a.choices.every((c, i) => sameChoice(c, b.choices[i] as OptunaChoice))
    );
  return a.kind === b.kind && a.log === b.log;
};

/**
 * An internal value (what a journal stores: the number, or a categorical's index) as the user's value.
 * Like Optuna: an int is truncated, a categorical index picks the choice.
 *
 * @throws DecodeError naming `where` for an index out of range or a non-number.
 */
export const optunaExternalValue = (d: OptunaDistribution, internal: unknown, where: string): OptunaChoice => {
  if (typeof internal !== 'number')
    throw new DecodeError(where, [`param_value_internal: expected a number, got ${show(internal)}`]);
  if (d.kind === 'float') return internal;
  if (d.kind === 'int') return Math.trunc(internal);
  const i = Math.trunc(internal);
  if (i < 0 || i >= d.choices.length)
    throw new DecodeError(where, [`categorical index ${internal} is outside the ${d.choices.length} choices`]);
  return d.choices[i] as OptunaChoice;
};

/**
 * The distribution string Optuna stores for an rxhpo distribution, in Optuna's own attribute order and
 * separators (floats typed as floats, so Python sees `0.0`, not `0`). A categorical's branches are not
 * part of it: Optuna has no conditional spaces, a parameter is simply absent where inactive.
 *
 * @example
 * ```ts
 * optunaDistributionJson(float(0, 1)); // '{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0, "high": 1.0, "log": false}}'
 * ```
 */
export const optunaDistributionJson = (d: Distribution): string => {
  switch (d._tag) {
    case 'Float':
      return pyDumps({
        name: 'FloatDistribution',
        attributes: {
          step: d.step === undefined ? null : pyFloat(d.step),
          low: pyFloat(d.low),
          high: pyFloat(d.high),
          log: d.log,
        },
      });
    case 'Int':
      return pyDumps({
        name: 'IntDistribution',
        attributes: { log: d.log, step: d.step, low: d.low, high: d.high },
      });
    case 'Categorical':
      return pyDumps({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
  }
};
