import type { Config } from '../lib/config.js';
import type { Choice, Distribution } from '../lib/distribution.js';
import { choiceProblems, numericProblems } from '../lib/distribution.js';
import type { MutationRecord, ParamMutation } from '../lib/mutation.js';
import type { RngState } from '../lib/rng.js';
import { intBelow, withRng } from '../lib/rng.js';
import { show } from '../lib/errors.js';
import { randomValue } from './randomConfig.js';

/**
 * How PBT's explore step mutates one parameter (Ray's `hyperparam_mutations` entry):
 * - a `Distribution` made by `float()`/`int()`: resample from it with the resample probability, else
 *   multiply by a perturbation factor (ints are truncated toward zero, as Ray's `int()` does);
 * - a `categorical()` or a list of choices: resample uniformly with the resample probability (or when
 *   the current value is not in the list), else shift to a neighbour (±1, clamped at the ends);
 * - a function of a uniform draw source: a custom resampler; otherwise the value is multiplied like a float.
 */
export type MutationSpec = Distribution | ReadonlyArray<Choice> | ((next: () => number) => number | Choice);

/** A custom explore step (Ray's `custom_explore_fn`), applied after the per-parameter mutations. Pure. */
export type CustomExplore = (config: Config, next: () => number) => Config;

/** Options of {@link perturb}. */
export interface PerturbOptions {
  /** Probability of resampling a parameter instead of scaling or shifting it. Default 0.25. */
  readonly resampleProbability?: number;
  /** Factors a numeric value is multiplied by, one chosen uniformly. Default [0.8, 1.2]. */
  readonly perturbationFactors?: ReadonlyArray<number>;
  /**
   * Clip scaled values into their distribution's [low, high] and snap them to its step grid. Default
   * false: like Ray, ×0.8/×1.2 may leave the prior's range (a learning rate can grow past its prior).
   */
  readonly clip?: boolean;
  /** Applied last, to the mutated config; every parameter it changes is recorded as `Custom`. */
  readonly explore?: CustomExplore;
}

/** The defaults of {@link perturb}, from Ray's `PopulationBasedTraining`. */
export const DEFAULT_PERTURB_OPTIONS = {
  resampleProbability: 0.25,
  perturbationFactors: [0.8, 1.2],
  clip: false,
} as const satisfies PerturbOptions;

const isList = (s: MutationSpec): s is ReadonlyArray<Choice> => Array.isArray(s);

/**
 * Problems with a table of mutation specs, each naming the parameter. Empty when valid. Conditional
 * categoricals (with branches) are refused: switching a branch would leave the config's sub-parameters
 * inconsistent; mutate the branch's parameters instead.
 */
export const mutationProblems = (mutations: unknown, path = 'mutations'): string[] => {
  if (typeof mutations !== 'object' || mutations === null || Array.isArray(mutations))
    return [`${path} must be an object of mutation specs, got ${show(mutations)}`];
  const p: string[] = [];
  for (const [name, spec] of Object.entries(mutations as Record<string, unknown>)) {
    const at = `${path}.${name}`;
    if (typeof spec === 'function') continue;
    if (Array.isArray(spec)) {
      p.push(...choiceProblems(spec).map((m) => `${at}: ${m}`));
      continue;
    }
    if (typeof spec !== 'object' || spec === null || !('_tag' in spec)) {
      p.push(`${at} must be a distribution, a list of choices or a function, got ${show(spec)}`);
      continue;
    }
    const d = spec as Distribution;
    if (d._tag === 'Float' || d._tag === 'Int') p.push(...numericProblems(d).map((m) => `${at}: ${m}`));
    else if (d._tag === 'Categorical') {
      p.push(...choiceProblems(d.choices).map((m) => `${at}: ${m}`));
      if (Object.keys(d.branches ?? {}).length > 0)
        p.push(`${at}: a conditional categorical (with branches) cannot be mutated; mutate its branch parameters`);
    } else p.push(`${at} has an unknown distribution tag ${show((d as { _tag: unknown })._tag)}`);
  }
  return p;
};

