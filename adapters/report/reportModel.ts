import type { Distribution } from '../../lib/distribution.js';
import type { JournalHeader, StrategyDescription } from '../../lib/journal/journalHeader.js';
import type { Budget, StudyStarted, TrialEvent } from '../../lib/trialEvent.js';
import type { Objective } from '../../lib/objective.js';
import { valueOf } from '../../lib/objective.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { MutationRecord } from '../../lib/mutation.js';
import type { ParamImportance } from '../../strategies/importance/pedAnova.js';
import { pedAnova } from '../../strategies/importance/pedAnova.js';

// Everything the HTML report and the live page draw, computed once from the events: the page only lays
// out what is here. Big studies are thinned where a picture cannot show every point anyway (a sample of
// points, always keeping the best ones), while counts, the best-so-far line, quantiles and the contour
// grids are computed from every trial.

/** How a parameter is drawn: its axis type follows the space (log, categorical). */
export interface ReportParam {
  readonly name: string;
  readonly kind: 'float' | 'int' | 'categorical';
  readonly log: boolean;
  readonly low?: number;
  readonly high?: number;
  readonly choices?: ReadonlyArray<string>;
  /** Active only when a condition holds: trials where it is inactive leave it out. */
  readonly conditional: boolean;
}

/** A trial's state in the report. */
export type ReportState = 'running' | 'completed' | 'stopped' | 'paused' | 'failed';

/** The trials table, column-wise (so 10,000 × 30 stays compact): row `i` is `number[i]`, `state[i]`, …. */
export interface ReportTrials {
  readonly number: ReadonlyArray<number>;
  readonly id: ReadonlyArray<string>;
  readonly state: ReadonlyArray<ReportState>;
  readonly lastStep: ReadonlyArray<number | null>;
  /** The step each trial started from (above 0 for PBT children and resumed trials). */
  readonly startStep: ReadonlyArray<number>;
  /** The objective in the user's own sign; null when the trial never reported. */
  readonly value: ReadonlyArray<number | null>;
  /** Per parameter (in `params` order), its value per trial; null where inactive. */
  readonly params: ReadonlyArray<ReadonlyArray<number | string | null>>;
  readonly error: ReadonlyArray<string | null>;
  /** Logical time (the event index) when each trial started and ended, for the timeline. */
  readonly start: ReadonlyArray<number>;
  readonly end: ReadonlyArray<number | null>;
  /** The worker slot (0 … concurrency−1) each trial's first segment ran in. */
  readonly slot: ReadonlyArray<number>;
  /**
   * Wall time in ms since the study's first timed event when each trial started and ended (null where
   * the journal has no time for that event, or the trial has not ended): present only when the journal
   * records times.
   */
  readonly startMs?: ReadonlyArray<number | null>;
  readonly endMs?: ReadonlyArray<number | null>;
  /** Wall time from a trial's start to its end, in ms (all its segments); null when unknown or running. */
  readonly durationMs?: ReadonlyArray<number | null>;
}

/** The learning curves of some trials, with where a scheduler's decision hit each one. */
export interface ReportCurves {
  readonly shown: number;
  readonly total: number;
  readonly curves: ReadonlyArray<{
    readonly number: number;
    readonly state: ReportState;
    readonly steps: ReadonlyArray<number>;
    readonly values: ReadonlyArray<number>;
  }>;
  /** Decisions at a step: a stop, a pause or a promotion, with its rung. */
  readonly marks: ReadonlyArray<{
    readonly number: number;
    readonly step: number;
    readonly value: number;
    readonly kind: 'stopped' | 'paused' | 'promoted' | 'forked';
    readonly rung?: number;
  }>;
  /** The steps at which rungs decided (successive halving, ASHA, Hyperband): drawn as lines. */
  readonly rungSteps: ReadonlyArray<number>;
}

