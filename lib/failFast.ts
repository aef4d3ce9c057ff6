import type { TrialEvent } from './trialEvent.js';
import type { TrialFailure } from './errors.js';
import { StudyFailedError } from './errors.js';

/**
 * When failed trials fail the whole study (the `failFast` option of `study` and `askTell`):
 * - default (`undefined`): when the first {@link REPEATED_FAILURES} trials to end all failed for the
 *   same reason and none completed (a misspelled metric, a broken trainer), and at the end of a study in
 *   which trials failed and none completed;
 * - `true`: at the first failed trial;
 * - `n`: when `n` trials have failed, and at the end as by default;
 * - `false`: never; failed trials are only events.
 */
export type FailFast = boolean | number | undefined;

/** How many identical failures, with no trial completed, the default rule takes for a broken setup. */
export const REPEATED_FAILURES = 3;

/** What the failure rule needs to know, folded from events in O(1) each. */
export interface FailureTally {
  readonly failed: number;
  readonly completed: number;
  /** Distinct reasons in order of first appearance (at most a few kept), with the first trial and a count. */
  readonly reasons: ReadonlyArray<{ readonly reason: string; readonly first: TrialFailure; readonly count: number }>;
}

const KEPT_REASONS = 5;

/** The tally before any event. */
export const emptyTally: FailureTally = { failed: 0, completed: 0, reasons: [] };

// The same failure in two trials differs only in the "trial N: " prefix the message starts with.
const reasonOf = (f: TrialFailure): string => {
  const m = f.message.startsWith(`trial ${f.trialId}: `) ? f.message.slice(`trial ${f.trialId}: `.length) : f.message;
  return f.name === 'TrialFailedError' || f.name === 'Error' ? m : `${f.name}: ${m}`;
};

/**
 * Folds one event into the tally (only `TrialEnded` counts).
 *
 * @example
 * ```ts
 * const t = events.reduce(tallyFailures, emptyTally);
 * ```
 */
export const tallyFailures = (t: FailureTally, e: TrialEvent): FailureTally => {
  if (e._tag !== 'TrialEnded') return t;
  if (e.outcome === 'completed') return { ...t, completed: t.completed + 1 };
  if (e.outcome !== 'failed') return t;
  const f: TrialFailure = { trialId: e.trialId, name: e.error?.name ?? 'Error', message: e.error?.message ?? 'failed' };
  const reason = reasonOf(f);
  const i = t.reasons.findIndex((r) => r.reason === reason);
  const reasons =
    i >= 0
      ? t.reasons.map((r, j) => (j === i ? { ...r, count: r.count + 1 } : r))
      : t.reasons.length < KEPT_REASONS
        ? [...t.reasons, { reason, first: f, count: 1 }]
        : t.reasons;
  return { ...t, failed: t.failed + 1, reasons };
};

const describe = (t: FailureTally): string => {
  const shown = t.reasons.slice(0, 3);
  const listed = shown.reduce((n, r) => n + r.count, 0);
  const parts = shown.map(
    (r) => `trial ${r.first.trialId}: ${r.reason}${r.count > 1 ? ` (and ${r.count - 1} more like it)` : ''}`,
  );
  if (t.failed > listed) parts.push(`${t.failed - listed} other failures`);
  return `${parts.join('; ')}. Every reason is in the TrialEnded events`;
};

const error = (why: string, t: FailureTally): StudyFailedError =>
  new StudyFailedError(`${why}: ${describe(t)}`, {
    failed: t.failed,
    completed: t.completed,
    failures: t.reasons.map((r) => r.first),
  });

/**
 * The error that ends a running study under `failFast`, if the tally calls for one now.
 *
 * @example
 * ```ts
 * const e = failureVerdict(tally, undefined); // StudyFailedError after 3 identical failures, none completed
 * ```
 */
export const failureVerdict = (t: FailureTally, failFast: FailFast): StudyFailedError | undefined => {
  if (failFast === false || t.failed === 0) return undefined;
  if (failFast === true) return error(`a trial failed (failFast: true)`, t);
  if (typeof failFast === 'number')
    return t.failed >= failFast ? error(`${t.failed} trials failed (failFast: ${failFast})`, t) : undefined;
  const first = t.reasons[0];
  return t.completed === 0 && t.reasons.length === 1 && first !== undefined && first.count >= REPEATED_FAILURES
    ? error(
        `the first ${first.count} trials to end all failed the same way and none completed (failFast: false runs on regardless)`,
        t,
      )
    : undefined;
};

/**
 * The error a study that has ended raises under `failFast`: trials failed and none completed.
 *
 * @example
 * ```ts
 * endVerdict({ failed: 50, completed: 0, reasons }, undefined); // StudyFailedError naming the reasons
 * ```
 */
export const endVerdict = (t: FailureTally, failFast: FailFast): StudyFailedError | undefined =>
  failFast === false || t.completed > 0 || t.failed === 0
    ? undefined
    : error(`no trial completed and ${t.failed} failed`, t);
