import { Map as IMap } from 'immutable';
import { asString, mapFromJson } from './fromJsonState.js';
import type { Policy, PolicyStep } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import type { StudyRef, Trial, TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialIdOf } from '../../lib/trialEvent.js';

/** The state of {@link groupedPolicy}: each group's own policy state, and which group each trial is in. */
export interface GroupedState<S = unknown> {
  readonly study: StudyRef | undefined;
  readonly groups: IMap<number, S>;
  readonly groupOf: IMap<TrialId, number>;
}

/**
 * `groupBy` for pure policies: a trial is placed in a group when it first starts (`groupOf`; a forked
 * child joins its parent's group) and from then on every event about it goes to that group's own
 * policy, whose state is kept apart. Events about no trial go to every group. This is how Hyperband is
 * successive halving per bracket without a special runtime, and still one policy lifted once.
 *
 * @example
 * ```ts
 * groupedPolicy('byParity', (t) => t.number % 2, () => ashaPolicy({ maxStep: 27 }));
 * ```
 * @param name The policy's name.
 * @param groupOf The group of a trial that has none yet (a pure function of the trial and the study).
 * @param policyOf The policy of a group (called once per group, on its first trial).
 */
export const groupedPolicy = <S>(
  name: string,
  groupOf: (trial: Trial, study: StudyRef) => number,
  policyOf: (group: number) => Policy<S>,
): Policy<GroupedState<S>> => {
  const policies = new Map<number, Policy<S>>();
  // Policies are immutable values, so caching them per group keeps step pure.
  const policy = (g: number): Policy<S> => {
    let p = policies.get(g);
    if (!p) policies.set(g, (p = policyOf(g)));
    return p;
  };
  const stepGroup = (s: GroupedState<S>, g: number, e: TrialEvent): PolicyStep<GroupedState<S>> => {
    const p = policy(g);
    const r = p.step(s.groups.has(g) ? (s.groups.get(g) as S) : p.init(s.study as StudyRef), e);
    return { state: { ...s, groups: s.groups.set(g, r.state) }, decisions: r.decisions };
  };
  return {
    name,
    init: (study) => ({ study, groups: IMap(), groupOf: IMap() }),
    step: (s0, e) => {
      // Read back from its JSON form if need be; each group's policy reads its own state back.
      const s: GroupedState<S> = IMap.isMap(s0.groups)
        ? s0
        : {
            study: s0.study,
            groups: mapFromJson<number, S>(s0.groups, Number),
            groupOf: mapFromJson<TrialId, number>(s0.groupOf, asString),
          };
      const id = trialIdOf(e);
      if (id === undefined) {
        let state = s;
        const decisions = [];
        for (const g of s.groups.keys()) {
          const r = stepGroup(state, g, e);
          state = r.state;
          decisions.push(...r.decisions);
        }
        return { state, decisions };
      }
      let g = s.groupOf.get(id);
      let state = s;
      if (g === undefined) {
        if (e._tag !== 'TrialStarted') return noDecision(s);
        const parent = e.trial.lineage[e.trial.lineage.length - 1];
        g = (parent === undefined ? undefined : s.groupOf.get(parent)) ?? groupOf(e.trial, s.study as StudyRef);
        state = { ...s, groupOf: s.groupOf.set(id, g) };
      }
      return stepGroup(state, g, e);
    },
  };
};
