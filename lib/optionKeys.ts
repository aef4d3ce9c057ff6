import { InvalidOptionsError, show } from './errors.js';

// Spellings users bring from Optuna and Ray Tune that no edit distance would connect to ours. A hint is
// offered only when its target is one of the factory's own names.
const ALIASES: Readonly<Record<string, ReadonlyArray<string>>> = {
  grace_period: ['minStep'],
  min_resource: ['minStep'],
  max_t: ['maxStep'],
  max_resource: ['maxStep'],
  eta: ['reductionFactor'],
  reduction_factor: ['reductionFactor'],
  n_trials: ['trials'],
  num_samples: ['trials'],
  timeout: ['deadline', 'trialTimeout'],
  time_budget_s: ['deadline'],
  n_jobs: ['concurrency'],
  max_concurrent_trials: ['concurrency'],
  direction: ['mode'],
  search_space: ['space', 'values'],
  n_startup_trials: ['nStartupTrials', 'startup'],
  warmup: ['nWarmupSteps'],
  population_size: ['population'],
  hyperparam_mutations: ['mutations'],
  perturbation_interval: ['perturbationInterval'],
};

/**
 * The optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions): the number
 * of single-character insertions, deletions, substitutions and swaps that turn `a` into `b`.
 *
 * @example
 * ```ts
 * editDistance('minSetp', 'minStep'); // 1
 * ```
 */
export const editDistance = (a: string, b: string): number => {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, i) => (i < cols ? i : i % cols === 0 ? i / cols : 0));
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  return at(rows - 1, cols - 1);
};

// snake_case, kebab-case and case differences are not typos worth counting: n_startup_trials ≈ nStartupTrials.
const fold = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The valid name closest to `name`, if one is close enough to be a likely typo (or a known spelling
 * from Optuna or Ray Tune); `undefined` otherwise.
 *
 * @example
 * ```ts
 * nearestName('n_startup_trials', ['nStartupTrials', 'startup']); // 'nStartupTrials'
 * nearestName('grace_period', ['minStep', 'maxStep']); // 'minStep'
 * ```
 */
export const nearestName = (name: string, known: ReadonlyArray<string>): string | undefined => {
  const folded = fold(name);
  const same = known.find((k) => fold(k) === folded);
  if (same !== undefined) return same;
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name]?.find((k) => known.includes(k)) : undefined;
  if (alias !== undefined) return alias;
  // A name cut short or padded (`cohort` for `cohortSize`, `populationSize` for `population`).
  const nested = known.filter((k) => {
    const f = fold(k);
    return Math.min(f.length, folded.length) >= 4 && (f.includes(folded) || folded.includes(f));
  });
  if (nested.length === 1) return nested[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(folded, fold(k));
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(Math.min(folded.length, 12) / 3)) ? best : undefined;
};

/**
 * One line per key of `options` that is not a known option name, each suggesting the nearest valid
 * name (a typo such as `reduction_factor` would otherwise be silently ignored and the default used).
 * Anything that is not a plain object yields no lines: other checks report it.
 *
 * @example
 * ```ts
 * unknownOptionProblems({ maxstep: 9 }, ['minStep', 'maxStep']); // ['unknown option "maxstep" (did you mean "maxStep"?)']
 * ```
 */
export const unknownOptionProblems = (options: unknown, known: ReadonlyArray<string>): string[] => {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return [];
  return Object.keys(options)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const near = nearestName(k, known);
      return near === undefined
        ? `unknown option ${show(k)} (${known.length === 0 ? 'it takes no options' : `known: ${known.join(', ')}`})`
        : `unknown option ${show(k)} (did you mean ${show(near)}?)`;
    });
};

/**
 * Throws an `InvalidOptionsError` from `where` if `options` has a key that is not in `known`, naming
 * the nearest valid one. For factories whose other checks are few; factories with their own problem
 * list use {@link unknownOptionProblems}.
 *
 * @example
 * ```ts
 * checkOptionKeys('tpeSampler options', { n_startup_trials: 5 }, ['nStartupTrials', 'startup']);
 * // InvalidOptionsError: tpeSampler options: unknown option "n_startup_trials" (did you mean "nStartupTrials"?)
 * ```
 * @throws InvalidOptionsError naming every unknown key.
 */
export const checkOptionKeys = (where: string, options: unknown, known: ReadonlyArray<string>): void => {
  const p = unknownOptionProblems(options, known);
  if (p.length > 0) throw new InvalidOptionsError(where, p);
};