/** A pair of parameters with the mean objective on a grid, computed from every trial that has both. */
export interface ReportContour {
  readonly x: string;
  readonly y: string;
  /** Cell centres, in the axis' own scale (log axes: geometric centres); categorical axes: choices. */
  readonly xs: ReadonlyArray<number | string>;
  readonly ys: ReadonlyArray<number | string>;
  /** z[iy][ix]: the mean value of the trials in that cell, null when it has none. */
  readonly z: ReadonlyArray<ReadonlyArray<number | null>>;
}

/** One PBT fork: the member that was replaced, the parent it copied and what the explore step changed. */
export interface ReportFork {
  readonly child: number;
  readonly parent: number;
  readonly replaced: number;
  readonly step: number;
  readonly mutation: string;
}

/** Everything the report draws. Plain JSON: the page receives it as is. */
export interface ReportModel {
  readonly title: string;
  readonly summary: {
    readonly objective: Objective;
    readonly seed: string | number;
    readonly concurrency: number;
    readonly budget: Budget;
    readonly sampler?: StrategyDescription;
    readonly schedulers?: ReadonlyArray<StrategyDescription>;
    readonly library?: string;
    readonly events: number;
    readonly counts: Readonly<Record<ReportState | 'total', number>>;
    readonly best?: {
      readonly number: number;
      readonly value: number;
      readonly step: number | null;
      readonly config: Readonly<Record<string, unknown>>;
    };
    readonly deadlineReached: boolean;
    /** The study's wall time, from its first to its last timed event (ms since the epoch); absent when the journal records no times. */
    readonly wallTime?: { readonly start: number; readonly end: number; readonly ms: number };
  };
  readonly params: ReadonlyArray<ReportParam>;
  readonly trials: ReportTrials;
  /** Trial indices (into `trials`) that the point charts draw: all of them, or a sample keeping the best. */
  readonly sample: ReadonlyArray<number>;
  /** A smaller sample (a subset of `sample`) for the charts drawn many times over: slices, contour points, timeline. */
  readonly smallSample: ReadonlyArray<number>;
  /** Best-so-far over completed trials, exact: the trial numbers where it improved and the new best. */
  readonly bestSoFar: { readonly number: ReadonlyArray<number>; readonly value: ReadonlyArray<number> };
  readonly curves: ReportCurves;
  readonly importance: ReadonlyArray<ParamImportance>;
  readonly contours: ReadonlyArray<ReportContour>;
  /** Exact quantiles of the completed trials' values (at most `edfPoints` of them): x sorted, y in (0, 1]. */
  readonly edf: { readonly x: ReadonlyArray<number>; readonly y: ReadonlyArray<number>; readonly n: number };
  readonly forks: ReadonlyArray<ReportFork>;
  /** The best member's ancestry (PBT): from the first ancestor to the best, each with its config and step span. */
  readonly bestSchedule: ReadonlyArray<{
    readonly number: number;
    readonly from: number;
    readonly to: number | null;
    readonly config: Readonly<Record<string, unknown>>;
  }>;
}

/** Options of {@link reportModel}. */
export interface ReportModelOptions {
  readonly title?: string;
  /** The journal's header, for the sampler and scheduler names. */
  readonly header?: JournalHeader;
  /**
   * When each event was written (ms since the epoch), parallel to the events, as `parseJournal` returns
   * them: the summary then shows the wall time and the timeline a time axis. Without it (or for a journal
   * written without times) the timeline uses event order.
   */
  readonly times?: ReadonlyArray<number | undefined>;
  /** At most this many trials in the point charts (history, slices, parallel coordinates). Default 2000. */
  readonly maxPoints?: number;
  /** At most this many trials in each slice plot, contour overlay and the timeline. Default 500. */
  readonly maxSmallPoints?: number;
  /** At most this many learning curves. Default 300. */
  readonly maxCurves?: number;
  /** Contour plots for the pairs among this many most important parameters. Default 4 (6 pairs). */
  readonly contourParams?: number;
  /** Grid cells per contour axis. Default 20. */
  readonly contourCells?: number;
  /** Points of the empirical distribution. Default 400. */
  readonly edfPoints?: number;
}

