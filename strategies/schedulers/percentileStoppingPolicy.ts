import { Map as IMap } from 'immutable';
import { asString, mapFromJson } from './fromJsonState.js';
import type { Policy, PolicyStep } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import type { TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { stop } from '../../lib/decision.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { insertSorted, percentileOfSorted } from '../math/sorted.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';

/** Options of {@link percentileStoppingPolicy} (Optuna's `PercentilePruner`). */
export interface PercentileStoppingOptions {
  /** Stop a trial whose best score is below this percentile (0–100) of completed trials at the same step. */
  readonly percentile: number;
  /** No stopping until this many trials have completed. Default 5. */
  readonly nStartupTrials?: number;
  /** No stopping before this step. Default 0. */
  readonly nWarmupSteps?: number;
  /** Check only at the first report in each window of this many steps after warm-up. Default 1. */
  readonly intervalSteps?: number;
  /** No stopping at a step where fewer completed trials reported. Default 1. */
  readonly nMinTrials?: number;
  /**
   * A trial's last step, if known: reports at or past it are never judged (stopping a trial at its
   * last step saves nothing and discards a finished result; Optuna's loop never asks its pruner there).
   * Default none: every report is judged.
   */
  readonly maxStep?: number;
}

/** Defaults of {@link percentileStoppingPolicy} and {@link medianStoppingPolicy} (Optuna's). */
export const DEFAULT_PERCENTILE_STOPPING_OPTIONS = {
  nStartupTrials: 5,
  nWarmupSteps: 0,
  intervalSteps: 1,
  nMinTrials: 1,
} as const;

interface Running {
  /** Scores by step (the last report at a step wins, like Optuna's intermediate values). */
  readonly scores: IMap<number, number>;
  readonly best: number;
}

/** The state of {@link percentileStoppingPolicy}: running trials' curves and completed trials' scores by step. */
export interface PercentileStoppingState {
  readonly completed: number;
  /** Ascending scores of completed trials at exactly each step. */
  readonly atStep: IMap<number, ReadonlyArray<number>>;
  readonly running: IMap<TrialId, Running>;
}

const KNOWN = ['percentile', 'nStartupTrials', 'nWarmupSteps', 'intervalSteps', 'nMinTrials', 'maxStep'];
const isInt = (x: unknown, min: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= min;

/**
 * Optuna's `_is_first_in_interval_step`: the report at `step` is checked only if no earlier report
 * (other than at `step` itself) already fell in its interval window.
 */
const firstInWindow = (step: number, scores: IMap<number, number>, warmup: number, interval: number): boolean => {
  const lowerCheck = Math.floor((step - warmup) / interval) * interval + warmup;
  let previous = -Infinity;
  for (const s of scores.keys()) if (s !== step && s > previous) previous = s;
  return previous < lowerCheck;
};

/** The state itself, or read back from its JSON form (where a best of -Infinity is null). */
const revivePercentile = (s: PercentileStoppingState): PercentileStoppingState =>
  IMap.isMap(s.running)
    ? s
    : {
        completed: s.completed,
        atStep: mapFromJson<number, ReadonlyArray<number>>(s.atStep, Number),
        running: mapFromJson<TrialId, Running>(s.running, asString, (v) => {
          const r = v as { scores: unknown; best: number | null };
          return { scores: mapFromJson<number, number>(r.scores, Number), best: r.best ?? -Infinity };
        }),
      };

/**
 * The percentile stopping rule, with Optuna's `PercentilePruner` semantics (ALGORITHMS.md §10.3): at a
 * report, once `nStartupTrials` trials have completed and the step is past warm-up (and it is the first
 * report of its interval window), the trial is stopped if its **best** score so far is below the
 * `percentile`-th percentile (of the metric; of scores, the mirrored one) of the scores that *completed*
 * trials reported at exactly this step; fewer than `nMinTrials` such scores → no decision.
 *
 * Out-of-order rule: the reference is the set of trials completed *before this report in event order*;
 * a trial that completes later never changes a decision already taken. Same events, same decisions.
 *
 * @example
 * ```ts
 * fromPolicy(percentileStoppingPolicy({ percentile: 25 })); // stop unless in the best quarter so far
 * ```
 * @throws InvalidOptionsError naming each bad field.
 */
export const percentileStoppingPolicy = (
  options: PercentileStoppingOptions,
  name = 'percentileStopping',
): Policy<PercentileStoppingState> => {
  const o = { ...DEFAULT_PERCENTILE_STOPPING_OPTIONS, ...options };
  const p = unknownOptionProblems(options, KNOWN);
  if (!(typeof o.percentile === 'number' && o.percentile >= 0 && o.percentile <= 100))
    p.push(`percentile must be a number in [0, 100], got ${show(o.percentile)}`);
  if (!isInt(o.nStartupTrials, 0)) p.push(`nStartupTrials must be an integer >= 0, got ${show(o.nStartupTrials)}`);
  if (!isInt(o.nWarmupSteps, 0)) p.push(`nWarmupSteps must be an integer >= 0, got ${show(o.nWarmupSteps)}`);
  if (!isInt(o.intervalSteps, 1)) p.push(`intervalSteps must be an integer >= 1, got ${show(o.intervalSteps)}`);
  if (!isInt(o.nMinTrials, 1)) p.push(`nMinTrials must be an integer >= 1, got ${show(o.nMinTrials)}`);
  if (o.maxStep !== undefined && !isInt(o.maxStep, 1))
    p.push(`maxStep must be an integer >= 1, got ${show(o.maxStep)}`);
  if (p.length > 0) throw new InvalidOptionsError(`${name} options`, p);
  const last = o.maxStep ?? Infinity;
  // Scores are "higher is better", so the p-th percentile of a minimised metric is the (100 − p)-th of scores.
  const q = 100 - o.percentile;

  const onReport = (
    s: PercentileStoppingState,
    id: TrialId,
    step: number,
    score: number,
  ): PolicyStep<PercentileStoppingState> => {
    const prev = s.running.get(id);
    // Only trials seen starting are judged (a late report about a trial already stopped is ignored).
    if (!prev) return noDecision(s);
    const scores = prev.scores;
    const run: Running = { scores: scores.set(step, score), best: Math.max(prev.best, score) };
    const next = { ...s, running: s.running.set(id, run) };
    if (s.completed === 0 || s.completed < o.nStartupTrials || step < o.nWarmupSteps || step >= last)
      return noDecision(next);
    if (!firstInWindow(step, scores, o.nWarmupSteps, o.intervalSteps)) return noDecision(next);
    const ref = s.atStep.get(step) ?? [];
    if (ref.length < o.nMinTrials) return noDecision(next);
    const cutoff = percentileOfSorted(ref, q) as number;
    if (!(run.best < cutoff)) return noDecision(next);
    return {
      state: { ...s, running: s.running.delete(id) },
      decisions: [stop(id, `${name}: best score ${run.best} < ${o.percentile}th percentile ${cutoff} at step ${step}`)],
    };
  };

  const onCompleted = (s: PercentileStoppingState, id: TrialId): PercentileStoppingState => {
    const run = s.running.get(id);
    const atStep = run
      ? s.atStep.withMutations((m) => {
          for (const [step, score] of run.scores) m.set(step, insertSorted(m.get(step) ?? [], score));
        })
      : s.atStep;
    return { completed: s.completed + 1, atStep, running: s.running.delete(id) };
  };

  return {
    name,
    init: () => ({ completed: 0, atStep: IMap(), running: IMap() }),
    step: (s0, e: TrialEvent) => {
      const s = revivePercentile(s0);
      switch (e._tag) {
        case 'TrialStarted':
          // A resumed trial keeps its curve; a new one starts empty.
          return noDecision(
            s.running.has(e.trial.id)
              ? s
              : { ...s, running: s.running.set(e.trial.id, { scores: IMap(), best: -Infinity }) },
          );
        case 'TrialReported':
          return onReport(s, e.trialId, e.report.step, e.score);
        case 'TrialEnded':
          if (e.outcome === 'completed') return noDecision(onCompleted(s, e.trialId));
          // A trial another scheduler paused keeps its curve: it may resume.
          return noDecision(e.outcome === 'paused' ? s : { ...s, running: s.running.delete(e.trialId) });
        default:
          return noDecision(s);
      }
    },
  };
};
