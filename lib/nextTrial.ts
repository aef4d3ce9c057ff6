import type { Config } from './config.js';
import type { Continuation, StudyState } from './studyState.js';
import { budgetSpent, freeSlots, hardStopped } from './studyState.js';
import type { Trial } from './trial.js';
import { derive, seedInt } from './rng.js';

/**
 * The trial that carries out a continuation: a promoted trial resumes from its newest checkpoint (same
 * id, next segment, new budget); a fork child is a new trial starting from the parent's checkpoint at
 * the parent's step, with the mutated config and the lineage recorded.
 *
 * @throws Error if the continuation is impossible (a policy bug): promoting a trial that is not paused,
 * forking from an unknown parent.
 */
export const continuationTrial = (state: StudyState, c: Continuation): Trial => {
  if (c._tag === 'Promote') {
    const r = state.trials.get(c.trialId);
    if (!r || r.status !== 'paused')
      throw new Error(
        `Promote of trial ${c.trialId}, which is ${r ? r.status : 'unknown'}: only paused trials can be promoted`,
      );
    const ck = r.checkpoint;
    const { resumeFrom: _old, ...rest } = r.trial;
    const base = { ...rest, segment: r.trial.segment + 1, budget: c.budget };
    // Without a checkpoint a trainer cannot resume, so the segment restarts from step 0.
    return ck ? { ...base, startStep: ck.step, resumeFrom: ck.ref } : { ...base, startStep: 0 };
  }
  const parent = state.trials.get(c.parent);
  if (!parent) throw new Error(`Fork from unknown parent trial ${c.parent}`);
  const t = freshTrial(state, c.config);
  const child: Trial = {
    ...t,
    startStep: c.step,
    resumeFrom: c.checkpoint,
    lineage: [...parent.trial.lineage, c.parent],
  };
  return c.budget === undefined ? child : { ...child, budget: c.budget };
};

/** A fresh trial for `config`, numbered after every trial the state knows. */
export const freshTrial = (state: StudyState, config: Config): Trial => {
  const number = state.order.size;
  const id = String(number);
  return {
    id,
    number,
    config,
    seed: seedInt(derive(state.seed, id)),
    segment: 0,
    startStep: 0,
    lineage: [],
    study: { seed: state.seed, objective: state.objective },
  };
};

/** What a study should do next from a state. */
export type NextStep =
  | { readonly _tag: 'Continue'; readonly continuation: Continuation }
  | { readonly _tag: 'Ask' }
  | { readonly _tag: 'Wait' }
  | { readonly _tag: 'Done' };

/**
 * The study's demand rule, shared by `sampleWith` and the ask/tell facade: continuations first (the
 * oldest one that can start: a Promote whose trial is still running waits for its run to end), then a
 * fresh ask while a slot is free and the budget allows; done when nothing more can start, nothing runs
 * and no continuation is pending (pending ones are dropped once the step budget or deadline is spent:
 * their trials stay paused with their checkpoints).
 */
export const nextStep = (state: StudyState, exhausted: boolean, slots = freeSlots(state)): NextStep => {
  const hard = hardStopped(state);
  if (slots > 0 && !hard) {
    // A Promote decided in the same step as its trial's Pause waits until that run has ended.
    const c = state.pending.find((p) => p._tag === 'Fork' || !state.running.has(p.trialId));
    if (c) return { _tag: 'Continue', continuation: c };
    if (!exhausted && budgetSpent(state) === undefined) return { _tag: 'Ask' };
  }
  const noMoreFresh = exhausted || budgetSpent(state) !== undefined;
  return noMoreFresh && state.running.size === 0 && (state.pending.length === 0 || hard)
    ? { _tag: 'Done' }
    : { _tag: 'Wait' };
};
