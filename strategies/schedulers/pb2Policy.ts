import { numericProblems } from '../../lib/distribution.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Policy } from '../../lib/policy.js';
import type { Pb2Bound } from './pb2Explorer.js';
import { pb2Explorer } from './pb2Explorer.js';
import type { PbtOptions, PbtState } from './pbtPolicy.js';
import { pbtPolicy } from './pbtPolicy.js';

/** Options of {@link pb2Policy}: PBT's schedule options, and the bounds the bandit searches in. */
export interface Pb2Options extends Pick<
  PbtOptions,
  'perturbationInterval' | 'burnIn' | 'quantileFraction' | 'synchronous' | 'population' | 'maxStep'
> {
  /**
   * The parameters PB2 chooses, each within its bounds (Ray's `hyperparam_bounds`): `[low, high]`, or a
   * `float()` / `int()` (a log scale is searched on the log scale). Required, at least one.
   */
  readonly bounds: Readonly<Record<string, Pb2Bound>>;
  /** Random starts of the acquisition's optimiser. Default 10 (Ray). */
  readonly starts?: number;
  /** BFGS iterations of the GP's hyper-parameter fit per explore. Default 50. */
  readonly fitIterations?: number;
}

const KNOWN = [
  'perturbationInterval',
  'burnIn',
  'quantileFraction',
  'synchronous',
  'population',
  'maxStep',
  'bounds',
  'starts',
  'fitIterations',
];

const boundProblems = (bounds: unknown): string[] => {
  if (typeof bounds !== 'object' || bounds === null || Array.isArray(bounds))
    return [`bounds must be an object of [low, high] pairs or float()/int() distributions, got ${show(bounds)}`];
  const entries = Object.entries(bounds as Record<string, unknown>);
  if (entries.length === 0) return ['bounds: give at least one parameter for PB2 to choose, got {}'];
  const p: string[] = [];
  for (const [name, b] of entries) {
    const at = `bounds.${name}`;
    if (Array.isArray(b)) {
      const [lo, hi] = b as unknown[];
      if (!(
        b.length === 2 &&
        typeof lo === 'number' &&
        typeof hi === 'number' &&
        Number.isFinite(lo) &&
        Number.isFinite(hi) &&
        lo < hi
      ))
        p.push(`${at} must be [low, high] with finite low < high, got ${show(b)}`);
      continue;
    }
    const d = b as { _tag?: unknown };
    if (typeof b !== 'object' || b === null || (d._tag !== 'Float' && d._tag !== 'Int')) {
      p.push(`${at} must be [low, high] or a float()/int() distribution (PB2 chooses numbers only), got ${show(b)}`);
      continue;
    }
    p.push(...numericProblems(b as Parameters<typeof numericProblems>[0]).map((m) => `${at}: ${m}`));
  }
  return p;
};

const isCount = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 1;

/**
 * Population Based Bandits (Parker-Holder et al., NeurIPS 2020; Ray's `PB2`) as a pure policy: PBT's
 * schedule and exploit ({@link pbtPolicy}: ready points every `perturbationInterval` steps, the bottom
 * `quantileFraction` cloned from the top), with the explore step replaced by {@link pb2Explorer}: the
 * clone's parameters in `bounds` are chosen by a time-varying GP-UCB bandit fitted to the reward change
 * per step the population observed under each config, at the clone's time and reward, instead of a random
 * perturbation. The policy state (the bandit's rows included) is plain JSON.
 *
 * @example
 * ```ts
 * const policy = pb2Policy({ perturbationInterval: 5, bounds: { lr: [1e-4, 1e-1], momentum: [0.8, 0.99] } });
 * study({ space, objective, budget: { trials: 4 }, concurrency: 4 },
 *   pipe(sampleWith(randomSampler()), trainWith(trainer), fromPolicy(policy)));
 * ```
 * @throws InvalidOptionsError for bad options (named field and value).
 */
export const pb2Policy = (options: Pb2Options): Policy<PbtState> => {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionsError('pb2 options', [`options must be an object with bounds, got ${show(options)}`]);
  const p: string[] = unknownOptionProblems(options, KNOWN);
  p.push(...boundProblems(options.bounds));
  if (options.starts !== undefined && !isCount(options.starts))
    p.push(`starts must be an integer >= 1, got ${show(options.starts)}`);
  if (options.fitIterations !== undefined && !isCount(options.fitIterations))
    p.push(`fitIterations must be an integer >= 1, got ${show(options.fitIterations)}`);
  if (p.length > 0) throw new InvalidOptionsError('pb2 options', p);
  const { bounds, starts, fitIterations, ...schedule } = options;
  let policy: Policy<PbtState>;
  try {
    policy = pbtPolicy({
      ...schedule,
      explorer: pb2Explorer(bounds, {
        ...(starts !== undefined ? { starts } : {}),
        ...(fitIterations !== undefined ? { fitIterations } : {}),
      }),
    });
  } catch (e) {
    // Name PB2 in PBT's schedule problems, since that is the factory the user called.
    if (e instanceof InvalidOptionsError) throw new InvalidOptionsError('pb2 options', e.info.problems);
    throw e;
  }
  return { ...policy, name: 'pb2' };
};
