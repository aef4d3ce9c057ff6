import { Map as IMap, Set as ISet } from 'immutable';
import { asString, mapFromJson, setFromJson } from './fromJsonState.js';
import type { Decision } from '../../lib/decision.js';
import { pause, promote, stop } from '../../lib/decision.js';
import type { Policy, PolicyStep } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import type { Seed } from '../../lib/rng.js';
import type { StudyRef, TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { hashedChoice } from './hashedChoice.js';
import { levels, milestones } from './milestones.js';
import { insertSorted, percentileOfSorted } from '../math/sorted.js';
import { rungOptionProblems } from './rungOptionProblems.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';

/** Options of {@link ashaPolicy}. */
export interface AshaOptions {
  /** The first rung (grace period), in steps. Default 1. */
  readonly minStep?: number;
  /** The step at which a trial is complete; never stopped or paused there. Default 100. */
  readonly maxStep?: number;
  /** η: rungs are η apart; the top 1/η of a rung go on. Default 4 (Ray, Optuna). */
  readonly reductionFactor?: number;
  /** Brackets with minimum early-stopping rates 0 … brackets−1, chosen per trial by hash. Default 1. */
  readonly brackets?: number;
  /**
   * `'stop'` (Ray's ASHAScheduler, Optuna's SuccessiveHalvingPruner): a trial is judged once per rung,
   * on arrival, against the rung so far, and stopped or left running. `'promote'` (the ASHA paper):
   * a trial pauses at each rung; whenever a slot frees, the best not-yet-promoted trial in the top 1/η
   * of the highest rung that has one resumes from its checkpoint. Default `'stop'`.
   */
  readonly mode?: 'stop' | 'promote';
}

/** Defaults of {@link ashaPolicy} (Ray's `ASHAScheduler` with `max_t = 100`). */
export const DEFAULT_ASHA_OPTIONS = {
  minStep: 1,
  maxStep: 100,
  reductionFactor: 4,
  brackets: 1,
  mode: 'stop',
} as const;

interface Entry {
  readonly id: TrialId;
  readonly score: number;
}

/** One rung's record: every arrival, best first (ties: earlier arrival first), and who was promoted. */
export interface AshaRung {
  readonly ranked: ReadonlyArray<Entry>;
  /** The same scores, ascending, for the stop form's percentile cutoff. */
  readonly scores: ReadonlyArray<number>;
  readonly promoted: ISet<TrialId>;
}

/** A trial as ASHA sees it. */
export interface AshaTrial {
  readonly bracket: number;
  /** Index of the next rung this trial can be recorded at. */
  readonly next: number;
  readonly status: 'running' | 'paused' | 'promoted';
  /** The slot this run holds was already handed on (it reached `maxStep`). */
  readonly released: boolean;
}

/** The state of {@link ashaPolicy}. */
export interface AshaState {
  readonly seed: Seed;
  readonly trials: IMap<TrialId, AshaTrial>;
  /** Rung records by `bracket:rungIndex`. */
  readonly rungs: IMap<string, AshaRung>;
}

/** The state itself, or read back from its JSON form. */
const reviveAsha = (s: AshaState): AshaState =>
  IMap.isMap(s.trials)
    ? s
    : {
        seed: s.seed,
        trials: mapFromJson<TrialId, AshaTrial>(s.trials, asString),
        rungs: mapFromJson<string, AshaRung>(s.rungs, asString, (v) => {
          const r = v as AshaRung;
          return { ...r, promoted: setFromJson<TrialId>(r.promoted) };
        }),
      };

const KNOWN = ['minStep', 'maxStep', 'reductionFactor', 'brackets', 'mode'];
const emptyRung: AshaRung = { ranked: [], scores: [], promoted: ISet() };

/** Inserts after every entry with a score at least as good, so ties keep arrival order. */
const insertRanked = (ranked: ReadonlyArray<Entry>, e: Entry): Entry[] => {
  let lo = 0;
  let hi = ranked.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranked[mid] as Entry).score >= e.score) lo = mid + 1;
    else hi = mid;
  }
  return [...ranked.slice(0, lo), e, ...ranked.slice(lo)];
};

