/**
 * The benchmark test functions, written exactly as problems.json's `formula` strings and conventions
 * say (squares as y*y, sums from 0.0 in ascending index order, Math.* transcendentals, 2π = 2*Math.PI)
 * so results agree with the Python reference to ~1e-16 relative. All are minimised.
 */
import type { ParamJson } from './problemJson.js';

const TWO_PI = 2 * Math.PI;

/**
 * The unit transform of a numeric parameter: log-space if `p.log`, linear otherwise (ints included).
 *
 * @example
 * ```ts
 * unitValue({ name: 'lr', type: 'float', low: 1e-4, high: 1, log: true }, 1e-2); // 0.5
 * ```
 */
export const unitValue = (p: ParamJson, v: number): number => {
  const lo = p.low as number;
  const hi = p.high as number;
  return p.log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
};

/**
 * Hartmann: −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²), any dimension (3 and 6 in the literature).
 *
 * @example
 * ```ts
 * hartmann([0.5, 0.5, 0.5], alpha, A, P); // -0.6280220150705942 with the Hartmann-3 constants
 * ```
 */
export const hartmann = (
  x: ReadonlyArray<number>,
  alpha: ReadonlyArray<number>,
  A: ReadonlyArray<ReadonlyArray<number>>,
  P: ReadonlyArray<ReadonlyArray<number>>,
): number => {
  let outer = 0.0;
  for (let i = 0; i < alpha.length; i++) {
    const a = A[i] as ReadonlyArray<number>;
    const p = P[i] as ReadonlyArray<number>;
    let inner = 0.0;
    for (let j = 0; j < x.length; j++) {
      const d = (x[j] as number) - (p[j] as number);
      inner += (a[j] as number) * (d * d);
    }
    outer += (alpha[i] as number) * Math.exp(-inner);
  }
  return -outer;
};

/**
 * Branin–Hoo on x0∈[−5,10], x1∈[0,15]; b, c and t are fixed (5.1/(4π²), 5/π, 1/(8π)).
 *
 * @example
 * ```ts
 * branin([Math.PI, 2.275], { a: 1, r: 6, s: 10 }); // 0.39788735772973816
 * ```
 */
export const branin = (
  x: ReadonlyArray<number>,
  c: { readonly a: number; readonly r: number; readonly s: number },
): number => {
  const x1 = x[0] as number;
  const x2 = x[1] as number;
  const b = 5.1 / (4.0 * Math.PI * Math.PI);
  const cc = 5.0 / Math.PI;
  const t = 1.0 / (8.0 * Math.PI);
  const y = x2 - b * (x1 * x1) + cc * x1 - c.r;
  return c.a * (y * y) + c.s * (1.0 - t) * Math.cos(x1) + c.s;
};

/**
 * Rosenbrock: Σ_{i<d−1} 100(x_{i+1} − x_i²)² + (x_i − 1)²; 0 at (1, …, 1).
 *
 * @example
 * ```ts
 * rosenbrock([1, 1, 1, 1, 1]); // 0
 * ```
 */
export const rosenbrock = (x: ReadonlyArray<number>): number => {
  let s = 0.0;
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i] as number;
    const d1 = (x[i + 1] as number) - xi * xi;
    const d2 = xi - 1.0;
    s += 100.0 * (d1 * d1) + d2 * d2;
  }
  return s;
};

/**
 * Ackley: −a·exp(−b·√(S1/d)) − exp(S2/d) + a + e, evaluated left to right; 0 at the origin.
 *
 * @example
 * ```ts
 * ackley(new Array(10).fill(0), { a: 20, b: 0.2 }); // ~4.4e-16
 * ```
 */
