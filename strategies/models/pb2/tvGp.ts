/**
 * The time-varying Gaussian process of PB2 (Parker-Holder et al. 2020; Ray's `TV_SquaredExp` +
 * `GPy.models.GPRegression`), small and self-contained: inputs are rows `[t, x₁ … x_d]` in [0, 1], the
 * kernel is k(a, b) = v·exp(−‖x_a − x_b‖²/ℓ)·(1 − ε)^{|t_a − t_b|/2} (ε ≤ 0.5), plus Gaussian noise σ².
 * The hyper-parameters are fitted by maximising the log marginal likelihood (analytic gradient, BFGS
 * with a backtracking line search over log v, log ℓ, logit(2ε), log σ²) from GPy's start (v = 1, ℓ = 1,
 * ε = 0.1, σ² = 1); ℓ is then clipped to [1e-5, 1] as Ray does.
 */

/** The kernel's hyper-parameters. */
export interface TvHyper {
  readonly variance: number;
  readonly lengthscale: number;
  readonly epsilon: number;
  readonly noise: number;
}

/** GPy's starting point, as Ray's PB2 builds its kernel. */
export const TV_START: TvHyper = { variance: 1, lengthscale: 1, epsilon: 0.1, noise: 1 };

const EPS_MAX = 0.5;
const NOISE_MIN = 1e-6;

/**
 * The kernel value between two rows (time first).
 *
 * @example
 * ```ts
 * tvKernel([0, 0.5], [1, 0.5], TV_START); // (1 − 0.1)^0.5
 * ```
 */
export const tvKernel = (a: ArrayLike<number>, b: ArrayLike<number>, h: TvHyper): number => {
  let d2 = 0;
  for (let j = 1; j < a.length; j++) {
    const d = (a[j] as number) - (b[j] as number);
    d2 += d * d;
  }
  const dt = Math.abs((a[0] as number) - (b[0] as number));
  return h.variance * Math.exp(-d2 / h.lengthscale) * Math.pow(1 - Math.min(h.epsilon, EPS_MAX), 0.5 * dt);
};

/** In-place lower Cholesky factor of a symmetric positive definite n×n matrix (row-major); false if not SPD. */
export const cholesky = (a: Float64Array, n: number): boolean => {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j] as number;
    for (let k = 0; k < j; k++) s -= (a[j * n + k] as number) ** 2;
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j] as number;
      for (let k = 0; k < j; k++) t -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = t / d;
    }
    for (let k = j + 1; k < n; k++) a[j * n + k] = 0;
  }
  return true;
};

/** Solves L·z = b (forward) in place. */
const forward = (l: Float64Array, n: number, b: Float64Array): Float64Array => {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
  return b;
};

/** Solves Lᵀ·z = b (backward) in place. */
const backward = (l: Float64Array, n: number, b: Float64Array): Float64Array => {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
  return b;
};

/** Factors K + σ²I with growing jitter if needed (GPy adds jitter the same way). */
const factor = (X: ReadonlyArray<ArrayLike<number>>, h: TvHyper): { l: Float64Array; kf: Float64Array } | undefined => {
  const n = X.length;
  const kf = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const k = tvKernel(X[i] as ArrayLike<number>, X[j] as ArrayLike<number>, h);
      kf[i * n + j] = k;
      kf[j * n + i] = k;
    }
  for (let jitter = 0; jitter <= 1e-2; jitter = jitter === 0 ? 1e-8 : jitter * 10) {
    const l = new Float64Array(kf);
    for (let i = 0; i < n; i++) l[i * n + i] = (l[i * n + i] as number) + h.noise + jitter;
    if (cholesky(l, n)) return { l, kf };
  }
  return undefined;
};

/**
 * The log marginal likelihood of y under the GP and its gradient with respect to
 * (log v, log ℓ, logit(ε/0.5), log σ²); `undefined` when the kernel matrix cannot be factored.
 *
 * @example
 * ```ts
 * const { value, grad } = tvLogLikelihood([[0, 0.1], [0.5, 0.9]], [1, -1], TV_START)!;
 * ```
 */
