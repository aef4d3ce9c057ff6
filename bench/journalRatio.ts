import type { OverheadSummary } from './optunaOverhead.js';
import { fmt } from './stats.js';

/** Optuna's journaled per-trial time over ours: overall, per protocol window and for the typical trial. */
export interface JournalRatio {
  /** Mean ms per trial over the run, Optuna / rxhpo (medians over repeats). */
  readonly perTrial: number;
  /** Per window ("0-100", …) that both runs have: Optuna's window mean / ours. */
  readonly windows: Readonly<Record<string, number>>;
  /** Median trial, Optuna / rxhpo: the typical trial, without the pauses. */
  readonly medianTrial: number;
  readonly target: number;
  readonly met: boolean;
  /** One line for the console and the docs. */
  readonly line: string;
}

/**
 * Compares two summaries of the journal-overhead protocol (Optuna's JournalFileStorage and rxhpo's
 * `journalTo`) and judges the mean per-trial ratio against `target`.
 *
 * @example
 * ```ts
 * const r = journalRatio(optuna.get('random')!, ours.get('random')!, 10);
 * console.log(r.line); // "… = 25.3× (target ≥ 10×: met) …"
 * ```
 */
export const journalRatio = (optuna: OverheadSummary, ours: OverheadSummary, target: number): JournalRatio => {
  const perTrial = optuna.perTrialMs / ours.perTrialMs;
  const windows = Object.fromEntries(
    Object.keys(optuna.windows).flatMap((k) => {
      const o = optuna.windows[k];
      const r = ours.windows[k];
      return o === undefined || r === undefined ? [] : [[k, o / r] as const];
    }),
  );
  const medianTrial = optuna.medianTrialMs / ours.medianTrialMs;
  const met = perTrial >= target;
  const perWindow = Object.entries(windows)
    .map(([k, v]) => `${k}: ${fmt(v)}×`)
    .join(', ');
  const line =
    `journaled random trials: mean per trial Optuna ${fmt(optuna.perTrialMs)} ms / rxhpo ${fmt(ours.perTrialMs)} ms` +
    ` = ${fmt(perTrial)}× (target ≥ ${target}×: ${met ? 'met' : 'NOT met'}); per window ${perWindow}; median trial ${fmt(medianTrial)}×`;
  return { perTrial, windows, medianTrial, target, met, line };
};
