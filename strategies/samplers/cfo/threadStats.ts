/**
 * What BlendSearch knows of one search thread (the global searcher or a FLOW² local search), with the
 * objective minimised (`obj = −score`) as FLAML keeps it. `null` stands for FLAML's ∞ ("no such
 * improvement yet") so the state stays JSON.
 */
export interface ThreadStats {
  /** Best objective of the thread's finished trials. */
  readonly objBest1: number | null;
  /** The best before the last improvement. */
  readonly objBest2: number | null;
  /** Cost of every finished trial of the thread. */
  readonly costTotal: number;
  /** `costTotal` when the best was found, and when the previous best was. */
  readonly costBest1: number;
  readonly costBest2: number;
  /** Trials of the thread in flight. */
  readonly running: number;
  /** Improvement per unit cost at the last improvement (0 when there is none yet). */
  readonly speed: number;
}

/** FLAML's SEARCH_THREAD_EPS: the least cost an improvement's speed is measured over. */
export const SEARCH_THREAD_EPS = 1.0;

/**
 * Stats of a thread that starts from one finished trial (a local thread created from a global point):
 * both bests are its objective, every cost mark its cost.
 *
 * @example
 * ```ts
 * statsFrom(-0.9, 2); // { objBest1: -0.9, objBest2: -0.9, costTotal: 2, costBest1: 2, costBest2: 2, running: 0, speed: 0 }
 * ```
 */
export const statsFrom = (obj: number | null, cost: number): ThreadStats => ({
  objBest1: obj,
  objBest2: obj,
  costTotal: cost,
  costBest1: cost,
  costBest2: cost,
  running: 0,
  speed: 0,
});

/** A trial of the thread started. */
export const statsStarted = (s: ThreadStats): ThreadStats => ({ ...s, running: s.running + 1 });

/**
 * A trial of the thread finished with objective `obj` (null when it failed or has no final score) after
 * spending `cost`. An improvement shifts the bests (best1 → best2) and the cost marks; the speed is
 * (obj_best2 − obj_best1) / running / max(cost_total − cost_best2, eps), discounted by the trials still
 * in flight, and 0 while there is no finite previous best (FLAML's ∞ − x would make it infinite).
 *
 * @example
 * ```ts
 * const s = statsFinished(statsStarted(statsFrom(-0.5, 1)), -0.7, 2); // objBest1 -0.7, speed 0.2 / 2
 * ```
 */
export const statsFinished = (
  s: ThreadStats,
  obj: number | null,
  cost: number,
  eps = SEARCH_THREAD_EPS,
): ThreadStats => {
  const costTotal = s.costTotal + cost;
  const running = Math.max(1, s.running);
  let next: ThreadStats = { ...s, costTotal };
  if (obj !== null && (s.objBest1 === null || obj < s.objBest1)) {
    next = {
      ...next,
      costBest2: s.costBest1,
      costBest1: costTotal,
      objBest2: s.objBest1 === null ? s.objBest2 : s.objBest1,
      objBest1: obj,
    };
  }
  const { objBest1: b1, objBest2: b2 } = next;
  const speed =
    b1 !== null && b2 !== null && b2 > b1 ? (b2 - b1) / running / Math.max(next.costTotal - next.costBest2, eps) : 0;
  return { ...next, speed, running: running - 1 };
};

/**
 * FLAML's expected cost for improvement of a thread: the larger of the cost spent since its best and the
 * cost its last improvement took; when its best is worse than `target` (the study's best objective), at
 * least the cost to close twice that gap at its speed. A thread without a speed is given `maxSpeed`.
 *
 * @example
 * ```ts
 * expectedCostForImprovement({ ...statsFrom(-0.5, 4), costBest2: 1 }, -0.5, 0.1); // max(0, 3) = 3
 * ```
 */
export const expectedCostForImprovement = (s: ThreadStats, target: number | null, maxSpeed: number): number => {
  const speed = s.speed || maxSpeed;
  let eci = Math.max(s.costTotal - s.costBest1, s.costBest1 - s.costBest2);
  if (target !== null && s.objBest1 !== null && s.objBest1 > target && speed > 0)
    eci = Math.max(eci, (2 * (s.objBest1 - target)) / speed);
  return eci;
};

/**
 * FLAML's priority of a thread: the optimistic objective after spending `minEci` at its speed,
 * min_eci · speed − obj_best1 (higher goes first). A thread that never scored has −∞; a thread without
 * speed falls back to `maxSpeed`, and with no speed at all the priority is just −obj_best1.
 *
 * @example
 * ```ts
 * threadPriority({ ...statsFrom(-0.8, 1), speed: 0.1 }, 2, 0.1); // 2 · 0.1 + 0.8 = 1.0
 * ```
 */
export const threadPriority = (s: ThreadStats, minEci: number, maxSpeed: number): number => {
  if (s.objBest1 === null) return -Infinity;
  const speed = s.speed || maxSpeed;
  return speed > 0 && Number.isFinite(minEci) ? minEci * speed - s.objBest1 : -s.objBest1;
};
