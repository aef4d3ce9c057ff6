import { truncNormPpf } from '../../math/truncNormal.js';
import type { ParzenEstimator } from './parzenEstimator.js';

/**
 * Draws `count` points from the mixture: a component by weight, then every dimension from that
 * component's kernel (truncated normal by inverse CDF, snapped to the grid for discrete dimensions;
 * categorical by inverse CDF of its row). Returns one array per dimension, in model representation.
 *
 * @example
 * ```ts
 * const [cands] = withRng(rng, (next) => sampleParzen(est, 24, next));
 * ```
 */
export const sampleParzen = (est: ParzenEstimator, count: number, next: () => number): Float64Array[] => {
  const out = est.dims.map(() => new Float64Array(count));
  const last = est.size - 1;
  for (let c = 0; c < count; c++) {
    let u = next();
    let k = 0;
    while (k < last && u >= (est.weights[k] as number)) u -= est.weights[k++] as number;
    est.dims.forEach((dim, j) => {
      const mu = (est.mus[j] as Float64Array)[k] as number;
      const col = out[j] as Float64Array;
      if (dim.kind === 'cat') {
        const cl = est.catLog[j] as { hit: number; miss: number; prior: number };
        const hit = Math.exp(cl.hit);
        const miss = Math.exp(cl.miss);
        let v = next();
        let choice = 0;
        for (; choice < dim.n - 1; choice++) {
          const p = mu < 0 ? 1 / dim.n : choice === mu ? hit : miss;
          if (v < p) break;
          v -= p;
        }
        col[c] = choice;
        return;
      }
      const s = (est.sigmas[j] as Float64Array)[k] as number;
      const z = truncNormPpf(next(), (dim.lo - mu) / s, (dim.hi - mu) / s);
      const x = Math.min(dim.hi, Math.max(dim.lo, mu + s * z));
      if (dim.kind === 'step')
        col[c] = Math.min(dim.high, Math.max(dim.low, dim.low + Math.round((x - dim.low) / dim.step) * dim.step));
      else if (dim.kind === 'logint') col[c] = Math.log(Math.min(dim.high, Math.max(dim.low, Math.round(Math.exp(x)))));
      else col[c] = x;
    });
  }
  return out;
};
