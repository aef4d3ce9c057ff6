import { show } from '../../lib/errors.js';

/** The step options every rung-based scheduler shares. */
export interface RungOptions {
  /** The first rung (grace period), in steps. A positive integer. */
  readonly minStep: number;
  /** The step at which a trial is complete. An integer ≥ `minStep`. */
  readonly maxStep: number;
  /** η: keep the top 1/η at each rung; rungs are η apart. An integer ≥ 2. */
  readonly reductionFactor: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/**
 * The problems with rung options, one line per bad field naming it and its value (empty when valid).
 * Budgets must be integers so milestones are exact (ALGORITHMS.md §16.6).
 *
 * @example
 * ```ts
 * rungOptionProblems({ minStep: 9, maxStep: 3, reductionFactor: 1 });
 * // ['reductionFactor must be an integer >= 2, got 1', 'minStep (9) must be <= maxStep (3)']
 * ```
 */
export const rungOptionProblems = (o: RungOptions): string[] => {
  const p: string[] = [];
  if (!(isInt(o.reductionFactor) && o.reductionFactor >= 2))
    p.push(`reductionFactor must be an integer >= 2, got ${show(o.reductionFactor)}`);
  if (!(isInt(o.minStep) && o.minStep >= 1)) p.push(`minStep must be an integer >= 1, got ${show(o.minStep)}`);
  if (!(isInt(o.maxStep) && o.maxStep >= 1)) p.push(`maxStep must be an integer >= 1, got ${show(o.maxStep)}`);
  else if (isInt(o.minStep) && o.minStep > o.maxStep)
    p.push(`minStep (${o.minStep}) must be <= maxStep (${o.maxStep})`);
  return p;
};
