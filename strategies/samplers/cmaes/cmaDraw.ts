import { normalFrom } from '../../../lib/rng.js';
import type { CmaRun } from './cmaRun.js';

/** One CMA-ES candidate: `x` ~ N(m, σ²C) in [0, 1]^n (what the update learns from) and `eval` (what is tried). */
export interface CmaCandidate {
  readonly x: number[];
  /** `x` with margin: discrete coordinates scaled by A around the mean and snapped to their grid; else `x`. */
  readonly eval: number[];
}

const inBox = (x: ReadonlyArray<number>): boolean => x.every((v) => v >= 0 && v <= 1);

const sampleOnce = (run: CmaRun, next: () => number): number[] => {
  const { n, mean, sigma, B, D } = run;
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) z[i] = (D[i] as number) * normalFrom(next);
  const x = new Array<number>(n);
  if (B === null) {
    for (let i = 0; i < n; i++) x[i] = (mean[i] as number) + sigma * (z[i] as number);
    return x;
  }
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += (B[i * n + k] as number) * (z[k] as number);
    x[i] = (mean[i] as number) + sigma * acc;
  }
  return x;
};

/**
 * The nearest grid value k·step of [0, 1] (ties go to the lower one).
 *
 * @example
 * ```ts
 * snapToGrid(0.3, 0.25); // 0.25
 * ```
 */
export const snapToGrid = (u: number, step: number): number => {
  const k = Math.ceil(u / step - 0.5);
  return Math.min(Math.floor(1 / step + 1e-9), Math.max(0, k)) * step;
};

/**
 * Draws a candidate: x = m + σ·B·D·z, z ~ N(0, I), redrawn up to `maxResampling` times (Optuna: 10n)
 * until it lies in [0, 1]^n, else the last draw clipped to the box. With margin, discrete coordinates are
 * then encoded as m_j + A_j(x_j − m_j) snapped to the nearest grid value.
 *
 * @example
 * ```ts
 * const [cand, rng2] = withRng(rng, (next) => cmaDraw(run, next, 10 * run.n));
 * ```
 */
export const cmaDraw = (run: CmaRun, next: () => number, maxResampling: number): CmaCandidate => {
  let x = sampleOnce(run, next);
  for (let i = 1; i < maxResampling && !inBox(x); i++) x = sampleOnce(run, next);
  x = x.map((v) => Math.min(1, Math.max(0, v)) + 0);
  const m = run.margin;
  if (m === undefined) return { x, eval: x };
  const encoded = x.map((v, j) => {
    const step = m.steps[j] as number;
    if (step <= 0) return v;
    const mj = run.mean[j] as number;
    return snapToGrid(mj + (m.A[j] as number) * (v - mj), step);
  });
  return { x, eval: encoded };
};
