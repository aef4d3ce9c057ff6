import { existsSync, readFileSync } from 'node:fs';
import { median } from './stats.js';

interface RawRun {
  readonly sampler: string;
  readonly seed: number;
  readonly n_trials?: number;
  readonly total_framework_s: number;
  readonly windows: Readonly<
    Record<string, { readonly mean_ms: number; readonly mean_ask_suggest_ms: number; readonly mean_tell_ms: number }>
  >;
  readonly load_avg?: number;
  readonly per_trial_ms?: ReadonlyArray<number>;
}

/** One sampler's summary from an `<prefix>-overhead.json` file: medians over repeats. */
export interface OverheadSummary {
  readonly repeats: number;
  /** Median over repeats of the window mean, ms per trial. */
  readonly windows: Readonly<Record<string, number>>;
  readonly askIn: Readonly<Record<string, number>>;
  readonly tellIn: Readonly<Record<string, number>>;
  /** Median over repeats of total framework seconds / trials, in ms. */
  readonly perTrialMs: number;
  /** Median over repeats of the median per-trial time, ms: the typical trial, without pauses. */
  readonly medianTrialMs: number;
  readonly loadAvg: number;
}

/**
 * Summarises an overhead result file (Optuna's run_overhead.py output, or ours) per sampler, the way
 * the baseline does: median over repeats of each window's mean. Missing file: empty map.
 *
 * @example
 * ```ts
 * overheadSummary('bench/results/optuna-overhead.json').get('random')?.windows['900-1000'];
 * ```
 */
export const overheadSummary = (path: string, pathFilter?: string): ReadonlyMap<string, OverheadSummary> => {
  const out = new Map<string, OverheadSummary>();
  if (!existsSync(path)) return out;
  const runs =
    (JSON.parse(readFileSync(path, 'utf8')) as { runs?: ReadonlyArray<RawRun & { path?: string }> }).runs ?? [];
  const groups = new Map<string, RawRun[]>();
  for (const r of runs) {
    if (pathFilter !== undefined && r.path !== undefined && r.path !== pathFilter) continue;
    if ((r.n_trials ?? 1000) !== 1000) continue;
    groups.set(r.sampler, [...(groups.get(r.sampler) ?? []), r]);
  }
  for (const [sampler, rs] of groups) {
    const keys = [...new Set(rs.flatMap((r) => Object.keys(r.windows)))];
    const pick = (f: (w: RawRun['windows'][string]) => number) =>
      Object.fromEntries(keys.map((k) => [k, median(rs.flatMap((r) => (r.windows[k] ? [f(r.windows[k])] : [])))]));
    out.set(sampler, {
      repeats: rs.length,
      windows: pick((w) => w.mean_ms),
      askIn: pick((w) => w.mean_ask_suggest_ms),
      tellIn: pick((w) => w.mean_tell_ms),
      perTrialMs: median(rs.map((r) => (r.total_framework_s * 1e3) / (r.n_trials ?? 1000))),
      medianTrialMs: median(rs.map((r) => median(r.per_trial_ms ?? []))),
      loadAvg: median(rs.map((r) => r.load_avg ?? NaN)),
    });
  }
  return out;
};
