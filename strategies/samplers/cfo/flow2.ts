import type { Config } from '../../../lib/config.js';
import { configKey } from '../../../lib/config.js';
import { intBelow, normalFrom } from '../../../lib/rng.js';
import type { ParamSpec } from '../../../lib/searchSpace.js';
import { internalBounds } from '../../../lib/unitTransform.js';
import type { ThreadStats } from './threadStats.js';
import { statsFrom } from './threadStats.js';
import { configOfUnit, isTunable, unitOfConfig } from './unitPoint.js';

/** FLAML's constants (flow2.py): initial step per √d, the step floor without discrete dims. */
export const STEPSIZE = 0.1;
export const STEP_LOWER_BOUND = 1e-4;

/**
 * One FLOW² local search thread (FLAML's `FLOW2`, ALGORITHMS.md §11.1), plain JSON data. Points live in
 * the unit cube of the flattened space (one coordinate per parameter; a parameter of a branch not taken
 * keeps its coordinate). Counters are FLAML's: `proposed` and `completed` start at 1.
 */
export interface Flow2 {
  readonly id: number;
  /** The incumbent: the best point of the thread (its first point until a result arrives). */
  readonly x: ReadonlyArray<number>;
  /** The incumbent's score (higher is better), null before the thread's first result. */
  readonly best: number | null;
  /** Bumped at every move of the incumbent: proposals carry it, to tell whose neighbours they were. */
  readonly serial: number;
  readonly step: number;
  readonly proposed: number;
  readonly completed: number;
  /** Proposals from the current incumbent since its last decay check (FLAML's _num_proposedby_incumbent). */
  readonly byIncumbent: number;
  readonly k: number;
  readonly oldK: number;
  readonly iterBest: number;
  /** The last direction tried (+δu); the next proposal mirrors it (−δu). */
  readonly tried: ReadonlyArray<number> | null;
  readonly initPhase: boolean;
  readonly same: boolean;
  readonly converged: boolean;
  readonly stats: ThreadStats;
}

/** A proposal of a thread, remembered until its trial ends. */
export interface Flow2Proposal {
  /** The (rounded) point proposed. */
  readonly x: ReadonlyArray<number>;
  /** The step size at proposal time: an improvement restores it (FLAML's `_configs[trial_id][1]`). */
  readonly step: number;
  /** The incumbent serial it was proposed from. */
  readonly serial: number;
}

/** A proposal with the config it decodes to. */
export interface Flow2Move extends Flow2Proposal {
  readonly config: Config;
}

/** Indices of the parameters local search moves along (non-degenerate ones). */
export const tunableDims = (params: ReadonlyArray<ParamSpec>): number[] =>
  params.flatMap((s, j) => (isTunable(s.distribution) ? [j] : []));

/**
 * The step-size floor of a thread at its incumbent (FLAML's step_lower_bound): √d times the finest
 * resolution of its discrete numeric dimensions in the unit space: q / (high − low + q) for a linear int or
 * stepped float (the unit range is widened by half a step each side), ln(1 + 1/v) / (ln(high + ½) −
 * ln(low − ½)) for a log int at the incumbent's value v. Without discrete dimensions, 1e-4.
 *
 * @example
 * ```ts
 * stepLowerBound(flattenSpace({ n: int(1, 10), x: float(0, 1) }), [0.5, 0.5]); // √2 · 1/10
 * ```
 */
export const stepLowerBound = (params: ReadonlyArray<ParamSpec>, x: ReadonlyArray<number>): number => {
  const dims = tunableDims(params);
  let res = Infinity;
  for (const j of dims) {
    const d = (params[j] as ParamSpec).distribution;
    if (d._tag === 'Categorical') continue;
    if (d._tag === 'Int' && d.log) {
      const [lo, hi] = internalBounds(d);
      const v = Math.max(d.low, Math.round(Math.exp(lo + (x[j] ?? 0.5) * (hi - lo))));
      res = Math.min(res, Math.log(1 + 1 / v) / (hi - lo));
    } else if (d.step !== undefined) {
      res = Math.min(res, d.step / (d.high - d.low + d.step));
    }
  }
  return Number.isFinite(res) ? Math.sqrt(dims.length) * res : STEP_LOWER_BOUND;
};

/**
 * A fresh thread whose incumbent is `x` (score `best`, or null when it has not been evaluated). Step
 * 0.1·√d, raised to twice the floor if the floor is above it, capped at √d.
 *
 * @example
 * ```ts
 * const t = newFlow2(1, params, x0, 0.8, statsFrom(-0.8, 1));
 * ```
 */
export const newFlow2 = (
  id: number,
  params: ReadonlyArray<ParamSpec>,
  x: ReadonlyArray<number>,
  best: number | null,
  stats: ThreadStats = statsFrom(best === null ? null : -best, 0),
): Flow2 => {
  const d = tunableDims(params).length;
  const ub = Math.sqrt(d);
  const lb = stepLowerBound(params, x);
  let step = STEPSIZE * ub;
  if (lb > step) step = 2 * lb;
  return {
    id,
    x: [...x],
    best,
    serial: 0,
    step: Math.min(step, ub),
    proposed: 1,
    completed: 1,
    byIncumbent: 0,
    k: 0,
    oldK: 0,
    iterBest: 1,
    tried: null,
    initPhase: true,
    same: false,
    converged: false,
    stats,
  };
};

/** Proposals from one incumbent before the step decays: 2^min(9, d). */
export const decayPeriod = (d: number): number => 2 ** Math.min(9, d);

const sameConfig = (a: Config, b: Config): boolean => configKey(a) === configKey(b);

