import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TvHyper } from '../../../../strategies/models/pb2/tvGp.js';
import {
  TV_START,
  cholesky,
  fitTvGp,
  tvGp,
  tvKernel,
  tvLogLikelihood,
} from '../../../../strategies/models/pb2/tvGp.js';
import { boxMaximize } from '../../../../strategies/models/pb2/boxMaximize.js';
import { pb2Select, standardize } from '../../../../strategies/models/pb2/pb2Select.js';
import { rngFromSeed, withRng } from '../../../../lib/rng.js';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('tvKernel: v·exp(−‖x − x′‖²/ℓ)·(1 − ε)^{|t − t′|/2}', () => {
  const h: TvHyper = { variance: 2, lengthscale: 0.5, epsilon: 0.2, noise: 0.1 };
  const table: ReadonlyArray<readonly [number[], number[], number]> = [
    [[0, 0.3, 0.4], [0, 0.3, 0.4], 2],
    [[0, 0, 0], [1, 0, 0], 2 * Math.sqrt(0.8)],
    [[0.5, 0, 0], [0.5, 0.5, 0.5], 2 * Math.exp(-0.5 / 0.5)],
    [[0, 0.1, 0.9], [0.25, 0.4, 0.5], 2 * Math.exp(-(0.09 + 0.16) / 0.5) * Math.pow(0.8, 0.125)],
  ];
  for (const [a, b, want] of table)
    it(`k(${a.join(',')}; ${b.join(',')}) = ${want.toFixed(6)}`, () => close(tvKernel(a, b, h), want, 1e-12, 'k'));
  it('caps ε at 0.5, as Ray does', () =>
    close(tvKernel([0, 0], [1, 0], { ...h, epsilon: 0.9 }), 2 * Math.sqrt(0.5), 1e-12, 'k'));
});

describe('cholesky', () => {
  it('factors a known SPD matrix and refuses an indefinite one', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    assert.equal(cholesky(a, 2), true);
    assert.deepEqual(
      [...a].map((v) => +v.toFixed(12)),
      [2, 0, 1, +Math.sqrt(2).toFixed(12)],
    );
    assert.equal(cholesky(Float64Array.from([1, 2, 2, 1]), 2), false);
  });
});

// A small data set: a time column and two inputs, y a smooth function plus a ripple.
const X = Array.from({ length: 12 }, (_, i) => [i / 11, ((i * 7) % 12) / 11, ((i * 5) % 12) / 11]);
const y = X.map((r) => Math.sin(3 * (r[1] as number)) - (r[2] as number) + 0.1 * Math.cos(9 * (r[0] as number)));

describe('tvLogLikelihood', () => {
  it('equals the formula −½yᵀK⁻¹y − ½log|K| − n/2·log 2π on two points', () => {
    const h = { variance: 1.3, lengthscale: 0.7, epsilon: 0.1, noise: 0.2 };
    const a = [0, 0.2];
    const b = [1, 0.6];
    const k11 = 1.3 + 0.2;
    const k12 = tvKernel(a, b, h);
    const det = k11 * k11 - k12 * k12;
    const yy = [0.5, -1];
    const quad = (k11 * yy[0]! ** 2 - 2 * k12 * yy[0]! * yy[1]! + k11 * yy[1]! ** 2) / det;
    const want = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    close(tvLogLikelihood([a, b], yy, h)!.value, want, 1e-12, 'log likelihood');
  });
  const at: ReadonlyArray<TvHyper> = [
    TV_START,
    { variance: 0.6, lengthscale: 0.3, epsilon: 0.35, noise: 0.05 },
    { variance: 2.5, lengthscale: 0.05, epsilon: 0.02, noise: 0.5 },
  ];
  for (const h of at)
    it(`gradient matches central finite differences at ${JSON.stringify(h)}`, () => {
      // Coordinates: log v, log ℓ, logit(ε/0.5), log σ².
      const theta = [
        Math.log(h.variance),
        Math.log(h.lengthscale),
        Math.log(h.epsilon / 0.5 / (1 - h.epsilon / 0.5)),
        Math.log(h.noise),
      ];
      const from = (t: number[]): TvHyper => ({
        variance: Math.exp(t[0]!),
        lengthscale: Math.exp(t[1]!),
        epsilon: 0.5 / (1 + Math.exp(-t[2]!)),
        noise: Math.exp(t[3]!),
      });
      const g = tvLogLikelihood(X, y, h)!.grad;
      for (let j = 0; j < 4; j++) {
        const e = 1e-5;
        const up = theta.slice();
        const dn = theta.slice();
        up[j]! += e;
        dn[j]! -= e;
        const fd = (tvLogLikelihood(X, y, from(up))!.value - tvLogLikelihood(X, y, from(dn))!.value) / (2 * e);
        close(g[j]!, fd, 1e-5, `d/dθ${j}`);
      }
    });
});

