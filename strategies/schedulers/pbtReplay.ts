import type { Config } from '../../lib/config.js';
import { configKey } from '../../lib/config.js';
import type { Fork } from '../../lib/decision.js';
import { DecodeError } from '../../lib/errors.js';
import type { MutationRecord } from '../../lib/mutation.js';
import type { Trial, TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';

/** One stretch of a PBT schedule: `config` trains steps `fromStep + 1` … `toStep`. */
export interface PbtScheduleSegment {
  /** The trial that trained this stretch in the PBT run. */
  readonly trialId: TrialId;
  /** The step this stretch starts from (exclusive: the checkpoint it resumed from). */
  readonly fromStep: number;
  /** The last step trained with this config (inclusive). */
  readonly toStep: number;
  readonly config: Config;
  /** How the config was made from the previous stretch's parent (absent for the first stretch). */
  readonly mutation?: MutationRecord;
}

/** The hyper-parameter schedule of one PBT member, from step 0 to its last step. */
export interface PbtSchedule {
  /** The member the schedule leads to (the best one unless asked for another). */
  readonly trialId: TrialId;
  /** Its last score (objective normalised so higher is better) and last step. */
  readonly score: number;
  readonly lastStep: number;
  readonly segments: ReadonlyArray<PbtScheduleSegment>;
}

/** Options of {@link pbtReplay}. */
export interface PbtReplayOptions {
  /** Replay this trial's schedule instead of the best one's. */
  readonly trialId?: TrialId;
}

/**
 * The schedule of configs of the best member of a finished PBT run (Ray's
 * `PopulationBasedTrainingReplay`), read from its events: lineage is followed back through the forks,
 * and each ancestor contributes the config it trained with, from the step it started at to the step its
 * child resumed from. Train one model from scratch with `configAtStep(schedule, step)` at each step to
 * reproduce the run without PBT. The best member is the completed trial with the highest last score (if
 * none completed, the best last score of any trial).
 *
 * @example
 * ```ts
 * const events = await lastValueFrom(study(options, pipeline).pipe(toArray()));
 * const schedule = pbtReplay(events);
 * // [{ fromStep: 0, toStep: 20, config: { lr: 0.1 } }, { fromStep: 20, toStep: 50, config: { lr: 0.012 }, mutation: … }]
 * ```
 * @throws DecodeError when the events lack a trial in the lineage, or hold no report at all.
 */
export const pbtReplay = (events: Iterable<TrialEvent>, options: PbtReplayOptions = {}): PbtSchedule => {
  const trials = new Map<TrialId, Trial>();
  const last = new Map<TrialId, { step: number; score: number }>();
  const completed = new Set<TrialId>();
  const forks: Fork[] = [];
  for (const e of events) {
    if (e._tag === 'TrialStarted' && !trials.has(e.trial.id)) trials.set(e.trial.id, e.trial);
    else if (e._tag === 'TrialReported') last.set(e.trialId, { step: e.report.step, score: e.score });
    else if (e._tag === 'TrialEnded' && e.outcome === 'completed') completed.add(e.trialId);
    else if (e._tag === 'TrialDecided' && e.decision._tag === 'Fork') forks.push(e.decision);
  }
  const pickBest = (ids: Iterable<TrialId>): TrialId | undefined => {
    let best: TrialId | undefined;
    for (const id of ids) {
      const r = last.get(id);
      if (r && (best === undefined || r.score > (last.get(best) as { score: number }).score)) best = id;
    }
    return best;
  };
  const id = options.trialId ?? pickBest([...trials.keys()].filter((t) => completed.has(t))) ?? pickBest(last.keys());
  if (id === undefined) throw new DecodeError('pbtReplay', ['the events hold no TrialReported: nothing to replay']);
  const end = last.get(id);
  const leaf = trials.get(id);
  if (!leaf || !end) throw new DecodeError('pbtReplay', [`trial ${id} has no TrialStarted or no report in the events`]);
  const chain = [...leaf.lineage, id].map((a) => {
    const t = trials.get(a);
    if (!t) throw new DecodeError('pbtReplay', [`trial ${a} in the lineage of trial ${id} has no TrialStarted event`]);
    return t;
  });
  const used = new Set<Fork>();
  const segments: PbtScheduleSegment[] = [];
  chain.forEach((t, i) => {
    const next = chain[i + 1];
    const toStep = next ? next.startStep : end.step;
    const prev = chain[i - 1];
    const f = prev
      ? forks.find(
          (d) =>
            !used.has(d) &&
            d.parent === prev.id &&
            d.step === t.startStep &&
            configKey(d.config) === configKey(t.config),
        )
      : undefined;
    if (f) used.add(f);
    // A parent forked from before it trained a step contributes nothing.
    if (toStep <= t.startStep && next) return;
    segments.push({
      trialId: t.id,
      fromStep: t.startStep,
      toStep,
      config: t.config,
      ...(f ? { mutation: f.mutation } : {}),
    });
  });
  return { trialId: id, score: end.score, lastStep: end.step, segments };
};

/**
 * The config a schedule trains step `step` with (steps are 1-based: step k goes from state k−1 to k);
 * before the first step the first config, after the last the last config.
 *
 * @example
 * ```ts
 * for (let step = 1; step <= schedule.lastStep; step++) w = train(w, configAtStep(schedule, step));
 * ```
 */
export const configAtStep = (schedule: PbtSchedule, step: number): Config => {
  const segs = schedule.segments;
  const hit = segs.find((s) => step > s.fromStep && step <= s.toStep);
  if (hit) return hit.config;
  const first = segs[0];
  const lastSeg = segs[segs.length - 1];
  if (!first || !lastSeg) throw new DecodeError('configAtStep', ['the schedule has no segment']);
  return step <= first.fromStep ? first.config : lastSeg.config;
};
