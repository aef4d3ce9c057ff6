import type { Policy } from '../../lib/policy.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { GroupedState } from './groupedPolicy.js';
import { groupedPolicy } from './groupedPolicy.js';
import { hashedChoice } from './hashedChoice.js';
import { weightedIndex } from './weightedIndex.js';
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
  /**
   * Which bracket a new trial joins. `'hashed'` (default): a hash of the study seed and the trial id,
   * weighted by the brackets' sizes (81, 34, 15, 8, 5 for R = 81, η = 3), so all brackets fill side by
   * side (Optuna's HyperbandPruner). `'sequential'`: in start order, one whole bracket after the other from
   * the most aggressive, then again — HpBandSter's iterations, the schedule of the BOHB paper, with its
   * sizes ⌊(sMax + 1)/(s + 1)⌋·η^s (81, 27, 9, 6, 5). With `concurrency: 1` and `mode: 'sync'` a bracket
   * finishes before the next starts, since paused trials resume before new ones.
   */
  readonly brackets?: 'hashed' | 'sequential';
}

/** Defaults of {@link hyperbandPolicy} (Li et al.'s R = 81, η = 3). */
export const DEFAULT_HYPERBAND_OPTIONS = {
  minStep: 1,
  maxStep: 81,
  reductionFactor: 3,
  mode: 'sync',
  brackets: 'hashed',
} as const;

const KNOWN = ['minStep', 'maxStep', 'reductionFactor', 'mode', 'brackets'];

/**
 * Hyperband: brackets from {@link hyperbandBrackets} (integer arithmetic), each trial assigned to one by
 * a hash of the study seed and its id, weighted by bracket size (as Optuna's HyperbandPruner does with
 * crc32) — or, with `brackets: 'sequential'`, by its number, whole brackets in turn as HpBandSter —
 * and each bracket an independent successive-halving group — {@link groupedPolicy} over
 * {@link successiveHalvingPolicy} (synchronous) or {@link ashaPolicy} (asynchronous, either form). A
 * bracket's trials only ever compete with trials of the same bracket.
 *
 * Out-of-order rule: that of the bracket's policy (synchronous: none matters but ties; asynchronous:
 * each arrival is judged against its bracket's rung as it stands in event order). Bracket assignment
 * depends on nothing but the seed and the trial id (sequential: the trial number).
 *
 * @example
 * ```ts
 * fromPolicy(hyperbandPolicy({ minStep: 1, maxStep: 81, reductionFactor: 3 })); // 5 brackets: 81, 34, 15, 8, 5
 * fromPolicy(hyperbandPolicy({ brackets: 'sequential' })); // trials 0–80 in the first, 81–107 the next, …
 * ```
 * @throws InvalidOptionsError naming each bad field.
 */
export const hyperbandPolicy = (options: HyperbandOptions = {}): Policy<GroupedState> => {
  const o = { ...DEFAULT_HYPERBAND_OPTIONS, ...options };
  const p = [...unknownOptionProblems(options, KNOWN), ...rungOptionProblems(o)];
  if (!['sync', 'stop', 'promote'].includes(o.mode))
    p.push(`mode must be 'sync', 'stop' or 'promote', got ${show(o.mode)}`);
  if (!['hashed', 'sequential'].includes(o.brackets))
    p.push(`brackets must be 'hashed' or 'sequential', got ${show(o.brackets)}`);
  if (p.length > 0) throw new InvalidOptionsError('hyperband options', p);
  const brackets = hyperbandBrackets(o.minStep, o.maxStep, o.reductionFactor);
  const sequential = o.brackets === 'sequential';
  const sizes = brackets.map((b) => (sequential ? b.sequentialSize : b.size));
  const policies: Policy<unknown>[] = brackets.map((b) =>
    o.mode === 'sync'
      ? (successiveHalvingPolicy({
          minStep: b.minStep,
          maxStep: o.maxStep,
          reductionFactor: o.reductionFactor,
          cohortSize: sizes[b.rate] as number,
        }) as Policy<unknown>)
      : (ashaPolicy({
          minStep: b.minStep,
          maxStep: o.maxStep,
          reductionFactor: o.reductionFactor,
          mode: o.mode,
        }) as Policy<unknown>),
  );
  // Sequential: the n-th trial (0-based) joins the cohort its position in the cycle of all sizes falls in.
  const cycle = sizes.reduce((a, w) => a + w, 0);
  return groupedPolicy(
    'hyperband',
    sequential
      ? (trial) => weightedIndex(trial.number % cycle, sizes)
      : (trial, study) => hashedChoice(study.seed, `hyperband/${trial.id}`, sizes),
    (g) => policies[g] as Policy<unknown>,
  );
};
