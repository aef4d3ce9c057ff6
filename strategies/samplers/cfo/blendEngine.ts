import type { Config } from '../../../lib/config.js';
import { configKey } from '../../../lib/config.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import type { RngState } from '../../../lib/rng.js';
import { normalFrom, rngFromSeed, withRng } from '../../../lib/rng.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { ParamSpec, SearchSpace } from '../../../lib/searchSpace.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import type { StudyState, TrialRecord } from '../../../lib/studyState.js';
import type { TrialId } from '../../../lib/trial.js';
import type { Budget } from '../../../lib/trialEvent.js';
import { DEFAULT_COST_METRIC, costBudgetMetric } from '../../../lib/trialEvent.js';
import type { Flow2 } from './flow2.js';
import { STEPSIZE, flow2Complete, flow2Propose, flow2Reaches, newFlow2, tunableDims } from './flow2.js';
import type { ThreadStats } from './threadStats.js';
import {
  SEARCH_THREAD_EPS,
  expectedCostForImprovement,
  statsFinished,
  statsFrom,
  statsStarted,
  threadPriority,
} from './threadStats.js';
import { configOfUnit, lowCostInitProblems, unitOfConfig, unitOfValue } from './unitPoint.js';

/** Who proposed a trial: 0 the global searcher or a start point, ≥ 1 a local thread, −1 someone else. */
export interface Proposal {
  readonly key: string;
  readonly owner: number;
  readonly x: ReadonlyArray<number>;
  readonly step: number;
  readonly serial: number;
}

/** The state shared by `cfoSampler` and `blendSearch` (JSON data; `G` is the global sampler's state). */
export interface BlendState<G = unknown> {
  readonly rng: RngState;
  /** Events of the study log folded so far. */
  readonly cursor: number;
  /** The low-cost initial point per parameter in [0, 1], null where it is not given (drawn at random). */
  readonly init: ReadonlyArray<number | null>;
  readonly initUsed: boolean;
  /** Local FLOW² threads (CFO keeps at most one). */
  readonly threads: ReadonlyArray<Flow2>;
  readonly nextThread: number;
  /** The global sampler's state (blendSearch), null for CFO. */
  readonly global: G | null;
  readonly globalStats: ThreadStats;
  /** Proposed configs whose trial has not started yet (matched by config key when it does). */
  readonly pending: ReadonlyArray<Proposal>;
  /** Proposals whose trial is running (or paused), by trial id. */
  readonly inflight: Readonly<Record<TrialId, Proposal>>;
  /** The region local search has explored, per parameter (BlendSearch's admissible box). */
  readonly lo: ReadonlyArray<number>;
  readonly hi: ReadonlyArray<number>;
  /** Local threads that converged (CFO restarts from the low-cost point after each). */
  readonly restarts: number;
  /** Cost of every finished trial, and their number (for the remaining budget in cost units). */
  readonly costSum: number;
  readonly costCount: number;
}

/** How the engine is set up by `cfoSampler` or `blendSearch`. */
export interface EngineConfig<G> {
  readonly where: string;
  readonly global: Sampler<G> | null;
  readonly lowCostInit: Readonly<Record<string, unknown>> | undefined;
  /** The user's `costMetric`; undefined: the study's cost-budget metric, else `fit_seconds`. */
  readonly costMetric: string | undefined;
}

/**
 * The metric a trial's cost is read from: the user's `costMetric`, else the metric of the study's cost
 * budget (FLAML's `cost_attr="auto"` counts time when the budget is time), else `fit_seconds`.
 *
 * @example
 * ```ts
 * costMetricOf(undefined, { cost: { total: 60, metric: 'fit_cpu_seconds' } }); // 'fit_cpu_seconds'
 * ```
 */
export const costMetricOf = (costMetric: string | undefined, budget: Budget): string =>
  costMetric ?? costBudgetMetric(budget) ?? DEFAULT_COST_METRIC;

/**
 * The cost left to spend, in the cost metric's units, as FLAML bounds every thread's expected cost for
 * improvement: the study's cost budget minus what it has used when the budget is counted in that metric;
 * else the fresh trials left times the mean cost of a finished trial; else unbounded.
 *
 * @example
 * ```ts
 * remainingCost({ cost: { total: 60, metric: 'fit_seconds' } }, 'fit_seconds', 45, 10, 2); // 15
 * ```
 */
export const remainingCost = (
  budget: Budget,
  costMetric: string,
  costUsed: number,
  fresh: number,
  meanCost: number,
): number => {
  let left = Infinity;
  if (budget.cost !== undefined && costBudgetMetric(budget) === costMetric)
    left = Math.max(0, budget.cost.total - costUsed);
  if (budget.trials !== undefined) left = Math.min(left, Math.max(0, budget.trials - fresh) * meanCost);
  return left;
};

