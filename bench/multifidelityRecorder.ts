import type { Config } from '../lib/config.js';
import type { TrialEvent } from '../lib/trialEvent.js';

/** A snapshot of the multi-fidelity protocol (bench/reference/README.md), plus `n_paused` for pause/resume schedulers. */
export interface MfSnapshot {
  readonly n_started: number;
  readonly n_completed: number;
  readonly n_pruned: number;
  readonly n_paused: number;
  readonly best_final_observed: number | null;
  readonly incumbent_true_final: number | null;
  readonly regret: number | null;
  readonly best_true_final: number | null;
  readonly best_observed_any: number;
}

/** One trial's fate: C completed (reached the last epoch), P pruned (stopped by the scheduler), T truncated (the budget ran out), S suspended (paused by the scheduler, resumable, when the run ended). */
export type MfTrialState = 'C' | 'P' | 'T' | 'S';

/** What {@link mfRecorder} returns at the end of a run. */
export interface MfRecord {
  readonly epochs_consumed: number;
  readonly n_started: number;
  readonly n_completed: number;
  readonly n_pruned: number;
  readonly n_truncated: number;
  readonly n_paused: number;
  readonly n_promotions: number;
  readonly checkpoints: Readonly<Record<string, MfSnapshot>>;
  /** `[epochs, best_final_observed, incumbent_true_final]` at each incumbent change. */
  readonly trace: ReadonlyArray<readonly [number, number, number]>;
  /** `[number, epochs trained, state, last observed value]` in creation order. */
  readonly trials: ReadonlyArray<readonly [number, number, MfTrialState, number | null]>;
}

interface TrialInfo {
  readonly number: number;
  readonly config: Config;
  epochs: number;
  last: number | null;
  state: MfTrialState | 'R';
}

/** Options of {@link mfRecorder}. */
export interface MfRecorderOptions {
  /** The epoch at which a trial is complete (the problem's `fidelity.max`). */
  readonly maxStep: number;
  /** Epochs consumed at which to take snapshots. */
  readonly checkpoints: ReadonlyArray<number>;
  readonly optimum: number;
  /** Noise-free final loss of a config, for `incumbent_true_final` and `best_true_final`. */
  readonly trueFinal: (config: Config) => number;
  /** The objective metric in reports. */
  readonly metric: string;
}

/**
 * Computes the protocol's metrics from a study's events, whichever driver produced them (the reactive
 * `study()` or the ask/tell facade): one epoch per report; a trial is COMPLETE when it reports the last
 * epoch (the protocol's `t == 81`), even if the step budget's guard cuts it on that very report; it is
 * pruned when a scheduler stops it, truncated when the budget guard (or the driver) ends it early, and
 * suspended when it is paused at the end. A snapshot is taken after the events of the epoch that makes
 * the consumed count reach a checkpoint (its report, the decisions it caused and the trial's end), before
 * the next trial starts or reports, as the protocol's "after its report/tell".
 *
 * @example
 * ```ts
 * const rec = mfRecorder({ maxStep: 81, checkpoints: [810, 1620, 3240], optimum, trueFinal, metric: 'loss' });
 * for (const e of events) rec.push(e);
 * const record = rec.finish();
 * ```
 */
export const mfRecorder = (o: MfRecorderOptions) => {
  const trials = new Map<string, TrialInfo>();
  const order: string[] = [];
  const snaps: Record<string, MfSnapshot> = {};
  const trace: Array<readonly [number, number, number]> = [];
  const pendingCheckpoints = new Set(o.checkpoints);
  let consumed = 0;
  let started = 0;
  let bestFinal = Infinity;
  let incumbentTrue: number | null = null;
  let bestTrue = Infinity;
  let bestAny = Infinity;
  let promotions = 0;
  let snapshotDue: number | undefined;

  const count = (s: MfTrialState): number => [...trials.values()].filter((t) => t.state === s).length;
  const snapshot = (at: number): void => {
    const completed = count('C');
    snaps[String(at)] = {
      n_started: started,
      n_completed: completed,
      n_pruned: count('P'),
      n_paused: count('S'),
      best_final_observed: completed > 0 ? bestFinal : null,
      incumbent_true_final: incumbentTrue,
      regret: incumbentTrue === null ? null : incumbentTrue - o.optimum,
      best_true_final: completed > 0 ? bestTrue : null,
      best_observed_any: bestAny,
    };
  };
  const flushSnapshot = (): void => {
    if (snapshotDue !== undefined) snapshot(snapshotDue);
    snapshotDue = undefined;
  };

  const push = (e: TrialEvent): void => {
    switch (e._tag) {
      case 'TrialStarted': {
        // The epoch's tell is in; the next trial is not part of its snapshot.
        flushSnapshot();
        const t = trials.get(e.trial.id);
        if (t) t.state = 'R';
        else {
          trials.set(e.trial.id, { number: e.trial.number, config: e.trial.config, epochs: 0, last: null, state: 'R' });
          order.push(e.trial.id);
          started++;
        }
        return;
      }
      case 'TrialReported': {
        flushSnapshot();
        const t = trials.get(e.trialId);
        if (!t) return;
        const v = e.report.metrics[o.metric] as number;
        consumed++;
        t.epochs++;
        t.last = v;
        if (v < bestAny) bestAny = v;
        if (e.report.step >= o.maxStep) {
          t.state = 'C';
          const tf = o.trueFinal(t.config);
          if (tf < bestTrue) bestTrue = tf;
          if (v < bestFinal) {
            bestFinal = v;
            incumbentTrue = tf;
            trace.push([consumed, v, tf]);
          }
        }
        if (pendingCheckpoints.has(consumed)) {
          pendingCheckpoints.delete(consumed);
          snapshotDue = consumed;
        }
        return;
      }
      case 'TrialDecided': {
        const d = e.decision;
        if (d._tag === 'Promote') promotions++;
        if (d._tag !== 'Stop' && d._tag !== 'Pause') return;
        const t = trials.get(d.trialId);
        if (!t || t.state === 'C') return;
        if (d._tag === 'Pause') t.state = 'S';
        else t.state = d.reason.startsWith('budget') ? 'T' : 'P';
        return;
      }
      case 'TrialEnded': {
        const t = trials.get(e.trialId);
        if (!t || t.state === 'C') return;
        if (e.outcome === 'failed') t.state = 'T';
        else if (e.outcome === 'paused') t.state = 'S';
        else if (e.outcome === 'stopped' && t.state === 'R') t.state = 'P';
        return;
      }
      default:
        return;
    }
  };

  const finish = (): MfRecord => {
    flushSnapshot();
    return {
      epochs_consumed: consumed,
      n_started: started,
      n_completed: count('C'),
      n_pruned: count('P'),
      n_truncated: count('T'),
      n_paused: count('S'),
      n_promotions: promotions,
      checkpoints: snaps,
      trace,
      trials: order.map((id) => {
        const t = trials.get(id) as TrialInfo;
        return [t.number, t.epochs, t.state === 'R' ? 'T' : t.state, t.last] as const;
      }),
    };
  };

  return { push, finish };
};
