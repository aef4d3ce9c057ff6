import type { GpModel } from './gpModel.js';
import type { GpParams } from './maternKernel.js';
import { matern52 } from './maternKernel.js';
import { solveLower, solveUpperT, transpose } from '../../math/cholesky.js';

/**
 * A GP whose hyper-parameters stay fixed while observations are appended, with a fixed pool of
 * candidate points, so that an ask costs O(n·m) for the m candidates instead of O(n²·m):
 *
 * - the Cholesky factor of K + σ²I grows by one row per observation (a forward solve, O(n²));
 * - per observation it keeps the kernel to every candidate and the matching row of V = L⁻¹·K(X, C),
 *   so a candidate's posterior variance is s − Σ_i V_i[c]² and its mean Σ_i K_i[c]·α_i.
 *
 * Rows depend only on the rows before them, so appending the observations one by one gives the same
 * numbers, bit for bit, as building from scratch in the same order: a sampler whose cache was lost (a
 * state read back from JSON) rebuilds it and asks exactly as before. Each row has a key (the sampler uses
 * trial slots); {@link IncrementalGp.keepPrefix} drops the rows after the longest prefix shared with a new
 * key list, so an out-of-order arrival only recomputes the rows after it.
 */
export class IncrementalGp {
  private readonly keyList: number[] = [];
  private readonly lRows: Float64Array[] = [];
  private readonly xRows: Float64Array[] = [];
  private readonly kRows: Float64Array[] = [];
  private readonly vRows: Float64Array[] = [];
  private readonly kappa: Float64Array;
  // The candidates row-major in one array, for the kernel loop of push.
  private readonly flat: Float64Array;
  readonly m: number;

  /**
   * @param params the fixed hyper-parameters.
   * @param cat 1 per categorical coordinate (compared by equality), 0 per numeric one.
   * @param candidates the candidate pool, m rows of d coordinates.
   */
  constructor(
    readonly params: GpParams,
    readonly cat: Uint8Array,
    readonly candidates: ReadonlyArray<Float64Array>,
  ) {
    this.kappa = Float64Array.from(params.invSqLengthscales);
    this.m = candidates.length;
    const d = cat.length;
    this.flat = new Float64Array(this.m * d);
    candidates.forEach((c, i) => this.flat.set(c.subarray(0, d), i * d));
  }

  /** The keys of the rows, in order. */
  get keys(): ReadonlyArray<number> {
    return this.keyList;
  }

  /** Rows held. */
  get size(): number {
    return this.keyList.length;
  }

  private k(a: ArrayLike<number>, b: ArrayLike<number>): number {
    const d = this.cat.length;
    let r2 = 0;
    for (let j = 0; j < d; j++) {
      const diff = (a[j] as number) - (b[j] as number);
      r2 += (this.kappa[j] as number) * (this.cat[j] ? (diff === 0 ? 0 : 1) : diff * diff);
    }
    return this.params.scale * matern52(r2);
  }

  /**
   * Drops every row after the longest common prefix of the held keys and `keys`; returns its length.
   *
   * @example
   * ```ts
   * const kept = gp.keepPrefix(slots); // then push slots[kept..] in order
   * ```
   */
  keepPrefix(keys: ReadonlyArray<number>): number {
    let p = 0;
    while (p < this.keyList.length && p < keys.length && this.keyList[p] === keys[p]) p++;
    this.truncate(p);
    return p;
  }

  /** Drops rows from index `p` on. */
  truncate(p: number): void {
    for (const a of [this.keyList, this.lRows, this.xRows, this.kRows, this.vRows]) a.length = Math.min(a.length, p);
  }

