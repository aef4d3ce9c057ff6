import type { Policy } from '../../lib/policy.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { GroupedState } from './groupedPolicy.js';
import { groupedPolicy } from './groupedPolicy.js';
import { hashedChoice } from './hashedChoice.js';
import { hyperbandBrackets } from './hyperbandBrackets.js';
import { ashaPolicy } from './ashaPolicy.js';
import { successiveHalvingPolicy } from './successiveHalvingPolicy.js';
import { rungOptionProblems } from './rungOptionProblems.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';

/** Options of {@link hyperbandPolicy}. */
export interface HyperbandOptions {
  /** The first rung of the most aggressive bracket, in steps. Default 1. */
  readonly minStep?: number;
  /** The step at which a trial is complete. Default 81. */
  readonly maxStep?: number;
  /** η. Default 3. */
  readonly reductionFactor?: number;
  /**
   * How each bracket halves: `'sync'` = synchronous successive halving in cohorts of the bracket's size
   * (Li et al.; Ray's HyperBandScheduler); `'stop'` = ASHA's stopping form per bracket (Optuna's
   * HyperbandPruner, Ray's AsyncHyperBandScheduler); `'promote'` = ASHA's promotion form per bracket.
   * Default `'sync'`.
   */
  readonly mode?: 'sync' | 'stop' | 'promote';
}

/** Defaults of {@link hyperbandPolicy} (Li et al.'s R = 81, η = 3). */
export const DEFAULT_HYPERBAND_OPTIONS = { minStep: 1, maxStep: 81, reductionFactor: 3, mode: 'sync' } as const;

const KNOWN = ['minStep', 'maxStep', 'reductionFactor', 'mode'];

/**
 * Hyperband: brackets from {@link hyperbandBrackets} (integer arithmetic), each trial assigned to one by
 * a hash of the study seed and its id, weighted by bracket size (as Optuna's HyperbandPruner does with
 * crc32), and each bracket an independent successive-halving group — {@link groupedPolicy} over
 * {@link successiveHalvingPolicy} (synchronous) or {@link ashaPolicy} (asynchronous, either form). A
 * bracket's trials only ever compete with trials of the same bracket.
 *
 * Out-of-order rule: that of the bracket's policy (synchronous: none matters but ties; asynchronous:
 * each arrival is judged against its bracket's rung as it stands in event order). Bracket assignment
 * depends on nothing but the seed and the trial id.
 *
 * @example
 * ```ts
 * fromPolicy(hyperbandPolicy({ minStep: 1, maxStep: 81, reductionFactor: 3 })); // 5 brackets: 81, 34, 15, 8, 5
 * ```
 * @throws InvalidOptionsError naming each bad field.
 */
export const hyperbandPolicy = (options: HyperbandOptions = {}): Policy<GroupedState> => {
  const o = { ...DEFAULT_HYPERBAND_OPTIONS, ...options };
  const p = [...unknownOptionProblems(options, KNOWN), ...rungOptionProblems(o)];
  if (!['sync', 'stop', 'promote'].includes(o.mode))
    p.push(`mode must be 'sync', 'stop' or 'promote', got ${show(o.mode)}`);
  if (p.length > 0) throw new InvalidOptionsError('hyperband options', p);
  const brackets = hyperbandBrackets(o.minStep, o.maxStep, o.reductionFactor);
  const sizes = brackets.map((b) => b.size);
  const policies: Policy<unknown>[] = brackets.map((b) =>
    o.mode === 'sync'
      ? (successiveHalvingPolicy({
          minStep: b.minStep,
          maxStep: o.maxStep,
          reductionFactor: o.reductionFactor,
          cohortSize: b.size,
        }) as Policy<unknown>)
      : (ashaPolicy({
          minStep: b.minStep,
          maxStep: o.maxStep,
          reductionFactor: o.reductionFactor,
          mode: o.mode,
        }) as Policy<unknown>),
  );
  return groupedPolicy(
    'hyperband',
    (trial, study) => hashedChoice(study.seed, `hyperband/${trial.id}`, sizes),
    (g) => policies[g] as Policy<unknown>,
  );
};