export const tvLogLikelihood = (
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  h: TvHyper,
): { readonly value: number; readonly grad: readonly [number, number, number, number] } | undefined => {
  const n = X.length;
  const f = factor(X, h);
  if (!f) return undefined;
  const { l, kf } = f;
  const alpha = backward(l, n, forward(l, n, Float64Array.from(y)));
  let value = -0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) value -= 0.5 * (y[i] as number) * (alpha[i] as number) + Math.log(l[i * n + i] as number);
  // K⁻¹ column by column.
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    backward(l, n, forward(l, n, e));
    for (let r = 0; r < n; r++) inv[r * n + c] = e[r] as number;
  }
  // dL/dθ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ).
  const eps = Math.min(h.epsilon, EPS_MAX);
  const dEps = eps * (1 - eps / EPS_MAX); // dε/d logit(ε/0.5)
  let gv = 0;
  let gl = 0;
  let ge = 0;
  let gn = 0;
  for (let i = 0; i < n; i++) {
    const xi = X[i] as ArrayLike<number>;
    for (let j = 0; j < n; j++) {
      const w = (alpha[i] as number) * (alpha[j] as number) - (inv[i * n + j] as number);
      const k = kf[i * n + j] as number;
      const xj = X[j] as ArrayLike<number>;
      let d2 = 0;
      for (let q = 1; q < xi.length; q++) d2 += ((xi[q] as number) - (xj[q] as number)) ** 2;
      const dt = Math.abs((xi[0] as number) - (xj[0] as number));
      gv += w * k;
      gl += w * k * (d2 / h.lengthscale);
      ge += w * k * ((-0.5 * dt) / (1 - eps)) * dEps;
      if (i === j) gn += w * h.noise;
    }
  }
  return { value, grad: [0.5 * gv, 0.5 * gl, 0.5 * ge, 0.5 * gn] };
};

const toTheta = (h: TvHyper): number[] => {
  const r = Math.min(Math.max(h.epsilon / EPS_MAX, 1e-9), 1 - 1e-9);
  return [Math.log(h.variance), Math.log(h.lengthscale), Math.log(r / (1 - r)), Math.log(h.noise)];
};
const fromTheta = (t: ReadonlyArray<number>): TvHyper => ({
  variance: Math.exp(Math.min(20, Math.max(-20, t[0] as number))),
  lengthscale: Math.exp(Math.min(20, Math.max(-20, t[1] as number))),
  epsilon: EPS_MAX / (1 + Math.exp(-(t[2] as number))),
  noise: Math.max(NOISE_MIN, Math.exp(Math.min(20, Math.max(-20, t[3] as number)))),
});

/**
 * Maximises the log marginal likelihood over the kernel hyper-parameters by BFGS on unconstrained
 * coordinates (at most `maxIter` iterations), starting from `start`; returns the start if nothing better
 * is found. Deterministic: no randomness.
 *
 * @example
 * ```ts
 * const h = fitTvGp(X, y); // { variance, lengthscale (≤ 1), epsilon (≤ 0.5), noise }
 * ```
 */