export const ackley = (x: ReadonlyArray<number>, c: { readonly a: number; readonly b: number }): number => {
  const d = x.length;
  let s1 = 0.0;
  let s2 = 0.0;
  for (const xi of x) {
    s1 += xi * xi;
    s2 += Math.cos(TWO_PI * xi);
  }
  return -c.a * Math.exp(-c.b * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + c.a + Math.E;
};

/**
 * Rastrigin: A·d + Σ (x_i² − A·cos 2πx_i), the accumulator starting at A·d; 0 at the origin.
 *
 * @example
 * ```ts
 * rastrigin([0, 0], { A: 10 }); // 0
 * ```
 */
export const rastrigin = (x: ReadonlyArray<number>, c: { readonly A: number }): number => {
  let s = c.A * x.length;
  for (const xi of x) s += xi * xi - c.A * Math.cos(TWO_PI * xi);
  return s;
};

/**
 * Styblinski–Tang: ½ Σ (x_i⁴ − 16x_i² + 5x_i) on [−5,5]^d; −39.16616570377141·d at x_i = −2.903534….
 *
 * @example
 * ```ts
 * styblinskiTang([-2.903534027771177, -2.903534027771177]); // ≈ -78.3323314075428
 * ```
 */
export const styblinskiTang = (x: ReadonlyArray<number>): number => {
  let s = 0.0;
  for (const xi of x) {
    const x2 = xi * xi;
    s += x2 * x2 - 16.0 * x2 + 5.0 * xi;
  }
  return 0.5 * s;
};

/**
 * Levy on [−10,10]^d with w = 1 + (x − 1)/4; 0 at (1, …, 1).
 *
 * @example
 * ```ts
 * levy([1, 1, 1]); // ~2e-32
 * ```
 */
export const levy = (x: ReadonlyArray<number>): number => {
  const d = x.length;
  const w = x.map((xi) => 1.0 + (xi - 1.0) / 4.0);
  const s0 = Math.sin(Math.PI * (w[0] as number));
  let s = s0 * s0;
  for (let i = 0; i < d - 1; i++) {
    const wi = (w[i] as number) - 1.0;
    const si = Math.sin(Math.PI * (w[i] as number) + 1.0);
    s += wi * wi * (1.0 + 10.0 * (si * si));
  }
  const wd = (w[d - 1] as number) - 1.0;
  const sd = Math.sin(TWO_PI * (w[d - 1] as number));
  s += wd * wd * (1.0 + sd * sd);
  return s;
};

/**
 * Six-hump camel on x0∈[−3,3], x1∈[−2,2]; −1.0316284534898774 at ±(0.0898420…, −0.7126564…).
 *
 * @example
 * ```ts
 * sixHumpCamel([0.08984201310031807, -0.7126564030207396]); // -1.0316284534898774
 * ```
 */
export const sixHumpCamel = (x: ReadonlyArray<number>): number => {
  const x1 = x[0] as number;
  const x2 = x[1] as number;
  const x1s = x1 * x1;
  const x2s = x2 * x2;
  return (4.0 - 2.1 * x1s + (x1s * x1s) / 3.0) * x1s + x1 * x2 + (-4.0 + 4.0 * x2s) * x2s;
};

/** A known global minimum of a standard function: its value and one minimiser. */
export interface KnownOptimum {
  readonly f: (x: ReadonlyArray<number>) => number;
  readonly domain: ReadonlyArray<readonly [number, number]>;
  readonly value: number;
  readonly x: ReadonlyArray<number>;
}

const ST_X = -2.903534027771177;

/**
 * The standard functions of ALGORITHMS.md §13.1 that have no problem in problems.json, with their
 * optima (checked numerically in spec/bench), for problem files of your own.
 *
 * @example
 * ```ts
 * const { f, x, value } = knownOptima.sixHumpCamel; f(x) - value; // ~0
 * ```
 */
export const knownOptima = {
  styblinskiTang5: {
    f: styblinskiTang,
    domain: new Array(5).fill([-5, 5] as const),
    value: -39.16616570377141 * 5,
    x: new Array(5).fill(ST_X),
  },
  levy5: { f: levy, domain: new Array(5).fill([-10, 10] as const), value: 0, x: [1, 1, 1, 1, 1] },
  sixHumpCamel: {
    f: sixHumpCamel,
    domain: [
      [-3, 3],
      [-2, 2],
    ],
    value: -1.0316284534898774,
    x: [0.08984201310031807, -0.7126564030207396],
  },
} as const satisfies Readonly<Record<string, KnownOptimum>>;
