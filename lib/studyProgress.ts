// How far a study has got, folded from its events: what a progress display shows. Pure and small (it
// keeps only the trials still running or paused), so a display can fold every event of a long study.
import { Map as IMap } from 'immutable';
import type { Objective } from './objective.js';
import { valueOf } from './objective.js';
import type { TrialId } from './trial.js';
import type { Budget, TrialEvent } from './trialEvent.js';
import { reportedCost } from './trialEvent.js';

/** A study's progress: counts by state, budget used and the best trial, after some of its events. */
export interface StudyProgress {
  /** From `StudyStarted`; undefined before it. */
  readonly objective: Objective | undefined;
  readonly budget: Budget;
  /** Fresh trials started (what `budget.trials` counts; continuations and PBT children do not). */
  readonly started: number;
  readonly running: number;
  /** Trials paused now (they may resume). */
  readonly paused: number;
  readonly completed: number;
  readonly stopped: number;
  readonly failed: number;
  /** Fresh trials that ended for good (completed, stopped or failed): the numerator of `budget.trials`. */
  readonly done: number;
  /** Training steps reported over all trials, counted as the study's step budget counts them. */
  readonly stepsUsed: number;
  /** Cost spent over all trials, counted as the study's cost budget counts it (0 without one). */
  readonly costUsed: number;
  /** The best completed trial by its last report, its value in the objective's own sign. */
  readonly best: { readonly trialId: TrialId; readonly value: number; readonly score: number } | undefined;
  readonly deadlineReached: boolean;
  /** Trials running or paused: their last step and score, and whether they count against `budget.trials`. */
  readonly live: IMap<
    TrialId,
    { readonly step: number; readonly score?: number; readonly fresh: boolean; readonly cost?: number }
  >;
}

/**
 * The progress before any event.
 *
 * @example
 * ```ts
 * const p = events.reduce(reduceProgress, initialProgress);
 * ```
 */
export const initialProgress: StudyProgress = {
  objective: undefined,
  budget: {},
  started: 0,
  running: 0,
  paused: 0,
  completed: 0,
  stopped: 0,
  failed: 0,
  done: 0,
  stepsUsed: 0,
  costUsed: 0,
  best: undefined,
  deadlineReached: false,
  live: IMap(),
};

/**
 * Folds one event into the progress. Pure; O(log n) per event.
 *
 * @example
 * ```ts
 * events$.pipe(scan(reduceProgress, initialProgress), map((p) => `${p.done}/${p.budget.trials}`));
 * ```
 */
export const reduceProgress = (p: StudyProgress, e: TrialEvent): StudyProgress => {
  switch (e._tag) {
    case 'StudyStarted':
      return { ...p, objective: e.objective, budget: e.budget };
    case 'DeadlineReached':
      return { ...p, deadlineReached: true };
    case 'TrialStarted': {
      const t = e.trial;
      const prev = p.live.get(t.id);
      const fresh = prev ? prev.fresh : t.segment === 0 && t.lineage.length === 0;
      return {
        ...p,
        started: p.started + (!prev && fresh ? 1 : 0),
        running: p.running + 1,
        paused: p.paused - (prev ? 1 : 0),
        live: prev ? p.live : p.live.set(t.id, { step: t.startStep, fresh }),
      };
    }
    case 'TrialReported': {
      const r = p.live.get(e.trialId);
      if (!r) return p;
      const cost = reportedCost(p.budget, e.report) ?? r.cost;
      return {
        ...p,
        stepsUsed: p.stepsUsed + Math.max(0, e.report.step - r.step),
        costUsed: p.costUsed + (cost === undefined ? 0 : Math.max(0, cost - (r.cost ?? 0))),
        live: p.live.set(e.trialId, {
          step: e.report.step,
          score: e.score,
          fresh: r.fresh,
          ...(cost === undefined ? {} : { cost }),
        }),
      };
    }
    case 'TrialEnded': {
      const r = p.live.get(e.trialId);
      if (!r) return p;
      if (e.outcome === 'paused') return { ...p, running: p.running - 1, paused: p.paused + 1 };
      const better = e.outcome === 'completed' && r.score !== undefined && (!p.best || r.score > p.best.score);
      return {
        ...p,
        running: p.running - 1,
        completed: p.completed + (e.outcome === 'completed' ? 1 : 0),
        stopped: p.stopped + (e.outcome === 'stopped' ? 1 : 0),
        failed: p.failed + (e.outcome === 'failed' ? 1 : 0),
        done: p.done + (r.fresh ? 1 : 0),
        best:
          better && p.objective && r.score !== undefined
            ? { trialId: e.trialId, score: r.score, value: valueOf(p.objective, r.score) }
            : p.best,
        live: p.live.delete(e.trialId),
      };
    }
    default:
      return p;
  }
};

/**
 * The fraction of the budget spent (the largest over trials, steps, deadline and cost, in [0, 1]) and the time
 * left, each projected from `elapsedMs` at the rate so far; the earliest budget to run out wins.
 * Undefined parts: no budget to measure against, or nothing done yet to project from.
 *
 * @example
 * ```ts
 * budgetProgress(p, 60_000); // { fraction: 0.25, etaMs: 180_000 } after 10 of 40 trials in a minute
 * ```
 */
export const budgetProgress = (
  p: StudyProgress,
  elapsedMs: number,
): { readonly fraction: number | undefined; readonly etaMs: number | undefined } => {
  const { trials, steps, deadline, cost } = p.budget;
  const parts: Array<{ f: number; eta: number | undefined }> = [];
  const rate = (used: number, total: number) => ({
    f: total > 0 ? Math.min(1, used / total) : 1,
    eta: used >= total ? 0 : used > 0 && elapsedMs > 0 ? (elapsedMs * (total - used)) / used : undefined,
  });
  if (trials !== undefined) parts.push(rate(p.done, trials));
  if (steps !== undefined) parts.push(rate(p.stepsUsed, steps));
  if (cost !== undefined) parts.push(rate(p.costUsed, cost.total));
  if (deadline !== undefined)
    parts.push(
      p.deadlineReached
        ? { f: 1, eta: 0 }
        : { f: deadline > 0 ? Math.min(1, elapsedMs / deadline) : 1, eta: Math.max(0, deadline - elapsedMs) },
    );
  if (parts.length === 0) return { fraction: undefined, etaMs: undefined };
  const etas = parts.flatMap((x) => (x.eta === undefined ? [] : [x.eta]));
  return { fraction: Math.max(...parts.map((x) => x.f)), etaMs: etas.length > 0 ? Math.min(...etas) : undefined };
};