describe('fitTvGp', () => {
  it('raises the log likelihood above the start and keeps ℓ in [1e-5, 1] and ε in (0, 0.5]', () => {
    const h = fitTvGp(X, y);
    assert.ok(tvLogLikelihood(X, y, h)!.value > tvLogLikelihood(X, y, TV_START)!.value);
    assert.ok(h.lengthscale >= 1e-5 && h.lengthscale <= 1);
    assert.ok(h.epsilon > 0 && h.epsilon <= 0.5);
  });
  it('predicts the training targets closely when the noise is small', () => {
    const gp = tvGp(X, y, { variance: 1, lengthscale: 0.3, epsilon: 0.1, noise: 1e-6 });
    X.forEach((r, i) => close(gp.predict(r).mean, y[i]!, 1e-3, `mean at row ${i}`));
    assert.ok(gp.predict(X[0]!).variance < 1e-3);
    assert.ok(gp.predict([0.5, 0.99, 0.01]).variance > gp.predict(X[3]!).variance);
  });
});

describe('boxMaximize: projected ascent on [0, 1]^d', () => {
  const table: ReadonlyArray<readonly [string, (x: ReadonlyArray<number>) => number, number[]]> = [
    ['interior optimum', (x) => -((x[0]! - 0.3) ** 2) - (x[1]! - 0.7) ** 2, [0.3, 0.7]],
    ['optimum outside: clipped to the corner', (x) => -((x[0]! - 1.5) ** 2) - (x[1]! + 0.5) ** 2, [1, 0]],
    ['one bound active', (x) => -((x[0]! - 0.5) ** 2) + 2 * x[1]!, [0.5, 1]],
  ];
  for (const [name, f, want] of table)
    it(name, () => {
      const { x } = boxMaximize(f, [
        [0.9, 0.1],
        [0.1, 0.9],
      ]);
      x.forEach((v, i) => close(v, want[i]!, 1e-3, `x${i}`));
    });
});

describe('pb2Select', () => {
  it('standardize clips to [−2, 2]', () => {
    const z = standardize([0, 0, 0, 0, 0, 0, 0, 0, 0, 100]);
    assert.equal(Math.max(...z), 2);
    assert.ok(Math.min(...z) > -0.5);
  });
  it('picks the region where reward grew fastest, and is deterministic for a given RNG', () => {
    // Reward change per step is highest near x = 0.8, whatever the time.
    const rows = Array.from({ length: 30 }, (_, i) => {
      const x = (i * 0.37) % 1;
      return { t: 5 * (1 + (i % 6)), rBefore: i, x: [x], y: Math.exp(-((x - 0.8) ** 2) / 0.02) };
    });
    const pick = () =>
      withRng(rngFromSeed(3), (next) => pb2Select({ rows, fixed: { t: 30, r: 25 }, current: [], next }).x)[0];
    const a = pick();
    assert.ok(Math.abs(a[0]! - 0.8) < 0.15, `chose ${a[0]}`);
    assert.deepEqual(pick(), a);
  });
  it('moves away from a config already chosen in the batch (GP₂ holds it at y = 0)', () => {
    const rows = Array.from({ length: 30 }, (_, i) => {
      const x = (i * 0.37) % 1;
      return { t: 5 * (1 + (i % 6)), rBefore: i, x: [x], y: Math.exp(-((x - 0.8) ** 2) / 0.02) };
    });
    const pick = (current: number[][]) =>
      withRng(rngFromSeed(3), (next) => pb2Select({ rows, fixed: { t: 30, r: 25 }, current, next }).x)[0];
    const a = pick([]);
    const b = pick([a]);
    assert.ok(Math.abs(b[0]! - a[0]!) > 1e-3, `chose ${b[0]} again next to ${a[0]}`);
  });
});
