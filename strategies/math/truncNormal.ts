/**
 * The normal CDF in log space and the truncated normal (density, interval mass, quantile), as TPE needs
 * them: the same formulas as Optuna's `_truncnorm.py` (a port of SciPy's), which keep precision in the
 * tails by working on log Φ and exploiting symmetry. erf/erfc are FreeBSD's `s_erf.c` rational
 * approximations (what Optuna's `_erf.py` ports), accurate to about 1 ulp.
 */

const erx = 8.45062911510467529297e-1;
const efx = 1.28379167095512586316e-1;
const pp0 = 1.28379167095512558561e-1;
const pp1 = -3.2504210724700149937e-1;
const pp2 = -2.84817495755985104766e-2;
const pp3 = -5.77027029648944159157e-3;
const pp4 = -2.37630166566501626084e-5;
const qq1 = 3.97917223959155352819e-1;
const qq2 = 6.50222499887672944485e-2;
const qq3 = 5.08130628187576562776e-3;
const qq4 = 1.32494738004321644526e-4;
const qq5 = -3.9602282787753681232e-6;
const pa0 = -2.36211856075265944077e-3;
const pa1 = 4.14856118683748331666e-1;
const pa2 = -3.72207876035701323847e-1;
const pa3 = 3.18346619901161753674e-1;
const pa4 = -1.10894694282396677476e-1;
const pa5 = 3.54783043256182359371e-2;
const pa6 = -2.166375594868790843e-3;
const qa1 = 1.06420880400844228286e-1;
const qa2 = 5.40397917702171048937e-1;
const qa3 = 7.18286544141962662868e-2;
const qa4 = 1.26171219808761642112e-1;
const qa5 = 1.36370839120290507362e-2;
const qa6 = 1.1984499846799107417e-2;
const ra0 = -9.86494403484714822705e-3;
const ra1 = -6.93858572707181764372e-1;
const ra2 = -1.05586262253232909814e1;
const ra3 = -6.23753324503260060396e1;
const ra4 = -1.62396669462573470355e2;
const ra5 = -1.84605092906711035994e2;
const ra6 = -8.12874355063065934246e1;
const ra7 = -9.81432934416914548592;
const sa1 = 1.96512716674392571292e1;
const sa2 = 1.376577541435190426e2;
const sa3 = 4.34565877475229228821e2;
const sa4 = 6.45387271733267880336e2;
const sa5 = 4.29008140027567833386e2;
const sa6 = 1.08635005541779435134e2;
const sa7 = 6.57024977031928170135;
const sa8 = -6.04244152148580987438e-2;
const rb0 = -9.86494292470009928597e-3;
const rb1 = -7.99283237680523006574e-1;
const rb2 = -1.77579549177547519889e1;
const rb3 = -1.60636384855821916062e2;
const rb4 = -6.37566443368389627722e2;
const rb5 = -1.02509513161107724954e3;
const rb6 = -4.83519191608651397019e2;
const sb1 = 3.03380607434824582924e1;
const sb2 = 3.25792512996573918826e2;
const sb3 = 1.53672958608443695994e3;
const sb4 = 3.19985821950859553908e3;
const sb5 = 2.55305040643316442583e3;
const sb6 = 4.74528541206955367215e2;
const sb7 = -2.24409524465858183362e1;

// SET_LOW_WORD(z, 0) of s_erf.c: splitting x² this way keeps erfc's relative error near 1 ulp.
const word = new DataView(new ArrayBuffer(8));
const highPart = (x: number): number => {
  word.setFloat64(0, x);
  word.setUint32(4, 0);
  return word.getFloat64(0);
};

// erfc(a) for 1.25 <= a < 28.
const erfcTail = (a: number): number => {
  const s = 1 / (a * a);
  let r: number;
  let q: number;
  if (a < 1 / 0.35) {
    r = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
    q = 1 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
  } else {
    r = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
    q = 1 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
  }
  const z = highPart(a);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + r / q)) / a;
};

/** The error function. */
export const erf = (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + efx * x;
    const z = x * x;
    const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    return x + x * (r / s);
  }
  const sign = x < 0 ? -1 : 1;
  if (a < 1.25) {
    const s = a - 1;
    const p = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const q = 1 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return sign * (erx + p / q);
  }
  if (a >= 6) return sign;
  return sign * (1 - erfcTail(a));
};

/** The complementary error function 1 − erf(x), accurate in the right tail (no cancellation). */
export const erfc = (x: number): number => {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const z = x * x;
    const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    const y = r / s;
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (a < 1.25) {
    const s = a - 1;
    const p = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const q = 1 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return x >= 0 ? 1 - erx - p / q : 1 + (erx + p / q);
  }
  if (a < 28) {
    if (x < -6) return 2;
    const t = erfcTail(a);
    return x > 0 ? t : 2 - t;
  }
  return x > 0 ? 0 : 2;
};

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * The standard normal CDF Φ(x), accurate in both tails.
 *
 * @example
 * ```ts
 * ndtr(0); // 0.5
 * ```
 */
export const ndtr = (x: number): number => {
  const z = x * SQRT1_2;
  if (z < -SQRT1_2) return 0.5 * erfc(-z);
  if (z < SQRT1_2) return 0.5 + 0.5 * erf(z);
  return 1 - 0.5 * erfc(z);
};

/**
 * log Φ(x), finite far into the left tail (asymptotic series below −20, as SciPy/Optuna do) and accurate
 * on the right, where Φ(x) rounds towards 1: there it is log1p(−Φ(−x)) (Optuna takes log Φ(x) up to 6 and
 * −Φ(−x) beyond, which lose up to ~1e-7 of 1 − Φ near 6; the quantile of q near 1 inherited that).
 *
 * @example
 * ```ts
 * logNdtr(-40); // ≈ -804.6
 * ```
 */
