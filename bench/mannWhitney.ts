import { ndtr } from '../strategies/math/truncNormal.js';

/** A two-sided Mann–Whitney U test of two samples. */
export interface MannWhitney {
  /** U of the first sample (the number of pairs it wins, ties counting ½). */
  readonly u: number;
  /** Two-sided p-value, normal approximation with tie and continuity corrections. */
  readonly p: number;
  /** P(a < b) + ½P(a = b): below ½ when `a` tends to be smaller. */
  readonly effect: number;
}

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) of `a` against `b`, as scipy's
 * `mannwhitneyu(a, b, alternative='two-sided', method='asymptotic')`: ranks over the pooled sample
 * (mid-ranks for ties), U₁ = R₁ − n₁(n₁+1)/2, z with the tie-corrected variance and a ½ continuity
 * correction.
 *
 * @example
 * ```ts
 * mannWhitney([1, 2, 3], [4, 5, 6]).effect; // 1 (every a is smaller)
 * ```
 */
export const mannWhitney = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): MannWhitney => {
  const n1 = a.length;
  const n2 = b.length;
  const pooled = [...a.map((v) => [v, 0] as const), ...b.map((v) => [v, 1] as const)].sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(pooled.length);
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (
      j + 1 < pooled.length &&
      (pooled[j + 1] as readonly [number, number])[0] === (pooled[i] as readonly [number, number])[0]
    )
      j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = r;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  let r1 = 0;
  pooled.forEach(([, g], i) => {
    if (g === 0) r1 += ranks[i] as number;
  });
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = sd === 0 ? 0 : (Math.abs(u1 - mu) - 0.5) / sd;
  const p = Math.min(1, 2 * (1 - ndtr(Math.max(0, z))));
  // u1 counts pairs where a > b: the chance a is smaller is 1 − u1/(n1 n2).
  return { u: u1, p, effect: 1 - u1 / (n1 * n2) };
};
