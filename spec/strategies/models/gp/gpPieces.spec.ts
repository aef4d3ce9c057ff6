import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { kernelMatrix, matern52, matern52Slope } from '../../../../strategies/models/gp/maternKernel.js';
import type { GpInputs, GpParams } from '../../../../strategies/models/gp/maternKernel.js';
import {
  addLogPriorGradient,
  gpLogPrior,
  paramsFromRaw,
  rawFromParams,
} from '../../../../strategies/models/gp/gpPrior.js';
import { logMarginalLikelihood, pairDistances } from '../../../../strategies/models/gp/logMarginalLikelihood.js';
import { logEi, logH, logHWithSlope } from '../../../../strategies/models/gp/logEi.js';
import { gpModel, gpPosterior } from '../../../../strategies/models/gp/gpModel.js';
import { fitGp } from '../../../../strategies/models/gp/fitGp.js';
import { IncrementalGp } from '../../../../strategies/models/gp/incrementalGp.js';
import type { AcqDim } from '../../../../strategies/models/gp/optimizeLogEi.js';
import { candidatePool, logEiAt, optimizeLogEi } from '../../../../strategies/models/gp/optimizeLogEi.js';
import { rngFromSeed, withRng } from '../../../../lib/rng.js';

const lcg = (seed: number): (() => number) => {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
};

const relClose = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

// Random inputs: d numeric coordinates and, if asked, one categorical coordinate with 3 choices last.
const randomInputs = (n: number, d: number, withCat: boolean, seed: number): GpInputs => {
  const r = lcg(seed);
  const dd = d + (withCat ? 1 : 0);
  const x = new Float64Array(n * dd);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) x[i * dd + k] = r();
    if (withCat) x[i * dd + d] = Math.floor(r() * 3);
  }
  const cat = new Uint8Array(dd);
  if (withCat) cat[d] = 1;
  return { x, n, d: dd, cat };
};

const targets = (inputs: GpInputs): Float64Array =>
  Float64Array.from({ length: inputs.n }, (_, i) => {
    const row = inputs.x.subarray(i * inputs.d, (i + 1) * inputs.d);
    return Math.sin(6 * (row[0] as number)) + (row[1] as number) ** 2 - 0.5 + 0.3 * (row[inputs.d - 1] as number);
  });

describe('maternKernel', () => {
  it('matern52 and its slope in r² follow the formulas', () => {
    const table: ReadonlyArray<readonly [number, number]> = [
      [0, 1],
      [0.5, 0.7024957601538033],
      [1, 0.5239941088318203],
      [1.5, 0.4033885895533573],
    ];
    for (const [r2, want] of table) relClose(matern52(r2), want, 1e-15, `M(${r2})`);
    for (const r2 of [0, 1e-6, 0.3, 2, 9]) {
      const h = 1e-6 * Math.max(1e-3, r2);
      const fd = (matern52(r2 + h) - matern52(Math.max(0, r2 - h))) / (r2 + h - Math.max(0, r2 - h));
      relClose(matern52Slope(r2), fd, 1e-5, `M'(${r2})`);
    }
  });

  it('fills K + σ²I from per-dimension κ, squared distances and categorical mismatches', () => {
    // Points (0, a), (0.5, a), (0, b): κ = [4, 0.5], s = 2, σ² = 0.1.
    const inputs: GpInputs = { x: Float64Array.of(0, 0, 0.5, 0, 0, 1), n: 3, d: 2, cat: Uint8Array.of(0, 1) };
    const k = kernelMatrix(inputs, { invSqLengthscales: [4, 0.5], scale: 2, noise: 0.1 });
    const want = [
      [2.1, 2 * 0.5239941088318203, 2 * 0.7024957601538033],
      [2 * 0.5239941088318203, 2.1, 2 * 0.4033885895533573],
      [2 * 0.7024957601538033, 2 * 0.4033885895533573, 2.1],
    ];
    want.forEach((row, i) => row.forEach((w, j) => relClose(k[i * 3 + j] as number, w, 1e-14, `K[${i}][${j}]`)));
  });
});

