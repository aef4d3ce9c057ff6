import { Map as IMap, Set as ISet } from 'immutable';
import type { TrialId } from './trial.js';
import type { TrialEvent } from './trialEvent.js';

/**
 * Which checkpoints can still be resumed from, folded from a study's events. A checkpoint is reachable
 * while it is the newest checkpoint of a live trial (running, or paused and so resumable; a trial that
 * has not reported one yet holds the checkpoint it resumed from) or the checkpoint of a fork whose
 * child has not started. Refs are compared by value for strings and by identity for objects.
 */
export interface RetentionState {
  /** The checkpoint each live trial would resume from. */
  readonly holders: IMap<TrialId, unknown>;
  readonly paused: ISet<TrialId>;
  /** Forks decided whose child has not started, in order. */
  readonly pending: ReadonlyArray<{ readonly parent: TrialId; readonly step: number; readonly ref: unknown }>;
  /** How many holders and pending forks reach each ref. */
  readonly counts: IMap<unknown, number>;
  /** Final checkpoints of completed trials kept by `keepFinal` (never released). */
  readonly kept: ISet<unknown>;
}

/** Options of {@link retentionStep}. */
export interface RetentionOptions {
  /** Keep the last checkpoint of every completed trial (the trained models). Default false. */
  readonly keepFinal?: boolean;
}

/** The state before any event. */
export const initialRetention = (): RetentionState => ({
  holders: IMap(),
  paused: ISet(),
  pending: [],
  counts: IMap(),
  kept: ISet(),
});

type Acc = { s: RetentionState; released: unknown[] };

const acquire = (a: Acc, ref: unknown): void => {
  a.s = { ...a.s, counts: a.s.counts.set(ref, (a.s.counts.get(ref) ?? 0) + 1) };
};
const drop = (a: Acc, ref: unknown): void => {
  const n = (a.s.counts.get(ref) ?? 0) - 1;
  if (n > 0) {
    a.s = { ...a.s, counts: a.s.counts.set(ref, n) };
    return;
  }
  a.s = { ...a.s, counts: a.s.counts.delete(ref) };
  if (!a.s.kept.has(ref)) a.released.push(ref);
};
// Acquire before dropping, so moving a holder to the ref it already has never releases it.
const hold = (a: Acc, id: TrialId, ref: unknown): void => {
  const had = a.s.holders.has(id);
  const old = a.s.holders.get(id);
  acquire(a, ref);
  a.s = { ...a.s, holders: a.s.holders.set(id, ref) };
  if (had) drop(a, old);
};
const unhold = (a: Acc, id: TrialId, keep = false): void => {
  if (!a.s.holders.has(id)) return;
  const ref = a.s.holders.get(id);
  a.s = { ...a.s, holders: a.s.holders.delete(id), paused: a.s.paused.delete(id) };
  if (keep) a.s = { ...a.s, kept: a.s.kept.add(ref) };
  drop(a, ref);
};

/**
 * Folds one event and returns the refs that just became unreachable (release them now). Pure; each
 * event costs O(log n) plus the pending forks scanned at a child's start.
 *
 * @example
 * ```ts
 * let s = initialRetention();
 * for (const e of events) {
 *   const [next, released] = retentionStep(s, e);
 *   s = next;
 *   released.forEach((ref) => store.release(ref));
 * }
 * ```
 */
export const retentionStep = (
  s: RetentionState,
  e: TrialEvent,
  options: RetentionOptions = {},
): readonly [RetentionState, ReadonlyArray<unknown>] => {
  const a: Acc = { s, released: [] };
  switch (e._tag) {
    case 'TrialStarted': {
      const t = e.trial;
      a.s = { ...a.s, paused: a.s.paused.delete(t.id) };
      if (t.resumeFrom !== undefined) hold(a, t.id, t.resumeFrom);
      // The child of a pending fork now holds the fork's checkpoint itself.
      const parent = t.lineage[t.lineage.length - 1];
      if (t.segment === 0 && parent !== undefined) {
        const i = a.s.pending.findIndex((p) => p.parent === parent && p.step === t.startStep);
        if (i >= 0) {
          const p = a.s.pending[i] as RetentionState['pending'][number];
          a.s = { ...a.s, pending: [...a.s.pending.slice(0, i), ...a.s.pending.slice(i + 1)] };
          drop(a, p.ref);
        }
      }
      break;
    }
    case 'TrialReported':
      if (e.report.checkpoint !== undefined) hold(a, e.trialId, e.report.checkpoint);
      break;
    case 'TrialDecided': {
      const d = e.decision;
      if (d._tag === 'Fork' && d.checkpoint !== undefined) {
        acquire(a, d.checkpoint);
        a.s = { ...a.s, pending: [...a.s.pending, { parent: d.parent, step: d.step, ref: d.checkpoint }] };
      }
      // A scheduler giving up on a paused trial: it will never resume.
      if (d._tag === 'Stop' && a.s.paused.has(d.trialId)) unhold(a, d.trialId);
      break;
    }
    case 'TrialEnded':
      if (e.outcome === 'paused') a.s = { ...a.s, paused: a.s.paused.add(e.trialId) };
      else unhold(a, e.trialId, options.keepFinal === true && e.outcome === 'completed');
      break;
    default:
      break;
  }
  return [a.s, a.released];
};

/** The refs reachable in a retention state (live trials' checkpoints, pending forks', kept finals). */
export const reachableCheckpoints = (s: RetentionState): ReadonlyArray<unknown> => [
  ...new Set([...s.counts.keys(), ...s.kept]),
];
