import { List, Map as IMap, Set as ISet } from 'immutable';
import { asString, listFromJson, mapFromJson, setFromJson } from './fromJsonState.js';
import type { Decision } from '../../lib/decision.js';
import { pause, promote, stop } from '../../lib/decision.js';
import type { Policy, PolicyStep } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import type { TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { milestones } from './milestones.js';
import { rungOptionProblems } from './rungOptionProblems.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';

/** Options of {@link successiveHalvingPolicy}. */
export interface SuccessiveHalvingOptions {
  /** The first rung, in steps. Default 1. */
  readonly minStep?: number;
  /** The step at which a trial is complete. Default 81. */
  readonly maxStep?: number;
  /** η: rungs are η apart and the top ⌊n/η⌋ (at least 1) of a rung go on. Default 3. */
  readonly reductionFactor?: number;
  /** Trials per cohort, in start order. Default η^(number of rungs), so one trial reaches `maxStep`. */
  readonly cohortSize?: number;
}

/** Defaults of {@link successiveHalvingPolicy}. */
export const DEFAULT_SUCCESSIVE_HALVING_OPTIONS = { minStep: 1, maxStep: 81, reductionFactor: 3 } as const;

interface Arrival {
  readonly id: TrialId;
  readonly score: number;
}

/** One cohort: the trials racing through the rungs together. */
export interface Cohort {
  /** Fresh trials assigned so far (the cohort is full at `cohortSize`). */
  readonly members: number;
  /** Index of the rung being filled (= the number of rungs behind it). */
  readonly rung: number;
  /** Members still in the race at this rung: running towards it or paused at it. */
  readonly live: ISet<TrialId>;
  /** Arrivals at this rung, in event order. */
  readonly arrived: List<Arrival>;
}

/** A trial as successive halving sees it. */
export interface ShTrial {
  readonly cohort: number;
  readonly status: 'running' | 'paused' | 'promoted' | 'out';
}

/** The state of {@link successiveHalvingPolicy}. */
export interface SuccessiveHalvingState {
  readonly cohorts: List<Cohort>;
  readonly trials: IMap<TrialId, ShTrial>;
}

const KNOWN = ['minStep', 'maxStep', 'reductionFactor', 'cohortSize'];

/** The state itself, or read back from its JSON form. */
const reviveSh = (s: SuccessiveHalvingState): SuccessiveHalvingState =>
  IMap.isMap(s.trials)
    ? s
    : {
        trials: mapFromJson<TrialId, ShTrial>(s.trials, asString),
        cohorts: listFromJson<Cohort>(s.cohorts, (v) => {
          const c = v as Cohort;
          return { ...c, live: setFromJson<TrialId>(c.live), arrived: listFromJson<Arrival>(c.arrived) };
        }),
      };

/**
 * Synchronous successive halving (Li et al., JMLR 2018, Alg. 1; Ray's synchronous HyperBand bracket):
 * fresh trials form cohorts of `cohortSize` in start order. A member that reaches the cohort's rung
 * (its first report at a step ≥ the milestone) is paused there. When the cohort is full and every
 * member still in the race has arrived, the top ⌊n/η⌋ (at least one; ties go to the earlier arrival)
 * are promoted with a budget of the next milestone (the last ones to `maxStep`) and resume from their
 * checkpoint; the rest are stopped. Members that fail or end early leave the race and do not hold it up.
 * A cohort that never fills (the study's trial budget is not a multiple of `cohortSize`) keeps its
 * trials paused: the study ends with them reported as paused, with their checkpoints.
 *
 * Out-of-order rule: nothing is decided before the whole rung is in, so the order in which members
 * arrive changes nothing but the order of ties. Same events, same decisions.
 *
 * @example
 * ```ts
 * fromPolicy(successiveHalvingPolicy({ minStep: 1, maxStep: 27, reductionFactor: 3, cohortSize: 9 }));
 * // 9 trials to step 1 → best 3 to step 3 → best 1 to step 9 → to 27
 * ```
 * @throws InvalidOptionsError naming each bad field (η < 2, minStep > maxStep, non-integer steps, …).
 */
export const successiveHalvingPolicy = (options: SuccessiveHalvingOptions = {}): Policy<SuccessiveHalvingState> => {
  const o = { ...DEFAULT_SUCCESSIVE_HALVING_OPTIONS, ...options };
  const p = [...unknownOptionProblems(options, KNOWN), ...rungOptionProblems(o)];
  if (p.length === 0 && o.cohortSize !== undefined && !(Number.isInteger(o.cohortSize) && o.cohortSize >= 1))
    p.push(`cohortSize must be an integer >= 1, got ${show(o.cohortSize)}`);
  if (p.length > 0) throw new InvalidOptionsError('successiveHalving options', p);
  const eta = o.reductionFactor;
  const rungs = milestones(o.minStep, o.maxStep, eta);
  const cohortSize = o.cohortSize ?? eta ** rungs.length;
  const budgetAfter = (k: number): number => rungs[k + 1] ?? o.maxStep;

  /**
   * Decides a rung once the cohort is full and everyone still racing has arrived. `arriving` is the
   * trial whose report this is: its own decision comes first (paused, or stopped if the rung is decided
   * against it), so its run ends with the right outcome.
   */
  const settle = (s: SuccessiveHalvingState, index: number, arriving?: TrialId): PolicyStep<SuccessiveHalvingState> => {
    const c = s.cohorts.get(index) as Cohort;
    const n = c.arrived.size;
    const k = c.rung;
    if (c.members < cohortSize || n === 0 || n !== c.live.size)
      return { state: s, decisions: arriving === undefined ? [] : [pause(arriving, k)] };
    const keep = Math.max(1, Math.floor(n / eta));
    // Stable sort: equal scores keep arrival order, so ties go to the earlier arrival.
    const ranked = c.arrived.toArray().sort((a, b) => b.score - a.score);
    const topIds = new Set(ranked.slice(0, keep).map((a) => a.id));
    const stopOf = (id: TrialId): Decision =>
      stop(id, `successive halving: not in the top ${keep} of ${n} at step ${rungs[k]}`, k);
    const own: Decision[] =
      arriving === undefined ? [] : [topIds.has(arriving) ? pause(arriving, k) : stopOf(arriving)];
    const decisions = [
      ...own,
      ...ranked.slice(0, keep).map((a) => promote(a.id, k + 1, budgetAfter(k))),
      ...c.arrived.filter((a) => !topIds.has(a.id) && a.id !== arriving).map((a) => stopOf(a.id)),
    ];
    const trials = s.trials.withMutations((m) => {
      for (const a of c.arrived) m.set(a.id, { cohort: index, status: topIds.has(a.id) ? 'promoted' : 'out' });
    });
    const cohort: Cohort = { ...c, rung: k + 1, live: ISet(topIds), arrived: List() };
    return { state: { cohorts: s.cohorts.set(index, cohort), trials }, decisions };
  };

  const onStarted = (s: SuccessiveHalvingState, id: TrialId): SuccessiveHalvingState => {
    const t = s.trials.get(id);
    if (t) return t.status === 'out' ? s : { ...s, trials: s.trials.set(id, { ...t, status: 'running' }) };
    const last = s.cohorts.last();
    const index = last && last.members < cohortSize ? s.cohorts.size - 1 : s.cohorts.size;
    const c: Cohort = s.cohorts.get(index) ?? { members: 0, rung: 0, live: ISet(), arrived: List() };
    return {
      cohorts: s.cohorts.set(index, { ...c, members: c.members + 1, live: c.live.add(id) }),
      trials: s.trials.set(id, { cohort: index, status: 'running' }),
    };
  };

  const onReport = (
    s: SuccessiveHalvingState,
    id: TrialId,
    step: number,
    score: number,
  ): PolicyStep<SuccessiveHalvingState> => {
    const t = s.trials.get(id);
    if (!t || t.status !== 'running') return noDecision(s);
    const c = s.cohorts.get(t.cohort) as Cohort;
    const milestone = rungs[c.rung];
    if (milestone === undefined || step < milestone || !c.live.has(id)) return noDecision(s);
    const next: SuccessiveHalvingState = {
      cohorts: s.cohorts.set(t.cohort, { ...c, arrived: c.arrived.push({ id, score }) }),
      trials: s.trials.set(id, { ...t, status: 'paused' }),
    };
    return settle(next, t.cohort, id);
  };

  /** A member left the race (failed, ended early, or another scheduler ended it): it no longer holds the rung up. */
  const onLeft = (s: SuccessiveHalvingState, id: TrialId): PolicyStep<SuccessiveHalvingState> => {
    const t = s.trials.get(id);
    if (!t || t.status === 'out') return noDecision(s);
    const c = s.cohorts.get(t.cohort) as Cohort;
    const next: SuccessiveHalvingState = {
      cohorts: s.cohorts.set(t.cohort, {
        ...c,
        live: c.live.delete(id),
        arrived: c.arrived.filter((a) => a.id !== id),
      }),
      trials: s.trials.set(id, { ...t, status: 'out' }),
    };
    return settle(next, t.cohort);
  };

  return {
    name: 'successiveHalving',
    init: () => ({ cohorts: List(), trials: IMap() }),
    step: (s0, e: TrialEvent) => {
      const s = reviveSh(s0);
      switch (e._tag) {
        case 'TrialStarted':
          return noDecision(onStarted(s, e.trial.id));
        case 'TrialReported':
          return onReport(s, e.trialId, e.report.step, e.score);
        case 'TrialEnded':
          // Our own Pause/Stop never comes back here; any other end of a running member takes it out.
          return s.trials.get(e.trialId)?.status === 'running' ? onLeft(s, e.trialId) : noDecision(s);
        case 'TrialDecided':
          // Another scheduler gave up on a trial we hold paused.
          if (e.decision._tag !== 'Stop') return noDecision(s);
          return ['paused', 'promoted'].includes(s.trials.get(e.decision.trialId)?.status ?? '')
            ? onLeft(s, e.decision.trialId)
            : noDecision(s);
        default:
          return noDecision(s);
      }
    },
  };
};