describe('gpPrior', () => {
  it('is Optuna’s log prior and round-trips the raw parameters', () => {
    const p: GpParams = { invSqLengthscales: [2, 0.5], scale: 1.5, noise: 0.01 };
    const want = -(0.1 / 2 + 0.2) - (0.1 / 0.5 + 0.05) + Math.log(1.5) - 1.5 + 0.1 * Math.log(0.01) - 0.3;
    relClose(gpLogPrior(p), want, 1e-14, 'log prior');
    const back = paramsFromRaw(rawFromParams(p), 2);
    relClose(back.noise, 0.01, 1e-12, 'noise');
    relClose(back.scale, 1.5, 1e-12, 'scale');
  });

  it('has the gradient finite differences give', () => {
    const raw = [0.3, -0.7, 0.2, -3];
    const g = new Float64Array(4);
    addLogPriorGradient(paramsFromRaw(raw, 2), g);
    raw.forEach((_, i) => {
      const h = 1e-6;
      const up = raw.slice();
      const dn = raw.slice();
      up[i] = (up[i] as number) + h;
      dn[i] = (dn[i] as number) - h;
      const fd = (gpLogPrior(paramsFromRaw(up, 2)) - gpLogPrior(paramsFromRaw(dn, 2))) / (2 * h);
      relClose(g[i] as number, fd, 1e-6, `d prior / d raw[${i}]`);
    });
  });
});

describe('logMarginalLikelihood', () => {
  it('matches the closed form for two points', () => {
    // K = [[s+σ², c], [c, s+σ²]]: yᵀK⁻¹y and log det by hand.
    const inputs: GpInputs = { x: Float64Array.of(0, 0.5), n: 2, d: 1, cat: Uint8Array.of(0) };
    const p: GpParams = { invSqLengthscales: [4], scale: 2, noise: 0.1 };
    const a = 2.1;
    const c = 2 * 0.5239941088318203;
    const y = [1, -0.5];
    const det = a * a - c * c;
    const quad = (a * 1 + a * 0.25 - 2 * c * -0.5) / det;
    const want = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    relClose(logMarginalLikelihood(pairDistances(inputs), y, p), want, 1e-13, 'lml');
  });

  for (const withCat of [false, true])
    it(`has the gradient central finite differences give (${withCat ? 'with' : 'no'} categorical)`, () => {
      const inputs = randomInputs(25, 3, withCat, withCat ? 11 : 7);
      const y = targets(inputs);
      const dist = pairDistances(inputs);
      const raw = [0.4, -0.3, 1.1, ...(withCat ? [-0.5] : []), 0.2, Math.log(0.05)];
      const g = new Float64Array(raw.length);
      logMarginalLikelihood(dist, y, paramsFromRaw(raw, inputs.d), g);
      raw.forEach((_, i) => {
        const h = 1e-5;
        const up = raw.slice();
        const dn = raw.slice();
        up[i] = (up[i] as number) + h;
        dn[i] = (dn[i] as number) - h;
        const fd =
          (logMarginalLikelihood(dist, y, paramsFromRaw(up, inputs.d)) -
            logMarginalLikelihood(dist, y, paramsFromRaw(dn, inputs.d))) /
          (2 * h);
        relClose(g[i] as number, fd, 1e-5, `d lml / d raw[${i}]`);
      });
    });

  it('is −∞ with a zero gradient when K is not positive definite', () => {
    const inputs: GpInputs = { x: Float64Array.of(0, 0), n: 2, d: 1, cat: Uint8Array.of(0) };
    const g = new Float64Array(3).fill(9);
    const v = logMarginalLikelihood(pairDistances(inputs), [1, 2], { invSqLengthscales: [1], scale: 1, noise: 0 }, g);
    assert.equal(v, -Infinity);
    assert.deepEqual(Array.from(g), [0, 0, 0]);
  });
});

