/**
 * The summary statistics of the benchmark protocol (bench/reference/README.md "Statistics"): quantiles with
 * linear interpolation between order statistics, numpy's default (R type 7), so medians and IQRs here
 * are comparable with the Optuna reference tables.
 */
import { quantileOfSorted } from '../strategies/math/sorted.js';

/**
 * The q-quantile of `xs` (numpy `percentile(xs, 100q)`, linear). NaN for an empty list.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export const quantile = (xs: ReadonlyArray<number>, q: number): number =>
  quantileOfSorted(
    [...xs].sort((x, y) => x - y),
    q,
  );

/** The median (numpy linear). */
export const median = (xs: ReadonlyArray<number>): number => quantile(xs, 0.5);

/** The arithmetic mean. NaN for an empty list. */
export const mean = (xs: ReadonlyArray<number>): number =>
  xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Four significant digits, as the baseline tables print them: `0.1984`, `3110`, `5.67e+04`.
 *
 * @example
 * ```ts
 * fmt(56700.3); // '5.67e+04'
 * ```
 */
export const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const ax = Math.abs(x);
  // numpy/Python print two exponent digits (5.67e+04); JS prints one.
  if (ax !== 0 && (ax >= 1e4 || ax < 1e-3)) return x.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(Number(x.toPrecision(4)));
};

/**
 * `median [q25, q75]` of `xs`, formatted like the reference tables.
 *
 * @example
 * ```ts
 * medianIqr([1, 2, 3, 4]); // '2.5 [1.75, 3.25]'
 * ```
 */
export const medianIqr = (xs: ReadonlyArray<number>): string =>
  `${fmt(median(xs))} [${fmt(quantile(xs, 0.25))}, ${fmt(quantile(xs, 0.75))}]`;

/**
 * A markdown table from a header and rows.
 *
 * @example
 * ```ts
 * markdownTable(['a', 'b'], [['1', '2']]); // '| a | b |\n|---|---|\n| 1 | 2 |'
 * ```
 */
export const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [header, header.map(() => '---'), ...rows]
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n')
    .replace(/\| --- /g, '|---');

/**
 * Mid-ranks (1-based, ties share the mean of their ranks) of `xs`, in the order of `xs`.
 *
 * @example
 * ```ts
 * midRanks([10, 30, 20, 20]); // [1, 4, 2.5, 2.5]
 * ```
 */
export const midRanks = (xs: ReadonlyArray<number>): number[] => {
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number));
  const ranks = new Array<number>(xs.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1] as number] === xs[order[i] as number]) j++;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
};
