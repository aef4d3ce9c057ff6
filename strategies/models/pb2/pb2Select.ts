import { boxMaximize } from './boxMaximize.js';
import type { TvHyper } from './tvGp.js';
import { fitTvGp, tvGp, tvLogLikelihood } from './tvGp.js';

/**
 * One observation of PB2's bandit: between two ready points of the same member with the same config, the
 * reward rose by `y`·Δt; `t` is the later step, `rBefore` the score at the earlier one, `x` the config's
 * hyper-parameters in [0, 1] (by their bounds).
 */
export interface Pb2Row {
  readonly t: number;
  readonly rBefore: number;
  readonly x: ReadonlyArray<number>;
  readonly y: number;
}

/** Ray's `normalize`: each column to [0, 1] by the min and max of `wrt`'s column. */
const normalizer = (wrt: ReadonlyArray<ReadonlyArray<number>>, col: number): ((v: number) => number) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of wrt) {
    lo = Math.min(lo, r[col] as number);
    hi = Math.max(hi, r[col] as number);
  }
  return (v) => (v - lo) / (hi - lo + 1e-8);
};

/** Ray's `standardize`: zero mean, unit standard deviation, clipped to [−2, 2]. */
export const standardize = (ys: ReadonlyArray<number>): number[] => {
  const n = ys.length;
  const m = ys.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(ys.reduce((a, b) => a + (b - m) ** 2, 0) / n);
  return ys.map((v) => Math.min(2, Math.max(-2, (v - m) / (sd + 1e-8))));
};

/** The rows as GP inputs: [t, rBefore] normalised by the rows' own range; x is already in [0, 1]. */
const design = (rows: ReadonlyArray<Pb2Row>) => {
  const meta = rows.map((r) => [r.t, r.rBefore]);
  const nt = normalizer(meta, 0);
  const nr = normalizer(meta, 1);
  return {
    X: rows.map((r) => [nt(r.t), nr(r.rBefore), ...r.x]),
    y: standardize(rows.map((r) => r.y)),
    fixed: (t: number, r: number) => [nt(t), nr(r)],
  };
};

/**
 * Ray's `select_length`: with fewer than 200 rows all are used; otherwise the window of the newest rows
 * whose fitted GP has the highest log likelihood. Ray tries every multiple of 10 from 200; this tries at
 * most 9 evenly spaced lengths from 200 to all rows, to bound the cost.
 */
export const selectLength = (rows: ReadonlyArray<Pb2Row>, maxIter: number): number => {
  const n = rows.length;
  if (n < 200) return n;
  const stride = Math.max(10, Math.ceil((n - 200) / 8 / 10) * 10);
  let best = n;
  let bestLl = -Infinity;
  for (let len = 200; len <= n; len += stride) {
    const { X, y } = design(rows.slice(n - len));
    const ll = tvLogLikelihood(X, y, fitTvGp(X, y, undefined, maxIter))?.value ?? -Infinity;
    if (ll > bestLl) {
      bestLl = ll;
      best = len;
    }
  }
  return best;
};

/** Options of {@link pb2Select}. */
export interface Pb2SelectInput {
  /** The observations, oldest first. */
  readonly rows: ReadonlyArray<Pb2Row>;
  /** The time and reward the new config will start from (the parent's newest row: its step and reward before). */
  readonly fixed: { readonly t: number; readonly r: number };
  /** Configs (in [0, 1]) already chosen in this batch: a second GP gets them with y = 0, to spread the batch. */
  readonly current: ReadonlyArray<ReadonlyArray<number>>;
  /** Uniform draws for the random starts of the acquisition's optimiser. */
  readonly next: () => number;
  /** Random starts of the optimiser (Ray: 10). */
  readonly starts?: number;
  /** BFGS iterations of the hyper-parameter fit. Default 50. */
  readonly fitIterations?: number;
}

/**
 * PB2's explore (Ray's `select_config`): fits the time-varying GP to the standardised reward changes,
 * then returns the config in [0, 1]^d maximising the UCB mean(GP) + κ·var(GP₂) at the given time and
 * reward, where κ = √(0.2 + max(0, ln(0.4·N))) and GP₂ is the same GP with the batch's current configs
 * added at y = 0 and its own hyper-parameter fit, as Ray (which also uses the variance, not the standard
 * deviation). Returns GP's fitted hyper-parameters too.
 *
 * @example
 * ```ts
 * const { x } = pb2Select({ rows, fixed: { t: 40, r: 0.7 }, current: [], next });
 * ```
 */
export const pb2Select = (input: Pb2SelectInput): { readonly x: number[]; readonly hyper: TvHyper } => {
  const iters = input.fitIterations ?? 50;
  const len = selectLength(input.rows, iters);
  const rows = input.rows.slice(input.rows.length - len);
  const { X, y, fixed } = design(rows);
  const hyper = fitTvGp(X, y, undefined, iters);
  const gp = tvGp(X, y, hyper);
  const f = fixed(input.fixed.t, input.fixed.r);
  // GP₂ (Ray's m1): the rows plus the batch's current configs at y = 0, with its own fit from GPy's
  // start, as Ray refits it; only its variance is used, to push the new config away from the batch.
  const gp2 = (() => {
    if (input.current.length === 0) return gp;
    const X2 = [...X, ...input.current.map((c) => [...f, ...c])];
    const y2 = [...y, ...input.current.map(() => 0)];
    return tvGp(X2, y2, fitTvGp(X2, y2, undefined, iters));
  })();
  const kappa = Math.sqrt(0.2 + Math.max(0, Math.log(0.4 * X.length)));
  const d = rows[0]?.x.length ?? 0;
  const ucb = (x: ReadonlyArray<number>): number => {
    const row = [...f, ...x];
    return gp.predict(row).mean + kappa * gp2.predict(row).variance;
  };
  const starts = Array.from({ length: input.starts ?? 10 }, () => Array.from({ length: d }, () => input.next()));
  return { x: boxMaximize(ucb, starts).x, hyper };
};
