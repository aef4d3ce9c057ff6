import type { Decision } from '../../lib/decision.js';
import type { Policy } from '../../lib/policy.js';
import type { Trial, StudyRef } from '../../lib/trial.js';
import type { Outcome, TrialEvent } from '../../lib/trialEvent.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { TEST_OBJECTIVE, fakeTrial } from '../../testing/fakeTrainer.js';

/** Event builders for policy table tests (scores: higher is better). */
export const ev = {
  start: (id: string, overrides: Partial<Trial> = {}): TrialEvent =>
    trialStarted(fakeTrial(id, {}, { number: Number.isNaN(Number(id)) ? 0 : Number(id), ...overrides })),
  resume: (id: string, segment: number, startStep: number, budget: number): TrialEvent =>
    trialStarted(fakeTrial(id, {}, { segment, startStep, resumeFrom: startStep, budget })),
  report: (id: string, step: number, score: number): TrialEvent =>
    trialReported(id, { step, metrics: { loss: -score }, checkpoint: step }, score),
  end: (id: string, outcome: Outcome = 'completed'): TrialEvent => trialEnded(id, outcome),
  decided: (d: Decision): TrialEvent => trialDecided(d),
};

/** A compact label of a decision: `stop 3@1`, `pause 3@0`, `promote 3@1→9`. */
export const show = (d: Decision): string => {
  switch (d._tag) {
    case 'Stop':
      return `stop ${d.trialId}${d.rung === undefined ? '' : `@${d.rung}`}`;
    case 'Pause':
      return `pause ${d.trialId}@${d.rung}`;
    case 'Promote':
      return `promote ${d.trialId}@${d.rung}→${d.budget}`;
    case 'Fork':
      return `fork ${d.replaced}`;
  }
};

/**
 * Folds events through a policy's pure step, as `fromPolicy` would, and returns the decisions as
 * labels, one string per event ('' when nothing was decided).
 */
export const trace = <S>(
  policy: Policy<S>,
  events: ReadonlyArray<TrialEvent>,
  study: StudyRef = { seed: 0, objective: TEST_OBJECTIVE },
): { readonly decisions: string[]; readonly state: S } => {
  let state = policy.init(study);
  const decisions: string[] = [];
  for (const e of events) {
    const r = policy.step(state, e);
    state = r.state;
    decisions.push(r.decisions.map(show).join(', '));
  }
  return { decisions, state };
};

/** Only the non-empty decisions, with the index of the event that caused them: `3: stop B`. */
export const decisionsOf = <S>(policy: Policy<S>, events: ReadonlyArray<TrialEvent>, study?: StudyRef): string[] =>
  trace(policy, events, study)
    .decisions.map((d, i) => (d === '' ? '' : `${i}: ${d}`))
    .filter((d) => d !== '');