/**
 * Asynchronous successive halving (ASHA; Li et al., MLSys 2020), in both published forms (ALGORITHMS.md
 * §7.2–7.5). Rungs of bracket b are at `minStep·η^(b+k)` below `maxStep` (integer arithmetic); a trial's
 * bracket is a hash of the study seed and its id, with Ray's weights ∝ exp(#rungs). A trial is recorded
 * at the highest rung its report has reached and not yet recorded (Ray: one rung per report, so report
 * every step); reports at or past `maxStep` are never judged.
 *
 * - `mode: 'stop'` — on arrival, the trial is stopped if its score is below the (1 − 1/η)·100-th
 *   percentile (linear interpolation) of the scores already recorded at that rung, this trial excluded;
 *   an empty rung keeps it (Ray's `AsyncHyperBandScheduler`). Nobody is paused.
 * - `mode: 'promote'` — on arrival, the trial is paused. Each time a slot frees (an arrival, a report at
 *   `maxStep`, a run that completes or fails), ASHA's `get_job` runs: scanning rungs from the highest
 *   milestone down, the best trial in the top ⌊n/η⌋ of a rung that is paused and not yet promoted is
 *   promoted to the next milestone (the last rung to `maxStep`) and resumes from its checkpoint; if
 *   there is none, the slot goes to a fresh trial. The arriving trial itself may be the one promoted.
 *
 * Out-of-order rule (Optuna #3088): a decision is a function of the events before it, in event order,
 * and is never revisited. A trial arriving at a rung is compared with the trials recorded there *before
 * it* — whenever they started, whatever step clock they ran on; the first trial of the study is
 * recorded like every other (no warm-up on completed trials). In the promote form a paused trial's fate
 * is settled at the next free slot by the rung as it stands then.
 *
 * @example
 * ```ts
 * fromPolicy(ashaPolicy({ minStep: 1, maxStep: 81, reductionFactor: 3, mode: 'promote' }));
 * ```
 * @throws InvalidOptionsError naming each bad field (η < 2, minStep > maxStep, non-integer steps, …).
 */
