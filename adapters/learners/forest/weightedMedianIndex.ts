/**
 * A multiset of weighted numbers, drawn from a fixed sorted list of distinct values, that answers "the
 * sum of absolute deviations from a weighted median" in O(log m): two Fenwick trees over the values'
 * ranks, one of weights and one of weight × value. The absolute-error split search moves samples from
 * the right child to the left one a position at a time, so each step is two updates and two queries
 * instead of the O(n) rescan a plain median needs (scikit-learn keeps two sorted heaps for the same).
 *
 * The minimal sum Σ wᵢ·|yᵢ − m| is the same for every weighted median m, so the impurity does not
 * depend on how ties between two middle values are broken; only the leaf value does (`median`).
 *
 * @example
 * ```ts
 * const ix = new WeightedMedianIndex(Float64Array.of(1, 2, 10));
 * ix.add(0, 1); ix.add(1, 1); ix.add(2, 1);
 * ix.absoluteDeviation(); // 9: |1−2| + |2−2| + |10−2|
 * ```
 */
export class WeightedMedianIndex {
  private readonly w: Float64Array;
  private readonly s: Float64Array;
  private readonly top: number;
  /** Total weight held. */
  weight = 0;
  /** Total weight × value held. */
  sum = 0;

  /** `values`: the distinct values, ascending; samples are added by their rank in it. */
  constructor(readonly values: Float64Array) {
    this.w = new Float64Array(values.length + 1);
    this.s = new Float64Array(values.length + 1);
    let top = 1;
    while (top * 2 <= values.length) top *= 2;
    this.top = top;
  }

  /** Adds weight `weight` (negative to remove) at value rank `rank`. */
  add(rank: number, weight: number): void {
    const ws = weight * (this.values[rank] as number);
    this.weight += weight;
    this.sum += ws;
    const n = this.values.length;
    for (let i = rank + 1; i <= n; i += i & -i) {
      this.w[i] = (this.w[i] as number) + weight;
      this.s[i] = (this.s[i] as number) + ws;
    }
  }

  /** Empties the index. */
  clear(): void {
    this.w.fill(0);
    this.s.fill(0);
    this.weight = 0;
    this.sum = 0;
  }

  /** Copies the content of another index over the same values. */
  copyFrom(other: WeightedMedianIndex): void {
    this.w.set(other.w);
    this.s.set(other.s);
    this.weight = other.weight;
    this.sum = other.sum;
  }

  /**
   * The rank of the lowest value whose cumulative weight reaches `target`, with the weight and weighted
   * sum strictly below it: a Fenwick descent.
   */
  private lowest(target: number): { rank: number; below: number; belowSum: number } {
    let pos = 0;
    let below = 0;
    let belowSum = 0;
    const n = this.values.length;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && below + (this.w[next] as number) < target) {
        pos = next;
        below += this.w[next] as number;
        belowSum += this.s[next] as number;
      }
    }
    return { rank: pos, below, belowSum };
  }

  /** Σ wᵢ·|yᵢ − m| at a weighted median m; 0 when empty. */
  absoluteDeviation(): number {
    if (this.weight <= 0) return 0;
    const { rank, below, belowSum } = this.lowest(this.weight / 2);
    const m = this.values[Math.min(rank, this.values.length - 1)] as number;
    // Values below the median contribute m·W₋ − S₋; the rest (the median's own included) S₊ − m·W₊.
    return m * below - belowSum + (this.sum - belowSum) - m * (this.weight - below);
  }

  /**
   * scikit-learn's weighted median: the lowest value whose cumulative weight reaches half the total;
   * when it reaches exactly half, the mean of that value and the next one held.
   */
  median(): number {
    const half = this.weight / 2;
    const { rank, below } = this.lowest(half);
    const n = this.values.length;
    const at = Math.min(rank, n - 1);
    const m = this.values[at] as number;
    const upTo = below + this.weightAt(at);
    if (Math.abs(upTo - half) > 1e-12 * Math.max(1, this.weight)) return m;
    const next = this.lowest(upTo + 1e-9 * Math.max(1, this.weight)).rank;
    return next < n ? (m + (this.values[next] as number)) / 2 : m;
  }

  private weightAt(rank: number): number {
    let total = 0;
    for (let i = rank + 1; i > 0; i -= i & -i) total += this.w[i] as number;
    let before = 0;
    for (let i = rank; i > 0; i -= i & -i) before += this.w[i] as number;
    return total - before;
  }
}
