import { WeightedMedianIndex } from './weightedMedianIndex.js';

/** How a split is scored: scikit-learn's criteria of the same names. */
export type SplitCriterion = 'gini' | 'entropy' | 'squared_error' | 'absolute_error';

/** The rules a tree grows by (scikit-learn's `DecisionTree*` parameters of the same names). */
export interface TreeRules {
  readonly criterion: SplitCriterion;
  /** Nodes at this depth are leaves (the root is at depth 0). */
  readonly maxDepth: number;
  /** A node with fewer samples is a leaf. */
  readonly minSamplesSplit: number;
  /** Each child of a split keeps at least this many samples. */
  readonly minSamplesLeaf: number;
  /** Features drawn (without replacement) at each split; constant ones do not count. */
  readonly maxFeatures: number;
}

/**
 * The training data of a forest, shared by its trees: features column-major (`cols[f · rows + i]`),
 * each feature's rows in ascending order of its value (sorted once per forest), and the targets: class
 * indices in [0, classes) for classification (`classes` > 0), numbers for regression (`classes` = 0).
 */
export interface TreeData {
  readonly rows: number;
  readonly features: number;
  readonly cols: Float64Array;
  readonly sorted: ReadonlyArray<Uint32Array>;
  readonly y: Float64Array;
  readonly classes: number;
}

/**
 * A fitted tree in flat arrays: node i is a leaf when `feature[i]` is −1; otherwise rows with
 * `x[feature[i]] <= threshold[i]` go to `left[i]`, the others to `right[i]`. `value` holds `width`
 * numbers per node: class probabilities (classification) or the prediction (regression).
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly width: number;
}

// scikit-learn's constants: two values closer than FEATURE_THRESHOLD are one value (no threshold
// between them), and a node whose impurity is at most EPSILON is pure.
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

const xlogx = (v: number): number => (v > 0 ? v * Math.log(v) : 0);

/**
 * Grows one CART tree as scikit-learn does (best split over `maxFeatures` features drawn at each node,
 * thresholds halfway between consecutive distinct values, the criterion's weighted impurity decrease),
 * on rows weighted by `weights` (a bootstrap's counts; rows of weight 0 are out of the tree, and the
 * sample counts of `minSamplesSplit`/`minSamplesLeaf` count distinct rows, as scikit-learn's do).
 *
 * Each feature's rows stay sorted inside every node: a split partitions every feature's list stably
 * (O(rows · features) per tree level) so no node sorts again. That is the classic presorted CART; it
 * makes a split search O(node rows) per feature drawn.
 *
 * @example
 * ```ts
 * const tree = growTree(data, weights, { criterion: 'gini', maxDepth: 50, minSamplesSplit: 2,
 *   minSamplesLeaf: 1, maxFeatures: 8 }, next);
 * ```
 */
