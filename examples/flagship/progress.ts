// What the flagship shows at the end and writes to results.json: a tally folded from the study's events.
// (The live bar while it runs is rxhpo/node's progress().)
import type { TrialEvent } from '../../lib/trialEvent.js';

/** One trial as the tally sees it. */
export interface TrialLine {
  readonly id: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly status: 'running' | 'completed' | 'stopped' | 'paused' | 'failed';
  readonly epochs: number;
  /** Best validation accuracy over its epochs. */
  readonly bestValAcc: number;
  readonly lastValAcc: number;
  readonly error?: string;
}

/** Counts, the best trial so far and each trial's line. */
export interface Tally {
  readonly trials: ReadonlyMap<string, TrialLine>;
  readonly started: number;
  readonly done: number;
  readonly running: number;
  readonly stopped: number;
  readonly failed: number;
  readonly epochs: number;
  readonly best?: TrialLine;
}

export const emptyTally: Tally = {
  trials: new Map(),
  started: 0,
  done: 0,
  running: 0,
  stopped: 0,
  failed: 0,
  epochs: 0,
};

/** Folds one event into the tally (a new tally; the old one is untouched). */
export const tallyEvent = (t: Tally, e: TrialEvent): Tally => {
  const trials = new Map(t.trials);
  switch (e._tag) {
    case 'TrialStarted': {
      const old = trials.get(e.trial.id);
      trials.set(e.trial.id, {
        id: e.trial.id,
        config: e.trial.config as Record<string, unknown>,
        status: 'running',
        epochs: old?.epochs ?? 0,
        bestValAcc: old?.bestValAcc ?? 0,
        lastValAcc: old?.lastValAcc ?? 0,
      });
      return { ...t, trials, started: t.started + (old ? 0 : 1), running: t.running + 1 };
    }
    case 'TrialReported': {
      const old = trials.get(e.trialId);
      if (!old) return t;
      const acc = e.report.metrics['val_acc'] ?? 0;
      const line = { ...old, epochs: e.report.step, lastValAcc: acc, bestValAcc: Math.max(old.bestValAcc, acc) };
      trials.set(e.trialId, line);
      const best = !t.best || line.bestValAcc > t.best.bestValAcc ? line : t.best.id === line.id ? line : t.best;
      return { ...t, trials, best, epochs: t.epochs + 1 };
    }
    case 'TrialEnded': {
      const old = trials.get(e.trialId);
      if (!old) return t;
      const line: TrialLine = e.error
        ? { ...old, status: e.outcome, error: `${e.error.name}: ${e.error.message}` }
        : { ...old, status: e.outcome };
      trials.set(e.trialId, line);
      const best = t.best?.id === line.id ? line : t.best;
      return {
        ...t,
        trials,
        ...(best ? { best } : {}),
        running: t.running - 1,
        done: t.done + (e.outcome === 'paused' ? 0 : 1),
        stopped: t.stopped + (e.outcome === 'stopped' ? 1 : 0),
        failed: t.failed + (e.outcome === 'failed' ? 1 : 0),
      };
    }
    default:
      return t;
  }
};

const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v < 0.01 ? v.toExponential(2) : v.toFixed(3)) : String(v);

/** The top trials by best validation accuracy, as an aligned text table. */
export const topTable = (t: Tally, n: number): string => {
  const top = [...t.trials.values()].sort((a, b) => b.bestValAcc - a.bestValAcc).slice(0, n);
  if (top.length === 0) return '(no trial reported)';
  const keys = Object.keys(top[0]?.config ?? {});
  const head = ['rank', 'trial', 'val acc', 'epochs', 'status', ...keys];
  const rows = top.map((l, i) => [
    String(i + 1),
    l.id,
    l.bestValAcc.toFixed(4),
    String(l.epochs),
    l.status,
    ...keys.map((k) => fmt(l.config[k])),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padEnd(widths[c] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};