/**
 * FLAML's eps, the least cost a thread's speed is measured over: 1, or a thousandth of the budget (at
 * most 1) when the study has a cost budget in the cost metric's units, as FLAML does with a time budget.
 *
 * @example
 * ```ts
 * speedEps({ cost: { total: 120 } }, 'fit_seconds'); // 0.12
 * ```
 */
export const speedEps = (budget: Budget, costMetric: string): number =>
  budget.cost !== undefined && costBudgetMetric(budget) === costMetric
    ? Math.max(Math.min(budget.cost.total / 1000, SEARCH_THREAD_EPS), 1e-9)
    : SEARCH_THREAD_EPS;

/** Pending proposals kept at most: a proposal whose trial never starts (an ask/tell user who drops it) ages out. */
const MAX_PENDING = 256;

/**
 * A finished trial's cost: the value of the `costMetric` metric in its last report (a running total the
 * trainer reports, e.g. seconds of training so far), or 1 when it has none, as FLAML does for a result
 * without its cost attribute.
 *
 * @example
 * ```ts
 * trialCost({ loss: 0.2, fit_seconds: 3.5 }, 'fit_seconds'); // 3.5
 * trialCost(undefined, 'fit_seconds'); // 1
 * ```
 */
export const trialCost = (metrics: TrialRecord['lastMetrics'], costMetric: string): number => {
  const v = metrics?.[costMetric];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 1;
};

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The engine's init: checks `lowCostInit` against the space and lays out the state. */
export const engineInit = <G>(cfg: EngineConfig<G>, space: SearchSpace, rng: RngState): BlendState<G> => {
  const params = flattenSpace(space);
  const p = lowCostInitProblems(params, cfg.lowCostInit, 'lowCostInit');
  if (p.length > 0) throw new InvalidOptionsError(cfg.where, p);
  const given = cfg.lowCostInit ?? {};
  const init = params.map((s) => (Object.hasOwn(given, s.name) ? unitOfValue(s.distribution, given[s.name]) : null));
  let r = rng;
  let global: G | null = null;
  if (cfg.global !== null) {
    // The global sampler gets its own stream, derived from ours, so its draws never shift our moves.
    const [label, r2] = withRng(rng, (next) => Math.floor(next() * 2 ** 32));
    r = r2;
    global = cfg.global.init(space, rngFromSeed(`global/${label}`));
  }
  return {
    rng: r,
    cursor: 0,
    init,
    initUsed: false,
    threads: [],
    nextThread: 1,
    global,
    globalStats: statsFrom(null, 0),
    pending: [],
    inflight: {},
    lo: init.map((u) => u ?? 0),
    hi: init.map((u) => u ?? 1),
    restarts: 0,
    costSum: 0,
    costCount: 0,
  };
};

type Mutable<G> = { -readonly [K in keyof BlendState<G>]: BlendState<G>[K] };

const expand = (s: Mutable<unknown>, x: ReadonlyArray<number>, margin = 0): void => {
  s.lo = s.lo.map((v, j) => Math.max(0, Math.min(v, (x[j] ?? v) - margin)));
  s.hi = s.hi.map((v, j) => Math.min(1, Math.max(v, (x[j] ?? v) + margin)));
};

const isFresh = (segment: number, lineage: ReadonlyArray<unknown>): boolean => segment === 0 && lineage.length === 0;

// A finished trial that no live local thread owns: CFO starts its thread there (or moves the thread's
// incumbent if it is better); BlendSearch starts a new local thread when it beats the median of the
// local threads' bests (always when there is none).
const onGlobalResult = <G>(
  cfg: EngineConfig<G>,
  s: Mutable<G>,
  params: ReadonlyArray<ParamSpec>,
  x: ReadonlyArray<number>,
  score: number,
  cost: number,
): void => {
  const threads = s.threads;
  if (cfg.global === null && threads.length > 0) {
    const t = threads[0] as Flow2;
    if (t.best === null || score > t.best)
      s.threads = [flow2Complete(t, params, { x, step: t.step, serial: -1 }, score), ...threads.slice(1)];
    return;
  }
  if (threads.length === 0 || score > median(threads.map((t) => t.best ?? -Infinity))) {
    s.threads = [...threads, newFlow2(s.nextThread, params, x, score, statsFrom(-score, cost))];
    s.nextThread += 1;
    expand(s as Mutable<unknown>, x);
  }
};