/**
 * FLOW²'s next proposal from the incumbent: the mirror −δu of the last direction if it was +δu, else a new
 * direction +δu with u uniform on the unit sphere of the tunable dimensions; projected to [0, 1]. A
 * categorical coordinate that leaves the incumbent's cell goes to a random *other* choice (categories
 * have no order). In the early phase, a mirrored pair that both round to the incumbent grows δ by 0.1.
 * Every 2^min(9,d) proposals without improvement δ decays by √(K_old/K) (K = proposals + 1), and once δ
 * is below its floor the thread is converged: the proposal is then `null`. After the early phase, a
 * proposal that rounds to the incumbent's config moves the incumbent to the unrounded point.
 *
 * @example
 * ```ts
 * const [[move, thread2], rng2] = withRng(rng, (next) => flow2Propose(thread, params, next));
 * ```
 */
export const flow2Propose = (
  t: Flow2,
  params: ReadonlyArray<ParamSpec>,
  next: () => number,
): readonly [Flow2Move | null, Flow2] => {
  if (t.converged) return [null, t];
  const dims = tunableDims(params);
  const move = [...t.x];
  let tried: number[] | null;
  if (t.tried !== null) {
    dims.forEach((j, i) => (move[j] = (move[j] as number) - (t.tried?.[i] ?? 0)));
    tried = null;
  } else {
    let u: number[];
    let norm = 0;
    do {
      u = dims.map(() => normalFrom(next));
      norm = Math.hypot(...u);
    } while (norm === 0 && dims.length > 0);
    tried = u.map((v) => (v / norm) * t.step);
    dims.forEach((j, i) => (move[j] = (move[j] as number) + (tried?.[i] ?? 0)));
  }
  for (const j of dims) {
    move[j] = Math.min(1, Math.max(0, move[j] as number));
    const d = (params[j] as ParamSpec).distribution;
    if (d._tag !== 'Categorical') continue;
    const c = d.choices.length;
    const cell = (u: number): number => Math.min(c - 1, Math.floor(u * c));
    const from = cell(t.x[j] as number);
    if (cell(move[j] as number) !== from) {
      const k = intBelow(next, c - 1);
      move[j] = ((k >= from ? k + 1 : k) + 0.5) / c;
    }
  }
  const config = configOfUnit(params, move);
  const x = unitOfConfig(params, config, move);
  const incumbent = configOfUnit(params, t.x);
  let { step, same, initPhase, byIncumbent, k, oldK } = t;
  const ub = Math.sqrt(dims.length);
  byIncumbent += 1;
  if (initPhase) {
    if (tried === null) {
      if (same && sameConfig(config, incumbent)) step = Math.min(step + STEPSIZE, ub);
    } else same = sameConfig(config, incumbent);
  }
  const proposed = t.proposed + 1;
  if (byIncumbent === decayPeriod(dims.length)) {
    byIncumbent -= 2;
    initPhase = false;
    if (step < stepLowerBound(params, t.x))
      return [null, { ...t, proposed, byIncumbent, initPhase, same, step, tried, converged: true }];
    oldK = k || t.iterBest;
    k = proposed + 1;
    step *= Math.sqrt(oldK / k);
  }
  // After the early phase, a proposal that rounds back to the incumbent's config moves the incumbent to
  // the unrounded point (FLAML does the same), so the search can drift across a coarse int cell.
  const drift = !initPhase && sameConfig(config, incumbent);
  const thread: Flow2 = { ...t, x: drift ? move : t.x, proposed, byIncumbent, initPhase, same, step, tried, k, oldK };
  return [{ x, step: t.step, serial: t.serial, config }, thread];
};

/**
 * A proposal of the thread ended with `score` (null when it failed, was stopped, or has no final score).
 * Better than the incumbent: the thread moves there, restores the step the proposal was made with and
 * undoes the last decay (δ·√(K/K_old), capped at √d), and resets its counters. Otherwise only the
 * completion count moves.
 *
 * @example
 * ```ts
 * const t2 = flow2Complete(t, params, proposal, 0.93);
 * ```
 */
export const flow2Complete = (
  t: Flow2,
  params: ReadonlyArray<ParamSpec>,
  p: Flow2Proposal,
  score: number | null,
): Flow2 => {
  const completed = t.completed + 1;
  if (score === null || (t.best !== null && score <= t.best)) return { ...t, completed };
  let step = p.step;
  if (t.k > 0) step *= Math.sqrt(t.k / t.oldK);
  return {
    ...t,
    completed,
    x: [...p.x],
    best: score,
    serial: t.serial + 1,
    step: Math.min(step, Math.sqrt(tunableDims(params).length)),
    byIncumbent: 0,
    iterBest: completed,
    tried: null,
    converged: false,
  };
};

/**
 * Whether thread `a` is within reach of thread `b` (FLAML's `reach`, used to drop a worse thread another
 * one can walk to): same choice of every categorical (an unordered choice is hard to reach by chance)
 * and incumbents at most `b`'s step apart.
 *
 * @example
 * ```ts
 * flow2Reaches(newFlow2(1, params, [0.5], 0), newFlow2(2, params, [0.52], 0), params); // true: 0.02 ≤ 0.1
 * ```
 */
export const flow2Reaches = (b: Flow2, a: Flow2, params: ReadonlyArray<ParamSpec>): boolean => {
  let d2 = 0;
  for (const j of tunableDims(params)) {
    const d = (params[j] as ParamSpec).distribution;
    const ua = a.x[j] as number;
    const ub = b.x[j] as number;
    if (d._tag === 'Categorical') {
      const c = d.choices.length;
      if (Math.min(c - 1, Math.floor(ua * c)) !== Math.min(c - 1, Math.floor(ub * c))) return false;
    }
    d2 += (ua - ub) ** 2;
  }
  return d2 <= b.step * b.step;
};