const shiftOrResample = (
  list: ReadonlyArray<Choice>,
  current: number | Choice,
  p: number,
  next: () => number,
): readonly [Choice, ParamMutation] => {
  const i = list.findIndex((c) => c === current);
  if (next() < p || i < 0) {
    const to = list[intBelow(next, list.length)] as Choice;
    return [to, { _tag: 'Resampled', from: current, to }];
  }
  const j = Math.min(list.length - 1, Math.max(0, i + (next() < 0.5 ? -1 : 1)));
  const to = list[j] as Choice;
  return [to, { _tag: 'Shifted', by: j - i, from: current, to }];
};

const clipTo = (d: Distribution, v: number): number => {
  if (d._tag === 'Categorical') return v;
  let x = Math.min(d.high, Math.max(d.low, v));
  if (d.step !== undefined) x = Math.min(d.high, d.low + Math.round((x - d.low) / d.step) * d.step);
  return x;
};

const numeric = (name: string, v: number | Choice): number => {
  if (typeof v !== 'number') throw new Error(`perturb: parameter ${show(name)} is ${show(v)}, not a number to scale`);
  return v;
};

/**
 * PBT's explore step (Ray's `_explore`, ALGORITHMS.md §9.2): mutates each parameter of `mutations`
 * that the config has, then applies `options.explore`, and returns the new config, a record of what
 * was done to each parameter, and the advanced RNG. Parameters absent from the config (an inactive
 * branch) stay absent. Out-of-range rule: like Ray, scaled values are **not** clipped to the prior unless
 * `clip: true`; ints are truncated toward zero after scaling so they stay ints; categoricals and lists
 * only ever take one of their choices.
 *
 * @example
 * ```ts
 * const [config, record, rng2] = perturb({ lr: 0.01, layers: 4, act: 'relu' }, {
 *   lr: float(1e-4, 1e-1, { log: true }),
 *   layers: int(1, 8),
 *   act: ['relu', 'gelu', 'tanh'],
 * }, rng);
 * // record: { lr: { _tag: 'Scaled', factor: 1.2, from: 0.01, to: 0.012 }, layers: …, act: { _tag: 'Shifted', … } }
 * ```
 * @throws Error when a parameter to scale is not a number, or a custom explore does not return a config.
 */
export const perturb = (
  config: Config,
  mutations: Readonly<Record<string, MutationSpec>>,
  rng: RngState,
  options: PerturbOptions = {},
): readonly [Config, MutationRecord, RngState] => {
  const p = options.resampleProbability ?? DEFAULT_PERTURB_OPTIONS.resampleProbability;
  const factors = options.perturbationFactors ?? DEFAULT_PERTURB_OPTIONS.perturbationFactors;
  const clip = options.clip ?? DEFAULT_PERTURB_OPTIONS.clip;
  const [[out, record], rng2] = withRng(rng, (next) => {
    const cfg: Record<string, number | Choice> = { ...config };
    const rec: Record<string, ParamMutation> = {};
    for (const [name, spec] of Object.entries(mutations)) {
      if (!Object.hasOwn(config, name)) continue;
      const from = config[name] as number | Choice;
      if (isList(spec) || (typeof spec !== 'function' && spec._tag === 'Categorical')) {
        const [to, m] = shiftOrResample(isList(spec) ? spec : spec.choices, from, p, next);
        cfg[name] = to;
        rec[name] = m;
        continue;
      }
      if (next() < p) {
        const to = typeof spec === 'function' ? spec(next) : randomValue(spec, next);
        cfg[name] = to;
        rec[name] = { _tag: 'Resampled', from, to };
        continue;
      }
      const factor = factors[intBelow(next, factors.length)] as number;
      let to = numeric(name, from) * factor;
      if (typeof spec !== 'function' && spec._tag === 'Int') to = Math.trunc(to);
      if (clip && typeof spec !== 'function') to = clipTo(spec, to);
      cfg[name] = to;
      rec[name] = { _tag: 'Scaled', factor, from: from as number, to };
    }
    if (!options.explore) return [cfg as Config, rec] as const;
    // A parameter the custom step changes again is recorded once, as Custom from the mutated value.
    const custom = options.explore(cfg, next);
    if (typeof custom !== 'object' || custom === null || Array.isArray(custom))
      throw new Error(`perturb: the custom explore function returned ${show(custom)}, not a config`);
    for (const key of new Set([...Object.keys(cfg), ...Object.keys(custom)]))
      if (!Object.is(cfg[key], custom[key])) rec[key] = { _tag: 'Custom', from: cfg[key], to: custom[key] };
    return [custom, rec] as const;
  });
  return [out, record, rng2];
};
