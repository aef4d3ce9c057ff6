import type { Distribution } from '../../lib/distribution.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import { logGaussMass } from '../math/truncNormal.js';

/** One completed trial as {@link pedAnova} reads it: its config and its score (higher is better). */
export interface ImportanceObservation {
  readonly config: Readonly<Record<string, unknown>>;
  readonly score: number;
}

/** Options of {@link pedAnova}; the defaults are Optuna's. */
export interface PedAnovaOptions {
  /** The top quantile whose parameters are explained (γ′ of the paper). Default 0.1. */
  readonly targetQuantile?: number;
  /** The region the importance is measured in (γ); 1 is every completed trial. Default 1. */
  readonly regionQuantile?: number;
  /** Grid points per numeric parameter. Default 50. */
  readonly steps?: number;
  /** Weight of the uniform prior kernel. Default 1. */
  readonly priorWeight?: number;
}

/** One parameter's importance: `raw` is PED-ANOVA's Pearson divergence, `share` its fraction of the total. */
export interface ParamImportance {
  readonly name: string;
  readonly raw: number;
  readonly share: number;
}

const MIN_IN_REGIME = 2;

// A trial's top-quantile membership as Optuna's _QuantileFilter computes it: everything at least as good
// as the ⌈q·n⌉-th best score, ties included.
const topQuantile = (scores: ReadonlyArray<number>, q: number): boolean[] => {
  if (q >= 1) return scores.map(() => true);
  const sorted = [...scores].sort((a, b) => b - a);
  const cut = sorted[Math.max(0, Math.ceil(q * scores.length) - 1)] as number;
  return scores.map((s) => s >= cut);
};