export const ashaPolicy = (options: AshaOptions = {}): Policy<AshaState> => {
  const o = { ...DEFAULT_ASHA_OPTIONS, ...options };
  const p = [...unknownOptionProblems(options, KNOWN), ...rungOptionProblems(o)];
  if (o.mode !== 'stop' && o.mode !== 'promote') p.push(`mode must be 'stop' or 'promote', got ${show(o.mode)}`);
  if (!(Number.isInteger(o.brackets) && o.brackets >= 1))
    p.push(`brackets must be an integer >= 1, got ${show(o.brackets)}`);
  else if (p.length === 0 && o.brackets > levels(o.minStep, o.maxStep, o.reductionFactor) + 1)
    p.push(
      `brackets (${o.brackets}) must be <= ${levels(o.minStep, o.maxStep, o.reductionFactor) + 1}, the number of rates with a rung at or below maxStep`,
    );
  if (p.length > 0) throw new InvalidOptionsError('asha options', p);
  const eta = o.reductionFactor;
  const rungSteps = Array.from({ length: o.brackets }, (_, b) => milestones(o.minStep, o.maxStep, eta, b));
  const maxRungs = Math.max(...rungSteps.map((r) => r.length));
  const weights = rungSteps.map((r) => Math.exp(r.length - maxRungs));
  // get_job's scan order: highest milestone first, then lower bracket index.
  const scanOrder = rungSteps.flatMap((r, b) => r.map((m, k) => ({ b, k, m }))).sort((x, y) => y.m - x.m || x.b - y.b);
  const budgetAfter = (b: number, k: number): number => rungSteps[b]?.[k + 1] ?? o.maxStep;
  const rungOf = (s: AshaState, b: number, k: number): AshaRung => s.rungs.get(`${b}:${k}`) ?? emptyRung;
  const setRung = (s: AshaState, b: number, k: number, r: AshaRung): AshaState => ({
    ...s,
    rungs: s.rungs.set(`${b}:${k}`, r),
  });

  /** ASHA's get_job for one free slot: the promotion to make, if any. */
  const getJob = (s: AshaState): PolicyStep<AshaState> => {
    for (const { b, k } of scanOrder) {
      const r = rungOf(s, b, k);
      const top = Math.floor(r.ranked.length / eta);
      for (let i = 0; i < top; i++) {
        const e = r.ranked[i] as Entry;
        if (r.promoted.has(e.id) || s.trials.get(e.id)?.status !== 'paused') continue;
        const t = s.trials.get(e.id) as AshaTrial;
        const next = setRung(s, b, k, { ...r, promoted: r.promoted.add(e.id) });
        return {
          state: { ...next, trials: next.trials.set(e.id, { ...t, status: 'promoted' }) },
          decisions: [promote(e.id, k + 1, budgetAfter(b, k))],
        };
      }
    }
    return noDecision(s);
  };

  const onStarted = (s: AshaState, id: TrialId): AshaState => {
    const t = s.trials.get(id);
    if (t) return { ...s, trials: s.trials.set(id, { ...t, status: 'running', released: false }) };
    const bracket = o.brackets === 1 ? 0 : hashedChoice(s.seed, `asha/${id}`, weights);
    return { ...s, trials: s.trials.set(id, { bracket, next: 0, status: 'running', released: false }) };
  };

  const onReport = (s: AshaState, id: TrialId, step: number, score: number): PolicyStep<AshaState> => {
    const t = s.trials.get(id);
    if (!t || t.status !== 'running') return noDecision(s);
    if (step >= o.maxStep) {
      // The run is about to complete: in the promote form its slot goes to a waiting promotion now, so
      // the promotion is pending before the slot frees and is not overtaken by a fresh trial.
      if (o.mode === 'stop' || t.released) return noDecision(s);
      return getJob({ ...s, trials: s.trials.set(id, { ...t, released: true }) });
    }
    const steps = rungSteps[t.bracket] as number[];
    let k = -1;
    for (let i = steps.length - 1; i >= t.next; i--)
      if ((steps[i] as number) <= step) {
        k = i;
        break;
      }
    if (k < 0) return noDecision(s);
    const r = rungOf(s, t.bracket, k);
    const recorded = setRung(s, t.bracket, k, {
      ranked: insertRanked(r.ranked, { id, score }),
      scores: insertSorted(r.scores, score),
      promoted: r.promoted,
    });
    if (o.mode === 'stop') {
      const cutoff = percentileOfSorted(r.scores, (1 - 1 / eta) * 100);
      if (cutoff !== undefined && score < cutoff)
        return {
          state: { ...recorded, trials: recorded.trials.delete(id) },
          decisions: [stop(id, `asha: score ${score} < cutoff ${cutoff} at step ${steps[k]}`, k)],
        };
      return noDecision({ ...recorded, trials: recorded.trials.set(id, { ...t, next: k + 1 }) });
    }
    const paused = { ...recorded, trials: recorded.trials.set(id, { ...t, next: k + 1, status: 'paused' as const }) };
    const job = getJob(paused);
    return { state: job.state, decisions: [pause(id, k) as Decision, ...job.decisions] };
  };

  /** A run ended without our decision (completed, failed, or another scheduler ended it). */
  const onEnded = (s: AshaState, id: TrialId): PolicyStep<AshaState> => {
    const t = s.trials.get(id);
    if (!t || t.status !== 'running') return noDecision(s);
    const next = { ...s, trials: s.trials.delete(id) };
    return o.mode === 'promote' && !t.released ? getJob(next) : noDecision(next);
  };

  return {
    name: 'asha',
    init: (study: StudyRef) => ({ seed: study.seed, trials: IMap(), rungs: IMap() }),
    step: (s0, e: TrialEvent) => {
      const s = reviveAsha(s0);
      switch (e._tag) {
        case 'TrialStarted':
          return noDecision(onStarted(s, e.trial.id));
        case 'TrialReported':
          return onReport(s, e.trialId, e.report.step, e.score);
        case 'TrialEnded':
          return onEnded(s, e.trialId);
        case 'TrialDecided': {
          // Another scheduler gave up on a trial we hold paused: it is no longer a candidate.
          const d = e.decision;
          if (d._tag !== 'Stop' || s.trials.get(d.trialId)?.status === 'running') return noDecision(s);
          return noDecision({ ...s, trials: s.trials.delete(d.trialId) });
        }
        default:
          return noDecision(s);
      }
    },
  };
};