export const growTree = (data: TreeData, weights: Float64Array, rules: TreeRules, next: () => number): Tree => {
  const { rows: N, features: F, cols, y, classes: K } = data;
  const classify = K > 0;
  const width = classify ? K : 1;
  let n0 = 0;
  for (let i = 0; i < N; i++) if ((weights[i] as number) > 0) n0++;
  // Every feature's in-tree rows in ascending order of that feature, one block of n0 per feature.
  const lists = new Uint32Array(F * n0);
  for (let f = 0; f < F; f++) {
    const src = data.sorted[f] as Uint32Array;
    let o = f * n0;
    for (let k = 0; k < N; k++) {
      const r = src[k] as number;
      if ((weights[r] as number) > 0) lists[o++] = r;
    }
  }
  // The in-tree rows, partitioned at every split like the lists (whose constant features stop being
  // partitioned): each node's rows are members[start, end).
  const members = lists.slice(0, n0);
  const tmp = new Uint32Array(n0);
  const goesLeft = new Uint8Array(N);
  // Stable partition of arr[from, to): the rows that go left first, in their order, then the others.
  const partition = (arr: Uint32Array, from: number, to: number): void => {
    let a = from;
    let b = 0;
    for (let p = from; p < to; p++) {
      const r = arr[p] as number;
      if (goesLeft[r] === 1) arr[a++] = r;
      else tmp[b++] = r;
    }
    arr.set(tmp.subarray(0, b), a);
  };
  const perm = new Int32Array(F);
  for (let f = 0; f < F; f++) perm[f] = f;
  const total = new Float64Array(width);
  const leftCounts = new Float64Array(width);
  const localRank = new Int32Array(N);

  const feature: number[] = [];
  const threshold: number[] = [];
  const leftChild: number[] = [];
  const rightChild: number[] = [];
  const value: number[] = [];
  const newNode = (): number => {
    feature.push(-1);
    threshold.push(0);
    leftChild.push(-1);
    rightChild.push(-1);
    for (let k = 0; k < width; k++) value.push(0);
    return feature.length - 1;
  };

  // A node's features known to be constant in it (so in all its descendants): never drawn again, and
  // their lists are no longer partitioned (nothing reads them below). On wide data such as digits most
  // pixels are constant deep in a tree; this skips most of the partitioning there.
  type Frame = readonly [node: number, start: number, end: number, depth: number, constant: Uint8Array];
  const stack: Frame[] = [[newNode(), 0, n0, 0, new Uint8Array(F)]];
  while (stack.length > 0) {
    const [node, start, end, depth, constant] = stack.pop() as Frame;
    const n = end - start;
    // The node's weighted statistics.
    total.fill(0);
    let W = 0;
    let S = 0;
    let SS = 0;
    for (let p = start; p < end; p++) {
      const r = members[p] as number;
      const w = weights[r] as number;
      W += w;
      if (classify) {
        const c = y[r] as number;
        total[c] = (total[c] as number) + w;
      } else {
        const v = y[r] as number;
        S += w * v;
        SS += w * v * v;
      }
    }
    let impurity: number;
    let full: WeightedMedianIndex | undefined;
    // Σ c² and Σ c·ln c of the node's class weights: its impurity, and the right child's sums before a scan.
    let sqTotal = 0;
    let entTotal = 0;
    if (classify) {
      for (let k = 0; k < K; k++) {
        const c = total[k] as number;
        sqTotal += c * c;
        entTotal += xlogx(c);
        value[node * width + k] = c / W;
      }
      impurity = rules.criterion === 'entropy' ? (xlogx(W) - entTotal) / W : 1 - sqTotal / (W * W);
    } else if (rules.criterion === 'absolute_error') {
      // The node's distinct targets, ascending, and each row's rank among them.
      const ys = new Float64Array(n);
      for (let p = start; p < end; p++) ys[p - start] = y[members[p] as number] as number;
      ys.sort();
      let m = 0;
      for (let k = 0; k < n; k++) if (k === 0 || ys[k] !== ys[m - 1]) ys[m++] = ys[k] as number;
      const uniq = ys.slice(0, m);
      full = new WeightedMedianIndex(uniq);
      for (let p = start; p < end; p++) {
        const r = members[p] as number;
        const v = y[r] as number;
        let lo = 0;
        let hi = m - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((uniq[mid] as number) < v) lo = mid + 1;
          else hi = mid;
        }
        localRank[r] = lo;
        full.add(lo, weights[r] as number);
      }
      value[node] = full.median();
      impurity = full.absoluteDeviation() / W;
    } else {
      const mean = S / W;
      value[node] = mean;
      impurity = SS / W - mean * mean;
    }

    const msl = rules.minSamplesLeaf;
    if (depth >= rules.maxDepth || n < rules.minSamplesSplit || n < 2 * msl || impurity <= EPSILON) continue;

    // Best split over up to maxFeatures non-constant features drawn without replacement.
    let bestScore = -Infinity;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    // A better split: feature f, left child up to position p, threshold halfway between x0 and x1
    // (x0 when rounding would put it on x1, as scikit-learn).
    const keep = (score: number, f: number, p: number, x0: number, x1: number): void => {
      bestScore = score;
      bestFeature = f;
      bestPos = p;
      bestThreshold = x0 / 2 + x1 / 2;
      if (bestThreshold === x1 || !Number.isFinite(bestThreshold)) bestThreshold = x0;
    };
    let drawn = 0;
    let visited = 0;
    const left = full && new WeightedMedianIndex(full.values);
    const right = full && new WeightedMedianIndex(full.values);
    while (drawn < F && visited < rules.maxFeatures) {
      const j = drawn + Math.min(F - drawn - 1, Math.floor(next() * (F - drawn)));
      const f = perm[j] as number;
      perm[j] = perm[drawn] as number;
      perm[drawn] = f;
      drawn++;
      if (constant[f] === 1) continue;
      const base = f * N;
      const seg = f * n0;
      const lo = cols[base + (lists[seg + start] as number)] as number;
      const hi = cols[base + (lists[seg + end - 1] as number)] as number;
      if (hi <= lo + FEATURE_THRESHOLD) continue; // constant here: not counted
      visited++;
      let wl = 0;
      let nl = 0;
      if (classify) {
        leftCounts.fill(0);
        let sqL = 0;
        let sqR = sqTotal;
        let entL = 0;
        let entR = entTotal;
        const gini = rules.criterion === 'gini';
        for (let p = start; p < end - 1; p++) {
          const r = lists[seg + p] as number;
          const w = weights[r] as number;
          const c = y[r] as number;
          const l = leftCounts[c] as number;
          const rc = (total[c] as number) - l;
          if (gini) {
            sqL += w * (2 * l + w);
            sqR -= w * (2 * rc - w);
          } else {
            entL += xlogx(l + w) - xlogx(l);
            entR += xlogx(rc - w) - xlogx(rc);
          }
          leftCounts[c] = l + w;
          wl += w;
          nl++;
          const x0 = cols[base + r] as number;
          const x1 = cols[base + (lists[seg + p + 1] as number)] as number;
          if (x1 <= x0 + FEATURE_THRESHOLD || nl < msl || n - nl < msl) continue;
          const wr = W - wl;
          const score = gini ? sqL / wl + sqR / wr : -(xlogx(wl) - entL + xlogx(wr) - entR);
          if (score > bestScore) keep(score, f, p, x0, x1);
        }
      } else if (left && right && full) {
        left.clear();
        right.copyFrom(full);
        for (let p = start; p < end - 1; p++) {
          const r = lists[seg + p] as number;
          const w = weights[r] as number;
          left.add(localRank[r] as number, w);
          right.add(localRank[r] as number, -w);
          nl++;
          const x0 = cols[base + r] as number;
          const x1 = cols[base + (lists[seg + p + 1] as number)] as number;
          if (x1 <= x0 + FEATURE_THRESHOLD || nl < msl || n - nl < msl) continue;
          const score = -(left.absoluteDeviation() + right.absoluteDeviation());
          if (score > bestScore) keep(score, f, p, x0, x1);
        }
      } else {
        let sl = 0;
        for (let p = start; p < end - 1; p++) {
          const r = lists[seg + p] as number;
          const w = weights[r] as number;
          sl += w * (y[r] as number);
          wl += w;
          nl++;
          const x0 = cols[base + r] as number;
          const x1 = cols[base + (lists[seg + p + 1] as number)] as number;
          if (x1 <= x0 + FEATURE_THRESHOLD || nl < msl || n - nl < msl) continue;
          const sr = S - sl;
          const score = (sl * sl) / wl + (sr * sr) / (W - wl);
          if (score > bestScore) keep(score, f, p, x0, x1);
        }
      }
    }
    if (bestFeature < 0) continue;

    // Split: every feature's list of this node is partitioned stably, left rows first.
    const seg = bestFeature * n0;
    for (let p = start; p < end; p++) goesLeft[lists[seg + p] as number] = p <= bestPos ? 1 : 0;
    const mid = bestPos + 1;
    partition(members, start, end);
    const constantL = constant.slice();
    const constantR = constant.slice();
    for (let f = 0; f < F; f++) {
      if (constant[f] === 1) continue;
      const o = f * n0;
      const base = f * N;
      if (f !== bestFeature) partition(lists, o + start, o + end);
      const v = (p: number): number => cols[base + (lists[o + p] as number)] as number;
      if (v(mid - 1) <= v(start) + FEATURE_THRESHOLD) constantL[f] = 1;
      if (v(end - 1) <= v(mid) + FEATURE_THRESHOLD) constantR[f] = 1;
    }
    const l = newNode();
    const r = newNode();
    feature[node] = bestFeature;
    threshold[node] = bestThreshold;
    leftChild[node] = l;
    rightChild[node] = r;
    stack.push([r, mid, end, depth + 1, constantR], [l, start, mid, depth + 1, constantL]);
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(leftChild),
    right: Int32Array.from(rightChild),
    value: Float64Array.from(value),
    width,
  };
};

/** The node a row of features ends in. */
export const leafOf = (tree: Tree, x: ArrayLike<number>): number => {
  let i = 0;
  while ((tree.feature[i] as number) >= 0)
    i =
      (x[tree.feature[i] as number] as number) <= (tree.threshold[i] as number)
        ? (tree.left[i] as number)
        : (tree.right[i] as number);
  return i;
};