describe('logEi', () => {
  // log(zΦ(z) + φ(z)) and Φ(z)/(zΦ(z) + φ(z)) with 60 significant digits (mpmath).
  const TABLE: ReadonlyArray<readonly [number, number, number]> = [
    [3, 1.0987396653277077, 0.3328409684517952],
    [1, 0.08002621884930694, 0.7766387252017393],
    [0, -0.9189385332046728, 1.2533141373155003],
    [-0.5, -1.6205162643873199, 1.5598731483480797],
    [-1, -2.4851210257126413, 1.9042712333296918],
    [-2, -4.768783523917114, 2.679416883955586],
    [-5, -16.74430116266099, 5.361816241288088],
    [-10, -55.55312203612235, 10.194383033412553],
    [-25, -319.86146358149597, 25.07962023426653],
    [-26, -345.439546722318, 26.0765851866327],
    [-38, -730.1961834021138, 38.05252276004133],
    [-40, -808.29856835662, 40.04990665764852],
    [-60, -1809.1084601822722, 60.03330560942051],
    [-99, -4910.609484215455, 99.02019584095312],
    [-101, -5110.649473554864, 101.01979616064943],
    [-150, -11260.940342433996, 150.0133315561084],
    [-1000, -500014.73445209116, 1000.001999994],
    [-1e4, -50000019.33961931, 10000.00019999999],
    [-1e6, -500000000028.55, 1000000.000002],
    [-1e8, -5000000000000038, 100000000],
  ];
  for (const [z, logh, slope] of TABLE)
    it(`log h(${z}) and its slope match the high-precision values`, () => {
      const [v, s] = logHWithSlope(z);
      // Relative to |log h| (≥ 1 here): the far tail is all −z²/2, so this also checks the small terms
      // through the differences below.
      relClose(v, logh, 1e-14, 'log h');
      relClose(s, slope, 1e-12, 'slope');
    });

  it('keeps the small terms of the far tail: log h(z) + z²/2 within 1e-9 of the truth', () => {
    for (const [z, logh] of TABLE.filter(([z]) => z <= -25 && z >= -1e4))
      relClose(logH(z) + (z * z) / 2, logh + (z * z) / 2, 1e-9, `z = ${z}`);
  });

  it('is log σ + log h((μ − best)/σ)', () => {
    relClose(logEi(1, 4, 0), logH(0.5) + Math.log(2), 1e-12, 'logEi');
  });
});

describe('gpModel and IncrementalGp', () => {
  const inputs = randomInputs(30, 2, true, 5);
  const y = targets(inputs);
  const params = paramsFromRaw([3, 3, 0, 0.1, Math.log(0.001)], inputs.d);
  const model = gpModel(inputs, y, params);

  it('interpolates its observations up to the noise and has a small variance there', () => {
    assert.ok(model);
    const row = inputs.x.subarray(0, inputs.d);
    const [mean, variance] = gpPosterior(model, row);
    assert.ok(Math.abs(mean - (y[0] as number)) < 0.1, `mean ${mean} vs ${y[0]}`);
    assert.ok(variance < 0.02, `variance ${variance}`);
    const far = gpPosterior(model, [40, 40, 7]);
    relClose(far[1], params.scale, 1e-9, 'prior variance far away');
  });

  it('has posterior and log EI gradients that finite differences give (numeric coordinates)', () => {
    assert.ok(model);
    const x = Float64Array.of(0.37, 0.61, 1);
    const g = new Float64Array(2 * inputs.d);
    gpPosterior(model, x, g);
    const ge = new Float64Array(inputs.d);
    logEiAt(model, 1.2, x, ge);
    for (const k of [0, 1]) {
      const h = 1e-6;
      const up = Float64Array.from(x);
      const dn = Float64Array.from(x);
      up[k] = (up[k] as number) + h;
      dn[k] = (dn[k] as number) - h;
      const [mu1, v1] = gpPosterior(model, up);
      const [mu0, v0] = gpPosterior(model, dn);
      relClose(g[k] as number, (mu1 - mu0) / (2 * h), 1e-5, `d mean / dx${k}`);
      relClose(g[inputs.d + k] as number, (v1 - v0) / (2 * h), 1e-5, `d var / dx${k}`);
      relClose(
        ge[k] as number,
        (logEiAt(model, 1.2, up) - logEiAt(model, 1.2, dn)) / (2 * h),
        1e-5,
        `d logEI / dx${k}`,
      );
    }
    assert.equal(g[2], 0, 'no gradient on the categorical coordinate');
  });

  it('IncrementalGp agrees with gpModel, and rebuilding after a truncation gives identical numbers', () => {
    assert.ok(model);
    const [pool] = withRng(rngFromSeed(1), (next) =>
      candidatePool([{ _tag: 'Continuous' }, { _tag: 'Continuous' }, { _tag: 'Choice', count: 3 }], 64, next),
    );
    const inc = new IncrementalGp(params, inputs.cat, pool);
    for (let i = 0; i < inputs.n; i++) assert.ok(inc.push(i, inputs.x.subarray(i * inputs.d, (i + 1) * inputs.d)));
    const post = inc.posterior(y);
    pool.forEach((c, j) => {
      const [mu, v] = gpPosterior(model, c);
      relClose(post.mean[j] as number, mu, 1e-9, `mean of candidate ${j}`);
      relClose(post.variance[j] as number, v, 1e-9, `variance of candidate ${j}`);
    });
    assert.equal(inc.keepPrefix([0, 1, 2, 99]), 3);
    for (let i = 3; i < inputs.n; i++) inc.push(i, inputs.x.subarray(i * inputs.d, (i + 1) * inputs.d));
    const again = inc.posterior(y);
    assert.deepEqual(Array.from(again.mean), Array.from(post.mean));
    assert.deepEqual(Array.from(again.variance), Array.from(post.variance));
  });
});

