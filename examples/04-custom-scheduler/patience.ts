// A custom scheduler written as a pure policy and lifted once with fromPolicy.
// Its marble spec sits beside it: patience.spec.ts.
import { noDecision, stop } from '../../lib/index.js';
import type { Policy, TrialId } from '../../lib/index.js';
import { fromPolicy } from '../../operators/index.js';
import type { SchedulerOperator } from '../../lib/index.js';

/**
 * Per trial: best score so far and how many reports since it improved. Plain JSON data, so the state can
 * be saved and restored (the conformance suite checks that).
 */
export type PatienceState = Readonly<Record<TrialId, { readonly best: number; readonly stale: number }>>;

/** Stops a trial after `patience` reports without improving its own best score (early stopping). */
export const patiencePolicy = (patience: number): Policy<PatienceState> => ({
  name: 'patience',
  init: () => ({}),
  step: (state, e) => {
    if (e._tag !== 'TrialReported') return noDecision(state);
    const prev = Object.hasOwn(state, e.trialId) ? state[e.trialId] : undefined;
    const rec = !prev || e.score > prev.best ? { best: e.score, stale: 0 } : { best: prev.best, stale: prev.stale + 1 };
    const next = { ...state, [e.trialId]: rec };
    return rec.stale >= patience
      ? { state: next, decisions: [stop(e.trialId, `no improvement in ${patience} reports`)] }
      : { state: next, decisions: [] };
  },
});

/** The operator: `pipe(sampleWith(...), trainWith(...), patience(3))`. */
export const patience = (n: number): SchedulerOperator => fromPolicy(patiencePolicy(n));