/** Folds the study events since the state's cursor: matches started trials to proposals, tells threads. */
const fold = <G>(cfg: EngineConfig<G>, s: Mutable<G>, study: StudyState, params: ReadonlyArray<ParamSpec>): void => {
  const events = study.log.since(Math.min(s.cursor, study.log.size));
  s.cursor = study.log.size;
  if (events.length === 0) return;
  const costMetric = costMetricOf(cfg.costMetric, study.budget);
  const eps = speedEps(study.budget, costMetric);
  const inflight: Record<TrialId, Proposal> = { ...s.inflight };
  let pending = s.pending;
  for (const e of events) {
    if (e._tag === 'TrialStarted') {
      const t = e.trial;
      if (!isFresh(t.segment, t.lineage) || Object.hasOwn(inflight, t.id)) continue;
      const key = configKey(t.config);
      const i = pending.findIndex((p) => p.key === key);
      let p: Proposal;
      if (i >= 0) {
        p = pending[i] as Proposal;
        pending = [...pending.slice(0, i), ...pending.slice(i + 1)];
      } else {
        p = { key, owner: -1, x: unitOfConfig(params, t.config, []), step: 0, serial: -1 };
      }
      inflight[t.id] = p;
      const owner = s.threads.findIndex((th) => th.id === p.owner);
      if (owner >= 0)
        s.threads = s.threads.map((th, k) => (k === owner ? { ...th, stats: statsStarted(th.stats) } : th));
      else s.globalStats = statsStarted(s.globalStats);
    } else if (e._tag === 'TrialEnded') {
      if (e.outcome === 'paused' || !Object.hasOwn(inflight, e.trialId)) continue;
      const p = inflight[e.trialId] as Proposal;
      delete inflight[e.trialId];
      const rec = study.trials.get(e.trialId);
      const score = e.outcome === 'completed' && rec?.lastScore !== undefined ? rec.lastScore : null;
      const cost = trialCost(rec?.lastMetrics, costMetric);
      s.costSum += cost;
      s.costCount += 1;
      const k = s.threads.findIndex((th) => th.id === p.owner);
      if (k >= 0) {
        const th = s.threads[k] as Flow2;
        const moved = flow2Complete(th, params, p, score);
        const stats = statsFinished(th.stats, score === null ? null : -score, cost, eps);
        s.threads = s.threads.map((t, i) => (i === k ? { ...moved, stats } : t));
      } else {
        if (p.owner <= 0) s.globalStats = statsFinished(s.globalStats, score === null ? null : -score, cost, eps);
        if (score !== null) onGlobalResult(cfg, s, params, p.x, score, cost);
      }
    }
  }
  s.inflight = inflight;
  s.pending = pending;
};

// Drops converged threads (widening the explored region by one initial step, FLAML's
// `_expand_admissible_region`) and threads another one makes redundant (FLAML's `_inferior`: a best no
// better than the other's previous best, within one of the other's steps). Of two threads inferior to
// each other, the older stays.
const prune = <G>(s: Mutable<G>, params: ReadonlyArray<ParamSpec>): void => {
  const kept: Flow2[] = [];
  for (const t of s.threads) {
    if (t.converged) {
      s.lo = s.lo.map((v) => Math.max(0, v - STEPSIZE));
      s.hi = s.hi.map((v) => Math.min(1, v + STEPSIZE));
      continue;
    }
    kept.push(t);
  }
  const inferior = (a: Flow2, b: Flow2): boolean =>
    a.stats.objBest1 !== null &&
    b.stats.objBest2 !== null &&
    a.stats.objBest1 >= b.stats.objBest2 &&
    flow2Reaches(b, a, params);
  const dropped = new Set<number>();
  kept.forEach((a, i) => {
    if (kept.some((b, j) => j !== i && !dropped.has(j) && inferior(a, b))) dropped.add(i);
  });
  s.threads = kept.filter((_, i) => !dropped.has(i));
};

/** A start point: the low-cost init (exact the first time, then perturbed), the other coordinates at random. */
const startPoint = <G>(s: Mutable<G>, exact: boolean, next: () => number): number[] =>
  s.init.map((u, j) => {
    if (u === null) return next();
    if (exact) return u;
    // FLAML perturbs with the spread of the explored region; at least one initial step so a thread that
    // never moved along this dimension still restarts somewhere new.
    const sigma = Math.max((s.hi[j] as number) - (s.lo[j] as number), STEPSIZE);
    return Math.min(1, Math.max(0, u + sigma * normalFrom(next)));
  });

const propose = <G>(
  s: Mutable<G>,
  owner: number,
  move: { x: ReadonlyArray<number>; step: number; serial: number },
  config: Config,
): Config => {
  const pending = [...s.pending, { key: configKey(config), owner, x: move.x, step: move.step, serial: move.serial }];
  s.pending = pending.length > MAX_PENDING ? pending.slice(pending.length - MAX_PENDING) : pending;
  return config;
};