export const fitTvGp = (
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  start: TvHyper = TV_START,
  maxIter = 50,
): TvHyper => {
  const m = 4;
  const evalAt = (t: number[]) => {
    const r = tvLogLikelihood(X, y, fromTheta(t));
    return r ? { f: -r.value, g: r.grad.map((v) => -v) } : undefined;
  };
  let x = toTheta(start);
  let cur = evalAt(x);
  if (!cur) return start;
  let H = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]; // inverse Hessian estimate
  for (let it = 0; it < maxIter; it++) {
    const g = cur.g;
    const gnorm = Math.hypot(...g);
    if (!(gnorm > 1e-6)) break;
    const p = [0, 1, 2, 3].map(
      (i) => -[0, 1, 2, 3].reduce((s, j) => s + (H[i * m + j] as number) * (g[j] as number), 0),
    );
    let slope = p.reduce((s, v, i) => s + v * (g[i] as number), 0);
    if (!(slope < 0)) {
      H = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
      for (let i = 0; i < m; i++) p[i] = -(g[i] as number);
      slope = -gnorm * gnorm;
    }
    // Cap the step so exp() of the coordinates stays sane.
    const pn = Math.hypot(...p);
    const cap = pn > 3 ? 3 / pn : 1;
    let a = cap;
    let next: { f: number; g: number[] } | undefined;
    let xn: number[] = x;
    for (let k = 0; k < 30; k++) {
      xn = x.map((v, i) => v + a * (p[i] as number));
      next = evalAt(xn);
      if (next && next.f <= cur.f + 1e-4 * a * slope) break;
      next = undefined;
      a *= 0.5;
    }
    if (!next) break;
    const s = xn.map((v, i) => v - (x[i] as number));
    const yv = next.g.map((v, i) => v - (g[i] as number));
    const sy = s.reduce((acc, v, i) => acc + v * (yv[i] as number), 0);
    if (sy > 1e-12) {
      // BFGS update of the inverse Hessian.
      const Hy = [0, 1, 2, 3].map((i) =>
        [0, 1, 2, 3].reduce((acc, j) => acc + (H[i * m + j] as number) * (yv[j] as number), 0),
      );
      const yHy = yv.reduce((acc, v, i) => acc + v * (Hy[i] as number), 0);
      const nh = H.slice();
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++)
          nh[i * m + j] =
            (H[i * m + j] as number) +
            ((sy + yHy) * (s[i] as number) * (s[j] as number)) / (sy * sy) -
            ((Hy[i] as number) * (s[j] as number) + (s[i] as number) * (Hy[j] as number)) / sy;
      H = nh;
    }
    const done = Math.abs(cur.f - next.f) < 1e-9 * Math.max(1, Math.abs(cur.f));
    x = xn;
    cur = next;
    if (done) break;
  }
  const h = fromTheta(x);
  return { ...h, lengthscale: Math.min(1, Math.max(1e-5, h.lengthscale)) };
};

/** A fitted GP ready for predictions. */
export interface TvGp {
  readonly X: ReadonlyArray<ArrayLike<number>>;
  readonly hyper: TvHyper;
  /** Posterior mean and latent variance at a row `[t, x…]`. */
  predict(x: ArrayLike<number>): { readonly mean: number; readonly variance: number };
}

/**
 * Conditions the GP with hyper-parameters `hyper` on (X, y).
 *
 * @example
 * ```ts
 * const gp = tvGp(X, y, fitTvGp(X, y));
 * gp.predict([1, 0.3, 0.7]); // { mean, variance }
 * ```
 * @throws Error when the kernel matrix cannot be factored even with jitter (a bug or NaN input).
 */
export const tvGp = (X: ReadonlyArray<ArrayLike<number>>, y: ArrayLike<number>, hyper: TvHyper): TvGp => {
  const n = X.length;
  const f = factor(X, hyper);
  if (!f) throw new Error('tvGp: the kernel matrix is not positive definite (non-finite inputs?)');
  const { l } = f;
  const alpha = backward(l, n, forward(l, n, Float64Array.from(y)));
  const ks = new Float64Array(n);
  return {
    X,
    hyper,
    predict: (x) => {
      let mean = 0;
      for (let i = 0; i < n; i++) {
        const k = tvKernel(x, X[i] as ArrayLike<number>, hyper);
        ks[i] = k;
        mean += k * (alpha[i] as number);
      }
      forward(l, n, ks);
      let q = 0;
      for (let i = 0; i < n; i++) q += (ks[i] as number) ** 2;
      return { mean, variance: Math.max(0, hyper.variance - q) };
    },
  };
};