  /**
   * Appends an observation at `x`; false (and nothing appended) if the factor would lose positive
   * definiteness (a pivot ≤ 0), which calls for a refit.
   */
  push(key: number, x: ArrayLike<number>): boolean {
    const n = this.keyList.length;
    const p = this.params;
    const xr = Float64Array.from(x);
    const row = new Float64Array(n + 1);
    let diag = p.scale + p.noise;
    for (let j = 0; j < n; j++) {
      const lj = this.lRows[j] as Float64Array;
      let t = this.k(xr, this.xRows[j] as Float64Array);
      for (let q = 0; q < j; q++) t -= (row[q] as number) * (lj[q] as number);
      const v = t / (lj[j] as number);
      row[j] = v;
      diag -= v * v;
    }
    if (!(diag > 0)) return false;
    const lnn = Math.sqrt(diag);
    row[n] = lnn;
    const m = this.m;
    const kr = new Float64Array(m);
    const vr = new Float64Array(m);
    const d = this.cat.length;
    const flat = this.flat;
    const kappa = this.kappa;
    const cat = this.cat;
    for (let c = 0, o = 0; c < m; c++, o += d) {
      let r2 = 0;
      for (let j = 0; j < d; j++) {
        const diff = (xr[j] as number) - (flat[o + j] as number);
        r2 += (kappa[j] as number) * (cat[j] ? (diff === 0 ? 0 : 1) : diff * diff);
      }
      kr[c] = p.scale * matern52(r2);
    }
    vr.set(kr);
    // vr −= Σ_q row[q]·V_q, four rows per pass (one load and store of vr per four products, twice as fast)
    // with the subtractions in the same order as one row at a time, so the numbers do not depend on n mod 4.
    const vs = this.vRows;
    let q = 0;
    for (; q + 3 < n; q += 4) {
      const l0 = row[q] as number;
      const l1 = row[q + 1] as number;
      const l2 = row[q + 2] as number;
      const l3 = row[q + 3] as number;
      const v0 = vs[q] as Float64Array;
      const v1 = vs[q + 1] as Float64Array;
      const v2 = vs[q + 2] as Float64Array;
      const v3 = vs[q + 3] as Float64Array;
      for (let c = 0; c < m; c++)
        vr[c] =
          (vr[c] as number) -
          l0 * (v0[c] as number) -
          l1 * (v1[c] as number) -
          l2 * (v2[c] as number) -
          l3 * (v3[c] as number);
    }
    for (; q < n; q++) {
      const lq = row[q] as number;
      const vq = vs[q] as Float64Array;
      for (let c = 0; c < m; c++) vr[c] = (vr[c] as number) - lq * (vq[c] as number);
    }
    const inv = 1 / lnn;
    for (let c = 0; c < m; c++) vr[c] = (vr[c] as number) * inv;
    this.keyList.push(key);
    this.lRows.push(row);
    this.xRows.push(xr);
    this.kRows.push(kr);
    this.vRows.push(vr);
    return true;
  }

  /**
   * The GP conditioned on the held rows with targets `y` (one per row, in order): a dense
   * {@link GpModel} for gradient-based search, and the posterior mean and variance of every candidate.
   *
   * @example
   * ```ts
   * const { model, mean, variance } = gp.posterior(y);
   * ```
   */
  posterior(y: ArrayLike<number>): { model: GpModel; mean: Float64Array; variance: Float64Array } {
    const n = this.keyList.length;
    const d = this.cat.length;
    const l = new Float64Array(n * n);
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      l.set(this.lRows[i] as Float64Array, i * n);
      x.set(this.xRows[i] as Float64Array, i * d);
    }
    const alpha = Float64Array.from({ length: n }, (_, i) => y[i] as number);
    solveUpperT(l, n, solveLower(l, n, alpha));
    const m = this.m;
    const mean = new Float64Array(m);
    const s2 = new Float64Array(m);
    // Two rows per pass: half the loads and stores of the two accumulators.
    const ks = this.kRows;
    const vs = this.vRows;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a0 = alpha[i] as number;
      const a1 = alpha[i + 1] as number;
      const k0 = ks[i] as Float64Array;
      const k1 = ks[i + 1] as Float64Array;
      const v0 = vs[i] as Float64Array;
      const v1 = vs[i + 1] as Float64Array;
      for (let c = 0; c < m; c++) {
        const w0 = v0[c] as number;
        const w1 = v1[c] as number;
        mean[c] = (mean[c] as number) + a0 * (k0[c] as number) + a1 * (k1[c] as number);
        s2[c] = (s2[c] as number) + w0 * w0 + w1 * w1;
      }
    }
    for (; i < n; i++) {
      const a = alpha[i] as number;
      const kr = ks[i] as Float64Array;
      const vr = vs[i] as Float64Array;
      for (let c = 0; c < m; c++) {
        mean[c] = (mean[c] as number) + a * (kr[c] as number);
        s2[c] = (s2[c] as number) + (vr[c] as number) * (vr[c] as number);
      }
    }
    const variance = Float64Array.from(s2, (v) => Math.max(0, this.params.scale - v));
    return {
      model: {
        inputs: { x, n, d, cat: this.cat },
        params: this.params,
        l,
        alpha,
        lt: transpose(l, n),
        kappa: this.kappa,
      },
      mean,
      variance,
    };
  }
}