const paramOf = (name: string, d: Distribution, conditional: boolean): ReportParam =>
  d._tag === 'Categorical'
    ? { name, kind: 'categorical', log: false, choices: d.choices.map(String), conditional }
    : { name, kind: d._tag === 'Int' ? 'int' : 'float', log: d.log, low: d.low, high: d.high, conditional };

const round = (x: number): number => (Number.isInteger(x) ? x : Number(x.toPrecision(6)));

const brief = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : show(v));

const mutationText = (m: MutationRecord): string =>
  Object.entries(m)
    .map(([k, v]) => {
      const from = brief(v.from);
      const to = brief(v.to);
      return v._tag === 'Scaled' ? `${k} ×${round(v.factor)} (${from} → ${to})` : `${k} ${from} → ${to}`;
    })
    .join(', ');

// An even sample of indices that always holds `keep`: deterministic (no RNG), so a report is reproducible.
const thin = (n: number, max: number, keep: ReadonlyArray<number>): number[] => {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set(keep.slice(0, max));
  const stride = n / Math.max(1, max - chosen.size);
  for (let x = 0; chosen.size < max && x < n; x += stride) chosen.add(Math.floor(x));
  // Strides that landed on kept indices leave room: fill it with the first indices not chosen.
  for (let i = 0; chosen.size < max && i < n; i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
};

interface Mutable {
  number: number;
  id: string;
  config: Readonly<Record<string, unknown>>;
  state: ReportState;
  startStep: number;
  lastStep: number | null;
  score: number | null;
  error: string | null;
  start: number;
  end: number | null;
  slot: number;
  steps: number[];
  scores: number[];
  lineage: ReadonlyArray<string>;
}

/**
 * The report's view model from a study's events (the `StudyStarted` first, as a journal holds them):
 * summary, per-trial table, learning curves with decision marks and rung lines, parameter importance
 * (PED-ANOVA), contour grids for the most important pairs, the empirical distribution, the timeline by
 * worker slot and the PBT lineage. Pure and deterministic.
 *
 * @example
 * ```ts
 * const { header, events, times } = readJournal('runs/study.jsonl');
 * const model = reportModel(events, { header, times });
 * model.summary.wallTime?.ms; // first to last event, when the journal records times
 * model.importance[0]?.name; // the most important parameter
 * ```
 * @throws InvalidOptionsError when the events do not start with `StudyStarted`.
 */
export const reportModel = (events: ReadonlyArray<TrialEvent>, options: ReportModelOptions = {}): ReportModel => {
  const started = events[0];
  if (started?._tag !== 'StudyStarted')
    throw new InvalidOptionsError('reportModel', [
      `the events must start with StudyStarted, got ${show(started?._tag)}`,
    ]);
  const s: StudyStarted = started;
  const times = options.times ?? [];
  const t0 = times.find((t) => t !== undefined);
  let tLast: number | undefined;
  for (const t of times) if (t !== undefined) tLast = t;
  const msAt = (index: number | null): number | null => {
    const t = index === null ? undefined : times[index];
    return t === undefined || t0 === undefined ? null : t - t0;
  };
  const flat = flattenSpace(s.space);
  const params = flat.map((p) => paramOf(p.name, p.distribution, p.condition !== undefined));
  const byId = new Map<string, Mutable>();
  const order: Mutable[] = [];
  const slots: (string | undefined)[] = [];
  const marks: Array<ReportCurves['marks'][number]> = [];
  const rungSteps = new Set<number>();
  const forks: ReportFork[] = [];
  const pendingForks: Array<{ parent: string; replaced: string; step: number; mutation: string }> = [];
  let deadlineReached = false;
  const freeSlot = (id: string): number => {
    let i = slots.indexOf(undefined);
    if (i === -1) i = slots.length;
    slots[i] = id;
    return i;
  };
  const mark = (id: string, kind: ReportCurves['marks'][number]['kind'], rung?: number): void => {
    const t = byId.get(id);
    if (t?.lastStep == null || t.score === null) return;
    marks.push({
      number: t.number,
      step: t.lastStep,
      value: valueOf(s.objective, t.score),
      kind,
      ...(rung === undefined ? {} : { rung }),
    });
    if (rung !== undefined) rungSteps.add(t.lastStep);
  };
  events.forEach((e, index) => {
    switch (e._tag) {
      case 'TrialStarted': {
        const tr = e.trial;
        const prev = byId.get(tr.id);
        if (prev) {
          prev.state = 'running';
          prev.config = tr.config;
          if (!slots.includes(tr.id)) freeSlot(tr.id);
          return;
        }
        const t: Mutable = {
          number: tr.number,
          id: tr.id,
          config: tr.config,
          state: 'running',
          startStep: tr.startStep,
          lastStep: null,
          score: null,
          error: null,
          start: index,
          end: null,
          slot: freeSlot(tr.id),
          steps: [],
          scores: [],
          lineage: tr.lineage,
        };
        byId.set(tr.id, t);
        order.push(t);
        const parentId = tr.lineage[tr.lineage.length - 1];
        if (parentId !== undefined) {
          const k = pendingForks.findIndex((f) => f.parent === parentId);
          const f = k >= 0 ? pendingForks.splice(k, 1)[0] : undefined;
          forks.push({
            child: tr.number,
            parent: byId.get(parentId)?.number ?? -1,
            replaced: f === undefined ? -1 : (byId.get(f.replaced)?.number ?? -1),
            step: f?.step ?? tr.startStep,
            mutation: f?.mutation ?? '',
          });
        }
        return;
      }
      case 'TrialReported': {
        const t = byId.get(e.trialId);
        if (!t) return;
        t.lastStep = e.report.step;
        t.score = e.score;
        t.steps.push(e.report.step);
        t.scores.push(e.score);
        return;
      }
      case 'TrialDecided': {
        const d = e.decision;
        if (d._tag === 'Stop') mark(d.trialId, 'stopped', d.rung);
        else if (d._tag === 'Pause') mark(d.trialId, 'paused', d.rung);
        else if (d._tag === 'Promote') mark(d.trialId, 'promoted', d.rung);
        else {
          mark(d.replaced, 'forked');
          pendingForks.push({
            parent: d.parent,
            replaced: d.replaced,
            step: d.step,
            mutation: mutationText(d.mutation),
          });
        }
        return;
      }
      case 'TrialEnded': {
        const t = byId.get(e.trialId);
        if (!t) return;
        t.state = e.outcome;
        t.end = index;
        if (e.error) t.error = e.error.name === 'Error' ? e.error.message : `${e.error.name}: ${e.error.message}`;
        const i = slots.indexOf(e.trialId);
        if (i >= 0) slots[i] = undefined;
        return;
      }
      case 'DeadlineReached':
        deadlineReached = true;
        return;
      case 'StudyStarted':
        return;
    }
  });

  const value = (t: Mutable): number | null => (t.score === null ? null : valueOf(s.objective, t.score));
  const counts = { running: 0, completed: 0, stopped: 0, paused: 0, failed: 0, total: order.length };
  for (const t of order) counts[t.state]++;
  const completed = order.filter((t) => t.state === 'completed' && t.score !== null);
  let best: Mutable | undefined;
  for (const t of completed) if (best === undefined || (t.score as number) > (best.score as number)) best = t;

  const trials: ReportTrials = {
    number: order.map((t) => t.number),
    id: order.map((t) => t.id),
    state: order.map((t) => t.state),
    lastStep: order.map((t) => t.lastStep),
    startStep: order.map((t) => t.startStep),
    value: order.map((t) => {
      const v = value(t);
      return v === null ? null : round(v);
    }),
    params: params.map((p) =>
      order.map((t) => {
        const v = t.config[p.name];
        return typeof v === 'number' ? round(v) : v === undefined || v === null ? null : String(v);
      }),
    ),
    error: order.map((t) => t.error),
    start: order.map((t) => t.start),
    end: order.map((t) => t.end),
    slot: order.map((t) => t.slot),
    ...(t0 === undefined
      ? {}
      : {
          startMs: order.map((t) => msAt(t.start)),
          endMs: order.map((t) => msAt(t.end)),
          durationMs: order.map((t) => {
            const a = msAt(t.start);
            const b = msAt(t.end);
            return a === null || b === null ? null : b - a;
          }),
        }),
  };

  // Best-so-far, exact, over completed trials in creation order.
  const bsf = { number: [] as number[], value: [] as number[] };
  let top = -Infinity;
  for (const t of order)
    if (t.state === 'completed' && t.score !== null && t.score > top) {
      top = t.score;
      bsf.number.push(t.number);
      bsf.value.push(round(valueOf(s.objective, t.score)));
    }

  // The best trials are always in the sample, so the picture never hides the winner.
  const maxPoints = options.maxPoints ?? 2000;
  const ranked = order
    .map((t, i) => [i, t.score ?? -Infinity] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([i]) => i);
  const sample = thin(order.length, maxPoints, ranked.slice(0, Math.ceil(maxPoints / 10)));
  const maxSmall = options.maxSmallPoints ?? 500;
  const smallSample = thin(order.length, maxSmall, ranked.slice(0, Math.ceil(maxSmall / 10)));

  const maxCurves = options.maxCurves ?? 300;
  const withCurves = order.map((t, i) => [t, i] as const).filter(([t]) => t.steps.length > 0);
  const curveIdx = new Set(
    thin(
      withCurves.length,
      maxCurves,
      withCurves
        .map(([t], k) => [k, t.score ?? -Infinity] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, Math.ceil(maxCurves / 5))
        .map(([k]) => k),
    ),
  );
  const shownNumbers = new Set<number>();
  const curves = withCurves
    .filter((_, k) => curveIdx.has(k))
    .map(([t]) => {
      shownNumbers.add(t.number);
      return {
        number: t.number,
        state: t.state,
        steps: t.steps,
        values: t.scores.map((x) => round(valueOf(s.objective, x))),
      };
    });

  const importance = pedAnova(
    flat,
    completed.map((t) => ({ config: t.config, score: t.score as number })),
  );

  const contours = contourGrids(
    params,
    importance.slice(0, options.contourParams ?? 4).map((p) => p.name),
    completed.map((t) => ({ config: t.config, value: valueOf(s.objective, t.score as number) })),
    options.contourCells ?? 20,
  );

  const sortedValues = completed.map((t) => valueOf(s.objective, t.score as number)).sort((a, b) => a - b);
  const edfPoints = options.edfPoints ?? 400;
  const edf = { x: [] as number[], y: [] as number[], n: sortedValues.length };
  const nq = Math.min(edfPoints, sortedValues.length);
  for (let k = 1; k <= nq; k++) {
    const i = Math.ceil((k / nq) * sortedValues.length) - 1;
    edf.x.push(round(sortedValues[i] as number));
    edf.y.push(round((i + 1) / sortedValues.length));
  }

  const bestSchedule: Array<ReportModel['bestSchedule'][number]> = [];
  if (best !== undefined && best.lineage.length > 0) {
    const chain = [...best.lineage.map((id) => byId.get(id)).filter((t) => t !== undefined), best];
    chain.forEach((t, k) => {
      const next = chain[k + 1];
      bestSchedule.push({
        number: t.number,
        from: t.startStep,
        to: next ? next.startStep : t.lastStep,
        config: t.config,
      });
    });
  }

  return {
    title: options.title ?? `rxhpo study: ${s.objective.mode} ${s.objective.metric}`,
    summary: {
      objective: s.objective,
      seed: s.seed,
      concurrency: s.concurrency,
      budget: s.budget,
      ...(options.header?.sampler === undefined ? {} : { sampler: options.header.sampler }),
      ...(options.header?.schedulers === undefined ? {} : { schedulers: options.header.schedulers }),
      ...(options.header === undefined ? {} : { library: options.header.library }),
      events: events.length,
      counts,
      ...(best === undefined
        ? {}
        : {
            best: {
              number: best.number,
              value: valueOf(s.objective, best.score as number),
              step: best.lastStep,
              config: best.config,
            },
          }),
      deadlineReached,
      ...(t0 === undefined || tLast === undefined ? {} : { wallTime: { start: t0, end: tLast, ms: tLast - t0 } }),
    },
    params,
    trials,
    sample,
    smallSample,
    bestSoFar: bsf,
    curves: {
      shown: curves.length,
      total: withCurves.length,
      curves,
      marks: marks.filter((m) => shownNumbers.has(m.number)),
      rungSteps: [...rungSteps].sort((a, b) => a - b),
    },
    importance,
    contours,
    edf,
    forks,
    bestSchedule,
  };
};

// Cell index of a value on a parameter's axis (log axes binned in log space), or -1.
const cellOf = (p: ReportParam, v: unknown, cells: number): number => {
  if (p.kind === 'categorical') return p.choices?.indexOf(String(v)) ?? -1;
  if (typeof v !== 'number' || p.low === undefined || p.high === undefined) return -1;
  const f = p.log ? Math.log : (x: number) => x;
  const lo = f(p.low);
  const hi = f(p.high);
  if (hi === lo) return 0;
  return Math.min(cells - 1, Math.max(0, Math.floor(((f(v) - lo) / (hi - lo)) * cells)));
};

const centres = (p: ReportParam, cells: number): Array<number | string> => {
  if (p.kind === 'categorical') return [...(p.choices ?? [])];
  const lo = p.low as number;
  const hi = p.high as number;
  return Array.from({ length: cells }, (_, i) =>
    round(
      p.log
        ? Math.exp(Math.log(lo) + ((i + 0.5) / cells) * (Math.log(hi) - Math.log(lo)))
        : lo + ((i + 0.5) / cells) * (hi - lo),
    ),
  );
};

const contourGrids = (
  params: ReadonlyArray<ReportParam>,
  names: ReadonlyArray<string>,
  points: ReadonlyArray<{ readonly config: Readonly<Record<string, unknown>>; readonly value: number }>,
  cells: number,
): ReportContour[] => {
  const ps = names.map((n) => params.find((p) => p.name === n)).filter((p) => p !== undefined);
  const out: ReportContour[] = [];
  for (let a = 0; a < ps.length; a++)
    for (let b = a + 1; b < ps.length; b++) {
      const px = ps[a] as ReportParam;
      const py = ps[b] as ReportParam;
      const xs = centres(px, cells);
      const ys = centres(py, cells);
      const sum = ys.map(() => xs.map(() => 0));
      const n = ys.map(() => xs.map(() => 0));
      for (const pt of points) {
        const i = cellOf(px, pt.config[px.name], cells);
        const j = cellOf(py, pt.config[py.name], cells);
        if (i < 0 || j < 0) continue;
        (sum[j] as number[])[i] = ((sum[j] as number[])[i] as number) + pt.value;
        (n[j] as number[])[i] = ((n[j] as number[])[i] as number) + 1;
      }
      const z = sum.map((row, j) =>
        row.map((v, i) => {
          const c = (n[j] as number[])[i] as number;
          return c === 0 ? null : round(v / c);
        }),
      );
      out.push({ x: px.name, y: py.name, xs, ys, z });
    }
  return out;
};