export const logNdtr = (a: number): number => {
  if (a > 0) return Math.log1p(-ndtr(-a));
  if (a > -20) return Math.log(ndtr(a));
  const logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denomFactor = 1;
  const denomCons = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON && i < 100; i++) {
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + Math.log(rhs);
};

const logDiff = (logP: number, logQ: number): number => logP + Math.log1p(-Math.exp(logQ - logP));

/** log(e^p + e^q) without overflow. */
export const logAddExp = (p: number, q: number): number => {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  const m = Math.max(p, q);
  return m + Math.log1p(Math.exp(-Math.abs(p - q)));
};

/**
 * log of the standard normal mass on [a, b] (a ≤ b), computed on the side where it does not cancel.
 *
 * @example
 * ```ts
 * Math.exp(logGaussMass(-1, 1)); // 0.6827
 * ```
 */
export const logGaussMass = (a: number, b: number): number => {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
};

/**
 * The standard normal log density.
 *
 * @example
 * ```ts
 * normLogPdf(0); // -0.9189
 * ```
 */
export const normLogPdf = (x: number): number => -0.5 * x * x - LOG_SQRT_2PI;

// Acklam's rational approximation of Φ⁻¹ (relative error ≈ 1e-9); refined by Newton steps below.
const ia = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
] as const;
const ib = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
] as const;
const ic = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const id = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;

const acklam = (p: number): number => {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((ic[0] * q + ic[1]) * q + ic[2]) * q + ic[3]) * q + ic[4]) * q + ic[5]) /
      ((((id[0] * q + id[1]) * q + id[2]) * q + id[3]) * q + 1)
    );
  }
  if (p > 1 - 0.02425) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((ia[0] * r + ia[1]) * r + ia[2]) * r + ia[3]) * r + ia[4]) * r + ia[5]) * q) /
    (((((ib[0] * r + ib[1]) * r + ib[2]) * r + ib[3]) * r + ib[4]) * r + 1)
  );
};

/**
 * Φ⁻¹(q), the standard normal quantile, for q in (0, 1): Acklam's approximation (≈ 1e-9) refined by one
 * Halley step on Φ, Acklam's own refinement, which leaves ~1e-16 relative error. Cheaper than
 * {@link ndtriExp} (one Φ instead of log-space Newton steps) where q itself is representable.
 *
 * @example
 * ```ts
 * ndtri(0.975); // 1.959963984540054
 * ```
 */
export const ndtri = (q: number): number => {
  if (!(q > 0 && q < 1)) return q === 0 ? -Infinity : q === 1 ? Infinity : NaN;
  // Refine on the lower tail, where Φ(x) − q has no cancellation; 1 − q is exact for q ≥ ½.
  if (q > 0.5) return -ndtri(1 - q);
  const x = acklam(q);
  const u = (ndtr(x) - q) * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
};

/**
 * The inverse of {@link logNdtr}: x with log Φ(x) = y (y ≤ 0). Works where Φ(x) underflows.
 *
 * @example
 * ```ts
 * ndtriExp(Math.log(0.975)); // 1.95996
 * ```
 */
export const ndtriExp = (y: number): number => {
  if (y >= 0) return Infinity;
  if (y === -Infinity) return -Infinity;
  // A starting point: Acklam where Φ(x) is representable, the tail asymptote −√(−2y) beyond.
  let x: number;
  if (y > -700) {
    const p = Math.exp(y);
    x = p > 0.5 ? -acklam(-Math.expm1(y)) : acklam(p);
  } else {
    const t = -2 * y;
    x = -Math.sqrt(t - Math.log(t * 2 * Math.PI));
  }
  // Newton on log Φ: d/dx log Φ(x) = φ(x)/Φ(x).
  for (let i = 0; i < 4; i++) {
    const l = logNdtr(x);
    const step = (l - y) / Math.exp(normLogPdf(x) - l);
    if (!Number.isFinite(step)) break;
    x -= step;
    // Quadratic convergence: after a step below 1e-8 the remaining error is ~1e-16 relative.
    if (Math.abs(step) <= 1e-8 * Math.max(1, Math.abs(x))) break;
  }
  return x;
};

/**
 * The quantile of the standard normal truncated to [a, b] at q ∈ [0, 1] (Optuna's `_truncnorm.ppf`).
 *
 * @example
 * ```ts
 * truncNormPpf(0.5, -1, 1); // 0
 * ```
 */
export const truncNormPpf = (q: number, a: number, b: number): number => {
  if (q <= 0) return a;
  if (q >= 1) return b;
  // Bounds so far out that their tails, Φ(a) and Φ(−b) (each < e^(−z²/2) for |z| ≥ 1), are below
  // 4e-18·min(q, 1 − q): truncation moves the quantile by less than rounding does, so skip its log-space
  // arithmetic (most TPE kernels sit far from the bounds).
  const t = 2 * (40 - Math.log(Math.min(q, 1 - q)));
  if (a < -1 && b > 1 && a * a > t && b * b > t) return Math.min(b, Math.max(a, ndtri(q)));
  const mass = logGaussMass(a, b);
  let x: number;
  if (a < 0) x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + mass));
  else x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + mass));
  return Math.min(b, Math.max(a, x));
};

/**
 * log density of N(μ, σ²) truncated to [low, high] at x (−∞ outside).
 *
 * @example
 * ```ts
 * truncNormLogPdf(0.5, 0.5, 1, 0, 1); // log density of N(0.5, 1) renormalised over [0, 1]
 * ```
 */
export const truncNormLogPdf = (x: number, mu: number, sigma: number, low: number, high: number): number => {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  return normLogPdf(z) - Math.log(sigma) - logGaussMass((low - mu) / sigma, (high - mu) / sigma);
};
