import { truncNormPpf } from '../../math/truncNormal.js';

/**
 * A multivariate product-kernel density as statsmodels' `KDEMultivariate` with `bw="normal_reference"`
 * (what HpBandSter's BOHB fits): per dimension h = 1.06·std·n^(−1/(d+4)) (population std, also for
 * categorical columns), floored at `minBandwidth`; Gaussian kernels for numeric dimensions (not
 * truncated, as statsmodels), Aitchison–Aitken kernels for categoricals (mass 1 − h on the datum's
 * choice, h/(L − 1) on each other one, where L is the number of distinct choices **in the data**, as
 * statsmodels counts it — so a column holding one choice gives an infinite density off it, which
 * {@link bohbSampler} handles as HpBandSter does).
 */
export interface BohbKde {
  readonly data: ReadonlyArray<ReadonlyArray<number>>;
  readonly bandwidths: ReadonlyArray<number>;
  /** Per dimension: 0 for numeric, the number of choices for a categorical. */
  readonly kinds: ReadonlyArray<number>;
  /** Per dimension: 0 for numeric, the number of distinct choices in `data` for a categorical. */
  readonly levels: ReadonlyArray<number>;
}

/**
 * Fits a KDE to rows of equal length.
 *
 * @example
 * ```ts
 * fitBohbKde([[0.1], [0.3], [0.2]], [0], 1e-3).bandwidths; // [1.06 · 0.0816 · 3^(−1/5)]
 * ```
 */
export const fitBohbKde = (
  data: ReadonlyArray<ReadonlyArray<number>>,
  kinds: ReadonlyArray<number>,
  minBandwidth: number,
): BohbKde => {
  const n = data.length;
  const d = kinds.length;
  const bandwidths = kinds.map((_, j) => {
    let m = 0;
    for (const r of data) m += r[j] as number;
    m /= n;
    let v = 0;
    for (const r of data) v += ((r[j] as number) - m) ** 2;
    const h = 1.06 * Math.sqrt(v / n) * Math.pow(n, -1 / (d + 4));
    return Math.max(minBandwidth, h);
  });
  const levels = kinds.map((c, j) => (c === 0 ? 0 : new Set(data.map((r) => r[j])).size));
  return { data, bandwidths, kinds, levels };
};

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The density of `kde` at `x` (statsmodels' `pdf`): the mean over data rows of the product of the
 * per-dimension kernels. IEEE arithmetic as numpy's: a one-level categorical column gives +∞ off its
 * choice, and ∞ · 0 gives NaN.
 *
 * @example
 * ```ts
 * bohbKdePdf(fitBohbKde([[0.5]], [0], 0.1), [0.5]); // 1 / (0.1·√(2π))
 * ```
 */
export const bohbKdePdf = (kde: BohbKde, x: ReadonlyArray<number>): number => {
  let sum = 0;
  for (const r of kde.data) {
    let p = 1;
    for (let j = 0; j < kde.kinds.length; j++) {
      const h = kde.bandwidths[j] as number;
      if (kde.kinds[j] === 0) {
        const z = ((x[j] as number) - (r[j] as number)) / h;
        p *= (INV_SQRT_2PI * Math.exp(-0.5 * z * z)) / h;
      } else p *= x[j] === r[j] ? 1 - h : h / ((kde.levels[j] as number) - 1);
    }
    sum += p;
  }
  return sum / kde.data.length;
};

/**
 * One candidate drawn as HpBandSter's BOHB does: a uniformly chosen datum of the good KDE; numeric
 * dimensions from a normal centred there with scale `bandwidthFactor`·h, truncated to [0, 1];
 * categoricals keep the datum's choice with probability 1 − h, else a uniform choice.
 *
 * @example
 * ```ts
 * const x = sampleBohbKde(good, 3, next);
 * ```
 */
export const sampleBohbKde = (kde: BohbKde, bandwidthFactor: number, next: () => number): number[] => {
  const datum = kde.data[Math.min(kde.data.length - 1, Math.floor(next() * kde.data.length))] as ReadonlyArray<number>;
  return kde.kinds.map((c, j) => {
    const m = datum[j] as number;
    const h = kde.bandwidths[j] as number;
    if (c === 0) {
      const bw = bandwidthFactor * h;
      return m + bw * truncNormPpf(next(), -m / bw, (1 - m) / bw);
    }
    return next() < 1 - h ? m : Math.min(c - 1, Math.floor(next() * c));
  });
};
