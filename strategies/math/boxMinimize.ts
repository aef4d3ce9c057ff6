import { InvalidOptionsError } from '../../lib/errors.js';

/** The objective of {@link boxMinimize}: value and gradient at x (write the gradient into `grad`). */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link boxMinimize}. */
export interface BoxMinimizeOptions {
  /** Stop when every component of the projected gradient is below this. Default 1e-5 (SciPy's pgtol). */
  readonly pgtol?: number;
  /** Stop when an iteration lowers f by less than ftol·max(|f|, 1). Default 1e-12. */
  readonly ftol?: number;
  /** Iteration cap. Default 200. */
  readonly maxIter?: number;
  /** Pairs (s, y) the limited-memory Hessian keeps. Default 10 (SciPy's m). */
  readonly memory?: number;
}

/** What {@link boxMinimize} found. */
export interface BoxMinimum {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  /** Evaluations of the objective. */
  readonly evaluations: number;
  /** Why it stopped. */
  readonly reason: 'pgtol' | 'ftol' | 'maxIter' | 'lineSearch';
}

/**
 * Minimises a smooth function over the box [lower, upper] by projected L-BFGS: the two-loop recursion
 * on the free variables (those not held at a bound by their gradient), a step along that direction
 * projected onto the box, and a backtracking Armijo search on the projected path. A small stand-in for
 * L-BFGS-B (no npm package offers a bounded quasi-Newton method): it reaches the same box-constrained
 * minima on smooth problems, without L-BFGS-B's generalised Cauchy point. Infinite bounds are allowed.
 *
 * @example
 * ```ts
 * const f: ValueAndGradient = (x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; };
 * boxMinimize(f, Float64Array.of(0), Float64Array.of(-1), Float64Array.of(1)).x; // [1]
 * ```
 * @throws InvalidOptionsError if the arrays' lengths differ or a lower bound exceeds its upper bound.
 */
export const boxMinimize = (
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: BoxMinimizeOptions = {},
): BoxMinimum => {
  const n = x0.length;
  const pgtol = options.pgtol ?? 1e-5;
  const ftol = options.ftol ?? 1e-12;
  const maxIter = options.maxIter ?? 200;
  const m = options.memory ?? 10;
  const problems: string[] = [];
  if (lower.length !== n || upper.length !== n)
    problems.push(`x0, lower and upper must have one length, got ${n}, ${lower.length}, ${upper.length}`);
  for (let i = 0; i < Math.min(n, lower.length, upper.length); i++)
    if (!((lower[i] as number) <= (upper[i] as number)))
      problems.push(`lower[${i}] = ${lower[i]} must not exceed upper[${i}] = ${upper[i]}`);
  if (problems.length > 0) throw new InvalidOptionsError('boxMinimize', problems);

  const lo = Float64Array.from(lower);
  const hi = Float64Array.from(upper);
  const clip = (v: number, i: number): number => Math.min(hi[i] as number, Math.max(lo[i] as number, v));
  let x = Float64Array.from(x0, clip);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(m);
  let xt = new Float64Array(n);
  let gt = new Float64Array(n);

  for (let iter = 0; iter < maxIter; iter++) {
    // Projected gradient and the free set: a variable at a bound whose gradient pushes it out stays fixed.
    let pg = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const gi = g[i] as number;
      const fixed = (xi <= (lo[i] as number) && gi > 0) || (xi >= (hi[i] as number) && gi < 0);
      free[i] = fixed ? 0 : 1;
      pg = Math.max(pg, Math.abs(clip(xi - gi, i) - xi));
    }
    if (!(pg > pgtol)) return { x, f, iterations: iter, evaluations, reason: 'pgtol' };

    // Two-loop recursion restricted to the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -(g[i] as number) : 0;
    const k = ss.length;
    for (let j = k - 1; j >= 0; j--) {
      const s = ss[j] as Float64Array;
      const y = ys[j] as Float64Array;
      let a = 0;
      for (let i = 0; i < n; i++) if (free[i]) a += (s[i] as number) * (d[i] as number);
      a *= rhos[j] as number;
      alpha[j] = a;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) - a * (y[i] as number);
    }
    if (k > 0) {
      const s = ss[k - 1] as Float64Array;
      const y = ys[k - 1] as Float64Array;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += (s[i] as number) * (y[i] as number);
        yy += (y[i] as number) * (y[i] as number);
      }
      const gamma = yy > 0 ? sy / yy : 1;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let j = 0; j < k; j++) {
      const s = ss[j] as Float64Array;
      const y = ys[j] as Float64Array;
      let b = 0;
      for (let i = 0; i < n; i++) if (free[i]) b += (y[i] as number) * (d[i] as number);
      b *= rhos[j] as number;
      const c = (alpha[j] as number) - b;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) + c * (s[i] as number);
    }
    let dg = 0;
    for (let i = 0; i < n; i++) dg += (d[i] as number) * (g[i] as number);
    if (!(dg < 0)) {
      // Not a descent direction (curvature lost on the free subspace): restart from steepest descent.
      ss.length = 0;
      ys.length = 0;
      rhos.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -(g[i] as number) : 0;
    }
    // The first step of a fresh memory is scaled to move about one unit.
    let t = ss.length === 0 ? Math.min(1, 1 / Math.sqrt(d.reduce((a, v) => a + v * v, 0))) : 1;
    let accepted = false;
    let ft = f;
    for (let ls = 0; ls < 40; ls++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        const v = clip((x[i] as number) + t * (d[i] as number), i);
        xt[i] = v;
        decrease += (g[i] as number) * (v - (x[i] as number));
      }
      ft = fg(xt, gt);
      evaluations++;
      if (Number.isFinite(ft) && ft <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return { x, f, iterations: iter, evaluations, reason: 'lineSearch' };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (xt[i] as number) - (x[i] as number);
      y[i] = (gt[i] as number) - (g[i] as number);
      sy += (s[i] as number) * (y[i] as number);
    }
    const fPrev = f;
    [x, xt] = [xt, x];
    [g, gt] = [gt, g];
    f = ft;
    if (sy > 1e-10) {
      if (ss.length === m) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(y);
      rhos.push(1 / sy);
    }
    if (fPrev - f <= ftol * Math.max(Math.abs(fPrev), Math.abs(f), 1))
      return { x, f, iterations: iter + 1, evaluations, reason: 'ftol' };
  }
  return { x, f, iterations: maxIter, evaluations, reason: 'maxIter' };
};