describe('fitGp', () => {
  it('gives an irrelevant dimension a longer length scale and lowers the loss of the default start', () => {
    // y depends on coordinate 0 only.
    const r = lcg(3);
    const n = 40;
    const x = Float64Array.from({ length: n * 2 }, r);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(8 * (x[2 * i] as number)));
    const inputs: GpInputs = { x, n, d: 2, cat: new Uint8Array(2) };
    const fit = fitGp(inputs, y);
    const [k0, k1] = fit.params.invSqLengthscales as [number, number];
    assert.ok(k0 > 10 * k1, `κ = ${k0}, ${k1}`);
    const dflt = fitGp(inputs, y, { maxIter: 0 });
    assert.ok(fit.loss < dflt.loss, `${fit.loss} vs default ${dflt.loss}`);
    const warm = fitGp(inputs, y, { starts: [fit.raw] });
    assert.ok(warm.evaluations < fit.evaluations, 'a warm start converges faster');
    const det = fitGp(inputs, y, { deterministic: true });
    relClose(det.params.noise, 1e-6, 1e-9, 'deterministic pins the noise');
  });
});

describe('optimizeLogEi', () => {
  it('returns a point of the domain at least as good as the best candidate', () => {
    const inputs = randomInputs(20, 2, true, 9);
    const y = targets(inputs);
    const model = gpModel(inputs, y, paramsFromRaw([1, 1, 0, 0, Math.log(0.01)], 3));
    assert.ok(model);
    const grid: AcqDim = {
      _tag: 'Grid',
      count: 5,
      unitAt: (i) => (i + 0.5) / 5,
      indexOf: (u) => Math.min(4, Math.max(0, Math.floor(u * 5))),
    };
    const dims: AcqDim[] = [{ _tag: 'Continuous' }, grid, { _tag: 'Choice', count: 3 }];
    const best = Math.max(...y);
    const [r] = withRng(rngFromSeed(4), (next) => optimizeLogEi(model, best, dims, next, { candidates: 256 }));
    const x0 = r.x[0] as number;
    assert.ok(x0 >= 0 && x0 <= 1);
    assert.ok(
      [0.1, 0.3, 0.5, 0.7, 0.9].some((v) => Math.abs(v - (r.x[1] as number)) < 1e-12),
      `grid ${r.x[1]}`,
    );
    assert.ok([0, 1, 2].includes(r.x[2] as number));
    const [pool] = withRng(rngFromSeed(4), (next) => candidatePool(dims, 256, next));
    const bestCand = Math.max(...pool.map((c) => logEiAt(model, best, c)));
    assert.ok(r.value >= bestCand - 1e-12, `${r.value} < ${bestCand}`);
    relClose(r.value, logEiAt(model, best, r.x), 1e-12, 'value is the log EI at x');
  });
});

describe('fitGp fallback', () => {
  it('retries from the defaults when the given start cannot be evaluated', () => {
    const inputs = randomInputs(15, 2, false, 21);
    const y = targets(inputs);
    // κ = e^800 overflows to ∞: the likelihood is not finite there, nor anywhere the optimiser can go.
    const fit = fitGp(inputs, y, { starts: [[800, 800, 0, 0]] });
    assert.ok(Number.isFinite(fit.loss), `loss ${fit.loss}`);
    const fresh = fitGp(inputs, y);
    relClose(fit.loss, fresh.loss, 1e-12, 'the same fit as from the defaults');
  });
});