const proposeStart = <G>(s: Mutable<G>, params: ReadonlyArray<ParamSpec>, next: () => number): Config => {
  const raw = startPoint(s, !s.initUsed, next);
  s.initUsed = true;
  const config = configOfUnit(params, raw);
  return propose(s, 0, { x: unitOfConfig(params, config, raw), step: 0, serial: -1 }, config);
};

// Asks thread `k`; null when it has just converged (then it is marked so and dropped by the next prune).
const proposeLocal = <G>(
  s: Mutable<G>,
  k: number,
  params: ReadonlyArray<ParamSpec>,
  next: () => number,
): Config | null => {
  const [move, t] = flow2Propose(s.threads[k] as Flow2, params, next);
  s.threads = s.threads.map((th, i) => (i === k ? t : th));
  if (move === null) return null;
  // FLAML widens the explored region with every local proposal, so the global searcher may follow.
  expand(s as Mutable<unknown>, move.x);
  return propose(s, t.id, move, move.config);
};

// FLAML's admissibility: a global point must lie within one initial step of the region local search has
// explored along every numeric dimension (categoricals are always admissible).
const admissible = (s: Mutable<unknown>, params: ReadonlyArray<ParamSpec>, x: ReadonlyArray<number>): boolean =>
  tunableDims(params).every((j) => {
    if ((params[j] as ParamSpec).distribution._tag === 'Categorical') return true;
    const v = x[j] as number;
    return v + STEPSIZE >= (s.lo[j] as number) && v <= (s.hi[j] as number) + STEPSIZE;
  });

/** Which local thread goes before the global searcher (FLAML's `_select_thread`), and the backup. */
export const selectThread = (
  globalStats: ThreadStats,
  threads: ReadonlyArray<Pick<Flow2, 'stats' | 'converged'>>,
  remainingCost: number,
): { readonly top: number; readonly backup: number } => {
  const all = [globalStats, ...threads.map((t) => t.stats)];
  const maxSpeed = Math.max(0, ...all.map((t) => t.speed));
  const bests = all.flatMap((t) => (t.objBest1 === null ? [] : [t.objBest1]));
  const target = bests.length > 0 ? Math.min(...bests) : null;
  const minEci = Math.min(remainingCost, ...all.map((t) => expectedCostForImprovement(t, target, maxSpeed)));
  const globalPriority = threadPriority(globalStats, minEci, maxSpeed);
  let top = -1;
  let backup = -1;
  let p1 = globalPriority;
  let p2 = -Infinity;
  threads.forEach((t, i) => {
    if (t.converged) return;
    const p = threadPriority(t.stats, minEci, maxSpeed);
    if (p > p1) [p1, top] = [p, i];
    if (p > p2 || backup < 0) [p2, backup] = [p, i];
  });
  return { top, backup };
};

/** One ask of the engine (pure: returns the next state). */
export const engineAsk = <G>(
  cfg: EngineConfig<G>,
  state: BlendState<G>,
  study: StudyState,
): readonly [Config, BlendState<G>] => {
  const params = flattenSpace(study.space);
  const s: Mutable<G> = { ...state };
  fold(cfg, s, study, params);
  prune(s, params);
  const [config, rng] = withRng(s.rng, (next): Config => {
    if (!s.initUsed) return proposeStart(s, params, next);
    const global = cfg.global;
    if (global === null) {
      if (s.threads.length > 0) {
        const local = proposeLocal(s, 0, params, next);
        if (local !== null) return local;
        // Converged: CFO restarts from a perturbed low-cost point (one local thread at a time).
        prune(s, params);
        s.restarts += 1;
      }
      return proposeStart(s, params, next);
    }
    const meanCost = s.costCount > 0 ? s.costSum / s.costCount : 1;
    const left = remainingCost(
      study.budget,
      costMetricOf(cfg.costMetric, study.budget),
      study.costUsed,
      study.fresh,
      meanCost,
    );
    const { top, backup } = selectThread(s.globalStats, s.threads, left);
    if (top >= 0) {
      const local = proposeLocal(s, top, params, next);
      if (local !== null) return local;
    }
    const [g, gState] = global.ask(s.global as G, study);
    s.global = gState;
    if (g !== null) {
      const x = unitOfConfig(
        params,
        g,
        s.init.map((u) => u ?? 0.5),
      );
      if (admissible(s as Mutable<unknown>, params, x)) return propose(s, 0, { x, step: 0, serial: -1 }, g);
    }
    if (backup >= 0 && backup !== top) {
      const local = proposeLocal(s, backup, params, next);
      if (local !== null) return local;
    }
    return proposeStart(s, params, next);
  });
  s.rng = rng;
  return [config, s];
};