// Grid cell counts of one parameter (Optuna's _count_numerical_param_in_grid / _count_categorical…).
const gridCounts = (d: Distribution, values: ReadonlyArray<unknown>, steps: number): number[] => {
  if (d._tag === 'Categorical') {
    const counts = d.choices.map(() => 0);
    for (const v of values) {
      const i = d.choices.indexOf(v as never);
      if (i >= 0) counts[i] = (counts[i] as number) + 1;
    }
    return counts;
  }
  let n = steps;
  if (d._tag === 'Int' && d.log) n = Math.min(Math.ceil(Math.log(d.high - d.low + 1) / Math.log(2)) + 1, n);
  else if (d.step !== undefined) n = Math.min(Math.round((d.high - d.low) / d.step) + 1, n);
  const [low, high] = d.log ? [Math.log(d.low), Math.log(d.high)] : [d.low, d.high];
  const counts = new Array<number>(n).fill(0);
  const width = (high - low) / (n - 1);
  for (const v of values) {
    const x = d.log ? Math.log(v as number) : (v as number);
    // Midpoint ties go to the lower cell, as in Optuna.
    const i = Math.min(n - 1, Math.max(0, Math.ceil((x - low) / width - 0.5)));
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
};

// The density on the grid of a one-dimensional Parzen estimator with Scott's bandwidth: discrete truncated
// normal kernels on cells 0…n−1 (numeric) or categorical kernels, plus a prior kernel.
const gridPdf = (categorical: boolean, counts: ReadonlyArray<number>, priorWeight: number): Float64Array => {
  const n = counts.length;
  const obs: number[] = [];
  const w: number[] = [];
  counts.forEach((c, i) => {
    if (c > 0) {
      obs.push(i);
      w.push(c);
    }
  });
  const pdf = new Float64Array(n);
  if (obs.length === 0) return pdf.fill(1 / n);
  const wSum = w.reduce((a, b) => a + b, 0);
  const total = wSum + priorWeight;
  if (categorical) {
    // Each kernel: prior mass spread evenly, plus one on its observed choice, normalised per kernel.
    const kernels = obs.length + 1;
    const a = priorWeight / kernels;
    const rowSum = n * a;
    obs.forEach((o, k) => {
      const wk = (w[k] as number) / total;
      for (let x = 0; x < n; x++) pdf[x] = (pdf[x] as number) + (wk * (a + (x === o ? 1 : 0))) / (rowSum + 1);
    });
    const wp = priorWeight / total;
    for (let x = 0; x < n; x++) pdf[x] = (pdf[x] as number) + (rowSum === 0 ? 0 : (wp * a) / rowSum);
    return pdf;
  }
  const low = 0;
  const high = n - 1;
  const mean = obs.reduce((s, o, k) => s + o * (w[k] as number), 0) / wSum;
  const sd = Math.sqrt(obs.reduce((s, o, k) => s + (o - mean) ** 2 * (w[k] as number), 0) / Math.max(1, wSum - 1));
  // Weighted quartiles as numpy's searchsorted over the cumulative weights.
  const cum: number[] = [];
  w.reduce((s, x) => (cum.push(s + x), s + x), 0);
  const q1v = Math.floor(wSum / 4);
  const q3v = Math.floor((wSum * 3) / 4);
  const q1 = cum.findIndex((c) => c >= q1v);
  let q3 = cum.findIndex((c) => c > q3v);
  if (q3 === -1) q3 = cum.length;
  const iqr = (obs[Math.min(obs.length - 1, q3)] as number) - (obs[q1 === -1 ? obs.length - 1 : q1] as number);
  const sigma = Math.max(1.059 * Math.min(iqr / 1.34, sd) * wSum ** -0.2, 0.5 / 1.64);
  const kernel = (mu: number, s: number, k: number): void => {
    const logZ = logGaussMass((low - 0.5 - mu) / s, (high + 0.5 - mu) / s);
    for (let x = 0; x < n; x++)
      pdf[x] = (pdf[x] as number) + k * Math.exp(logGaussMass((x - 0.5 - mu) / s, (x + 0.5 - mu) / s) - logZ);
  };
  obs.forEach((o, k) => kernel(o, sigma, (w[k] as number) / total));
  kernel((low + high) / 2, high - low + 1, priorWeight / total);
  return pdf;
};

const single = (d: Distribution): boolean => (d._tag === 'Categorical' ? d.choices.length === 1 : d.low === d.high);

/**
 * Parameter importance by PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's default evaluator): how much
 * the distribution of each parameter among the top `targetQuantile` of completed trials differs from its
 * distribution in the whole region, as a Pearson divergence of one-dimensional Parzen estimates on a grid.
 * Conditional parameters are scored within the trials where they are active (Conditional PED-ANOVA).
 * Linear in the number of trials per parameter, so it stays quick at 10,000 trials × 30 parameters.
 *
 * @example
 * ```ts
 * pedAnova(flattenSpace(space), trials.map((t) => ({ config: t.config, score: t.score })));
 * // [{ name: 'lr', raw: 2.1, share: 0.8 }, { name: 'units', raw: 0.5, share: 0.2 }]
 * ```
 */
export const pedAnova = (
  params: ReadonlyArray<ParamSpec>,
  observations: ReadonlyArray<ImportanceObservation>,
  options: PedAnovaOptions = {},
): ParamImportance[] => {
  const targetQ = options.targetQuantile ?? 0.1;
  const regionQ = options.regionQuantile ?? 1;
  const steps = options.steps ?? 50;
  const priorWeight = options.priorWeight ?? 1;
  const usable = observations.filter((o) => Number.isFinite(o.score));
  const raw = new Map<string, number>(params.map((p) => [p.name, 0]));
  if (usable.length > 1) {
    const scores = usable.map((o) => o.score);
    const inRegion = topQuantile(scores, regionQ);
    const inTarget = topQuantile(scores, targetQ);
    const region = usable.filter((_, i) => inRegion[i]);
    const target = usable.filter((_, i) => inTarget[i] && inRegion[i]);
    if (target.length > 0) {
      const quantile = target.length / region.length;
      for (const p of params) {
        if (single(p.distribution)) continue;
        // Two regimes: active (the parameter is in the config) and inactive; only the active one scores.
        const active = (o: ImportanceObservation): boolean => o.config[p.name] !== undefined;
        const regionActive = region.filter(active);
        const targetActive = target.filter(active);
        if (regionActive.length < MIN_IN_REGIME || targetActive.length === 0) continue;
        const alpha = targetActive.length / target.length;
        const beta = regionActive.length / region.length;
        const cat = p.distribution._tag === 'Categorical';
        const top = gridPdf(
          cat,
          gridCounts(
            p.distribution,
            targetActive.map((o) => o.config[p.name]),
            steps,
          ),
          priorWeight,
        );
        const local = gridPdf(
          cat,
          gridCounts(
            p.distribution,
            regionActive.map((o) => o.config[p.name]),
            steps,
          ),
          priorWeight,
        );
        let div = 0;
        for (let x = 0; x < top.length; x++) {
          const pt = (top[x] as number) + 1e-12;
          const pl = (local[x] as number) + 1e-12;
          div += pl * (pt / pl - 1) ** 2;
        }
        raw.set(p.name, (alpha * alpha * div * quantile * quantile) / beta);
      }
    }
  }
  const total = [...raw.values()].reduce((a, b) => a + b, 0);
  return [...raw.entries()]
    .map(([name, r]) => ({ name, raw: r, share: total > 0 ? r / total : 0 }))
    .sort((a, b) => b.raw - a.raw || a.name.localeCompare(b.name));
};
