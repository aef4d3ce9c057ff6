import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../../lib/distribution.js';
import type { Config } from '../../../lib/config.js';
import { freshTrial } from '../../../lib/nextTrial.js';
import { rngFromSeed, withRng } from '../../../lib/rng.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import type { StudyState } from '../../../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../../../lib/studyState.js';
import type { Outcome } from '../../../lib/trialEvent.js';
import { trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import {
  erfc,
  logGaussMass,
  logNdtr,
  ndtr,
  ndtri,
  ndtriExp,
  truncNormPpf,
} from '../../../strategies/math/truncNormal.js';
import type { ParzenOptions } from '../../../strategies/samplers/tpe/parzenEstimator.js';
import {
  bestCandidate,
  fitParzen,
  logPdfParzen,
  sampleParzen,
  tpeDim,
} from '../../../strategies/samplers/tpe/parzenEstimator.js';
import { TpeHistory } from '../../../strategies/samplers/tpe/tpeHistory.js';
import { tpeGamma } from '../../../strategies/samplers/tpe/tpeGamma.js';
import { tpeWeights } from '../../../strategies/samplers/tpe/tpeWeights.js';

const opts: ParzenOptions = {
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  bandwidth: 'neighbours',
};
const close = (actual: ArrayLike<number>, expected: ReadonlyArray<number>, tol = 1e-12): void => {
  assert.equal(actual.length, expected.length, `length of ${String(Array.from(actual))}`);
  expected.forEach((e, i) =>
    assert.ok(Math.abs((actual[i] as number) - e) <= tol, `[${i}]: ${actual[i]} vs ${e} (all: ${Array.from(actual)})`),
  );
};
const ones = (m: number): number[] => Array.from({ length: m }, () => 1);

describe('tpeGamma and tpeWeights (ALGORITHMS.md §14)', () => {
  it('splits min(⌈0.1n⌉, 25): n = 10, 11, 100, 250, 1000 → 1, 2, 10, 25, 25', () => {
    assert.deepEqual([10, 11, 100, 250, 1000].map(tpeGamma), [1, 2, 10, 25, 25]);
    assert.deepEqual([1, 9, 30, 241].map(tpeGamma), [1, 1, 3, 25]);
    assert.equal(tpeGamma(0), 0);
  });

  it('ramps the oldest m − 25 weights from 1/m to 1: weights(30) starts 0.0333, 0.2750, 0.5167, 0.7583, 1', () => {
    const w = tpeWeights(30);
    close(w.slice(0, 5), [1 / 30, 0.275, 0.5166666666666667, 0.7583333333333333, 1]);
    close(w.slice(5), ones(25));
    close(tpeWeights(24), ones(24));
    close(tpeWeights(26), [1 / 26, ...ones(25)]);
    assert.equal(tpeWeights(0).length, 0);
  });
});

describe('fitParzen: bandwidths, prior, weights', () => {
  const unit = [tpeDim(float(0, 1))];

  it('obs {0.2, 0.5, 0.9} on [0,1]: σ = (0.3, 0.4, 0.4), prior N(0.5, 1), weights ¼ each', () => {
    const est = fitParzen(unit, [[0.2, 0.5, 0.9]], ones(3), opts);
    close(est.sigmas[0] as Float64Array, [0.3, 0.4, 0.4, 1]);
    close(est.mus[0] as Float64Array, [0.2, 0.5, 0.9, 0.5]);
    close(est.weights, [0.25, 0.25, 0.25, 0.25]);
  });

  it('clips to the magic floor range/min(100, m + 2) and the ceiling range', () => {
    // Floor 1/5 for m = 3.
    close(fitParzen(unit, [[0.5, 0.51, 0.52]], ones(3), opts).sigmas[0] as Float64Array, [0.2, 0.2, 0.2, 1]);
    // m = 1: σ = max(x − low, high − x).
    close(fitParzen(unit, [[0.2]], ones(1), opts).sigmas[0] as Float64Array, [0.8, 1]);
    close(fitParzen(unit, [[0]], ones(1), opts).sigmas[0] as Float64Array, [1, 1]);
    // Without magic clip the floor is 1e-12.
    const raw = fitParzen(unit, [[0.5, 0.5]], ones(2), { ...opts, considerMagicClip: false });
    close(raw.sigmas[0] as Float64Array, [1e-12, 1e-12, 1], 0);
    // Floor range/100 from m = 98 on.
    const many = Array.from({ length: 150 }, () => 0.5);
    assert.equal((fitParzen(unit, [many], ones(150), opts).sigmas[0] as Float64Array)[0], 0.01);
  });

  it('ignores the bounds for the extreme centres unless considerEndpoints', () => {
    const obs = [[0.1, 0.5, 0.6]];
    close(fitParzen(unit, obs, ones(3), opts).sigmas[0] as Float64Array, [0.4, 0.4, 0.2, 1]);
    close(
      fitParzen(unit, obs, ones(3), { ...opts, considerEndpoints: true }).sigmas[0] as Float64Array,
      [0.4, 0.4, 0.4, 1],
    );
  });

  it('puts the prior mean among the neighbours in the ≤ 4.8 univariate rule, and has the Scott rule', () => {
    const obs = [[0.1, 0.9]];
    close(fitParzen(unit, obs, ones(2), opts).sigmas[0] as Float64Array, [0.8, 0.8, 1]);
    close(
      fitParzen(unit, obs, ones(2), { ...opts, bandwidth: 'priorNeighbours' }).sigmas[0] as Float64Array,
      [0.4, 0.4, 1],
    );
    const many = Array.from({ length: 200 }, (_, i) => i / 199);
    const scott = fitParzen(unit, [many], ones(200), { ...opts, bandwidth: 'scott' }).sigmas[0] as Float64Array;
    assert.ok(Math.abs((scott[0] as number) - 0.2 * 200 ** (-1 / 5)) < 1e-15);
    assert.ok(Math.abs((scott[199] as number) - 0.2 * 200 ** (-1 / 5)) < 1e-15);
  });

  it('widens stepped and int ranges by half a step and works in log space for log scales', () => {
    const est = fitParzen([tpeDim(int(1, 5))], [[1, 5]], ones(2), opts);
    // Sentinels 0.5 and 5.5; the prior is N(3, 5).
    close(est.sigmas[0] as Float64Array, [4, 4, 5]);
    close(est.mus[0] as Float64Array, [1, 5, 3]);
    const log = fitParzen([tpeDim(float(1e-4, 1, { log: true }))], [[Math.log(1e-2)]], ones(1), opts);
    close(log.mus[0] as Float64Array, [Math.log(1e-2), Math.log(1e-2)]);
    close(log.sigmas[0] as Float64Array, [Math.log(1e4) / 2, Math.log(1e4)], 1e-12);
  });

  it('weights the prior by priorWeight and uses the prior alone with no observations', () => {
    close(fitParzen(unit, [[0.2, 0.5]], ones(2), { ...opts, priorWeight: 2 }).weights, [0.25, 0.25, 0.5]);
    const empty = fitParzen(unit, [[]], [], opts);
    assert.equal(empty.size, 1);
    close(empty.weights, [1]);
  });
});

describe('fitParzen: kernel shapes', () => {
  const mass = (est: ReturnType<typeof fitParzen>, xs: ReadonlyArray<number>): number =>
    logPdfParzen(est, [xs], xs.length).reduce((s, l) => s + Math.exp(l), 0);

  it('gives categorical kernels (1[c = x] + pw/(m+1)) / (1 + C·pw/(m+1)) and a uniform prior', () => {
    const est = fitParzen([tpeDim(categorical(['a', 'b', 'c']))], [[0, 0, 2]], ones(3), opts);
    const hit = 1.25 / 1.75;
    const miss = 0.25 / 1.75;
    const p = Array.from(logPdfParzen(est, [[0, 1, 2]], 3), Math.exp);
    close(p, [(2 * hit + miss + 1 / 3) / 4, (3 * miss + 1 / 3) / 4, (2 * miss + hit + 1 / 3) / 4]);
    close([p.reduce((a, b) => a + b, 0)], [1]);
  });

  it('gives ints and stepped floats cell masses that sum to 1 over the grid', () => {
    const ints = fitParzen([tpeDim(int(1, 10))], [[3, 7, 7]], ones(3), opts);
    close(
      [
        mass(
          ints,
          Array.from({ length: 10 }, (_, i) => i + 1),
        ),
      ],
      [1],
    );
    const stepped = fitParzen([tpeDim(float(0, 1, { step: 0.25 }))], [[0.25]], ones(1), opts);
    close([mass(stepped, [0, 0.25, 0.5, 0.75, 1])], [1]);
    const wide = fitParzen([tpeDim(int(0, 100, { step: 5 }))], [[10, 15, 95]], ones(3), opts);
    close(
      [
        mass(
          wide,
          Array.from({ length: 21 }, (_, i) => 5 * i),
        ),
      ],
      [1],
    );
  });

  it('gives log ints masses on cells [ln(k − ½), ln(k + ½)] that sum to 1', () => {
    const est = fitParzen([tpeDim(int(1, 100, { log: true }))], [[Math.log(2), Math.log(50)]], ones(2), opts);
    const ks = Array.from({ length: 100 }, (_, i) => Math.log(i + 1));
    close([mass(est, ks)], [1]);
    // The prior alone is log-uniform over the widened range: k gets ln((k+½)/(k−½)) / ln(100.5/0.5).
    const prior = fitParzen([tpeDim(int(1, 100, { log: true }))], [[]], [], opts);
    const p1 = Math.exp(logPdfParzen(prior, [[0]], 1)[0] as number);
    assert.ok(p1 > 0 && p1 < 1);
  });

  it('renormalises truncated continuous kernels: the density integrates to 1 over the range', () => {
    const est = fitParzen([tpeDim(float(0, 1))], [[0.02, 0.5, 0.97]], ones(3), opts);
    const n = 20000;
    const xs = Array.from({ length: n + 1 }, (_, i) => i / n);
    const f = Array.from(logPdfParzen(est, [xs], xs.length), Math.exp);
    // Simpson's rule.
    let s = (f[0] as number) + (f[n] as number);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * (f[i] as number);
    close([s / (3 * n)], [1], 1e-9);
  });

  it('samples on the grid for discrete dims and within the range for continuous ones', () => {
    const dims = [
      tpeDim(int(1, 10)),
      tpeDim(int(1, 1000, { log: true })),
      tpeDim(float(-2, 2)),
      tpeDim(categorical(['x', 'y'])),
    ];
    const est = fitParzen(
      dims,
      [
        [2, 9],
        [Math.log(3), Math.log(700)],
        [0, 1.5],
        [0, 1],
      ],
      ones(2),
      opts,
    );
    const [cands] = withRng(rngFromSeed(1), (next) => sampleParzen(est, 500, next));
    for (let c = 0; c < 500; c++) {
      const [i, l, f, k] = cands.map((col) => col[c] as number) as [number, number, number, number];
      assert.ok(Number.isInteger(i) && i >= 1 && i <= 10);
      const e = Math.round(Math.exp(l));
      assert.ok(Math.abs(Math.exp(l) - e) < 1e-9 && e >= 1 && e <= 1000);
      assert.ok(f >= -2 && f <= 2);
      assert.ok(k === 0 || k === 1);
    }
  });

  it('scores several dimensions exactly as the direct sum over every component and dimension', () => {
    const dims = [
      tpeDim(float(-5, 5)),
      tpeDim(int(1, 20)),
      tpeDim(categorical(['a', 'b', 'c'])),
      tpeDim(float(1e-3, 1, { log: true })),
    ];
    const [obs] = withRng(rngFromSeed(6), (next) => {
      const cols: number[][] = [[], [], [], []];
      for (let i = 0; i < 400; i++) {
        cols[0]?.push(-5 + 10 * next() ** 2);
        cols[1]?.push(1 + Math.floor(20 * next()));
        cols[2]?.push(Math.floor(3 * next()));
        cols[3]?.push(Math.log(1e-3) + Math.log(1e3) * next());
      }
      return cols;
    });
    const est = fitParzen(dims, obs, tpeWeights(400), opts);
    const [cands] = withRng(rngFromSeed(7), (next) => sampleParzen(est, 50, next));
    const direct = Array.from({ length: 50 }, (_, c) => {
      const terms = Array.from({ length: est.size }, (_, k) => {
        let t = est.constants[k] as number;
        dims.forEach((dim, j) => {
          const x = (cands[j] as Float64Array)[c] as number;
          const mu = (est.mus[j] as Float64Array)[k] as number;
          if (dim.kind === 'cat') {
            const cl = est.catLog[j] as { hit: number; miss: number; prior: number };
            t += mu < 0 ? cl.prior : mu === x ? cl.hit : cl.miss;
          } else if (dim.kind === 'float')
            t -= 0.5 * ((x - mu) * ((est.invSigmas[j] as Float64Array)[k] as number)) ** 2;
          else if (dim.kind === 'step') {
            const s = (est.sigmas[j] as Float64Array)[k] as number;
            t += logGaussMass((Math.max(dim.lo, x - 0.5) - mu) / s, (Math.min(dim.hi, x + 0.5) - mu) / s);
          }
        });
        return t;
      });
      const max = Math.max(...terms);
      return max + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - max), 0));
    });
    close(logPdfParzen(est, cands, 50), direct, 1e-12);
  });

  it('scores one-dimensional models the same through the pruned line path and the full sum', () => {
    for (const d of [float(-5, 5), int(1, 100), int(1, 1000, { log: true })]) {
      const dim = tpeDim(d);
      const [obs] = withRng(rngFromSeed(4), (next) =>
        Array.from({ length: 300 }, () => {
          const x = next() ** 3;
          return dim.kind === 'float'
            ? -5 + 10 * x
            : dim.kind === 'step'
              ? 1 + Math.round(99 * x)
              : Math.log(1 + Math.round(999 * x));
        }),
      );
      const est = fitParzen([dim], [obs], tpeWeights(300), opts);
      assert.ok(est.line);
      const [cands] = withRng(rngFromSeed(5), (next) => sampleParzen(est, 100, next));
      const { line: _line, ...full } = est;
      close(logPdfParzen(est, cands, 100), Array.from(logPdfParzen(full, cands, 100)), 1e-12);
    }
  });
  it('picks the same one-dimensional candidate with partial sums as by scoring every candidate in full', () => {
    let differentFromFirst = 0;
    for (const d of [float(-5, 5), int(1, 100), int(1, 1000, { log: true })]) {
      const dim = tpeDim(d);
      const draw = (next: () => number, m: number, spread: number): number[] =>
        Array.from({ length: m }, () => {
          const x = Math.min(1, Math.max(0, 0.5 + spread * (next() - 0.5) + 0.3 * (next() - 0.5) ** 3));
          return dim.kind === 'float'
            ? -5 + 10 * x
            : dim.kind === 'step'
              ? 1 + Math.round(99 * x)
              : Math.log(1 + Math.round(999 * x));
        });
      for (let seed = 0; seed < 40; seed++) {
        const [[good, bad], rng] = withRng(rngFromSeed(100 + seed), (next) => [
          draw(next, 5 + Math.floor(20 * next()), 0.3),
          draw(next, 50 + Math.floor(900 * next()), 1),
        ]);
        const l = fitParzen([dim], [good], tpeWeights(good.length), opts);
        const g = fitParzen([dim], [bad], tpeWeights(bad.length), opts);
        assert.ok(g.line);
        const [cands] = withRng(rng, (next) => sampleParzen(l, 24, next));
        const { line: _l, ...lFull } = l;
        const { line: _g, ...gFull } = g;
        const ll = logPdfParzen(lFull, cands, 24);
        const lg = logPdfParzen(gFull, cands, 24);
        let direct = 0;
        for (let c = 1; c < 24; c++)
          if ((ll[c] as number) - (lg[c] as number) > (ll[direct] as number) - (lg[direct] as number)) direct = c;
        assert.equal(bestCandidate(l, g, cands, 24), direct, `${dim.kind} seed ${seed}`);
        if (direct > 0) differentFromFirst++;
      }
    }
    // The cases exercise the search, not just candidate 0.
    assert.ok(differentFromFirst > 60, `${differentFromFirst}`);
  });
});

describe('parity with Optuna 3.1’s _ParzenEstimator (reference values computed with python3-optuna 3.1.0)', () => {
  const pts = [-5, -2.5, 0, 2.5, 5, 7.5, 10];
  const obs = [[1, -2.5, 7.3, 3.3, 9.9]];
  const legacy: ParzenOptions = { ...opts, optuna3Density: true };

  it('univariate: prior among the neighbours, σ and log density', () => {
    const est = fitParzen([tpeDim(float(-5, 10))], obs, ones(5), { ...legacy, bandwidth: 'priorNeighbours' });
    close(est.sigmas[0] as Float64Array, [3.5, 3.5, 4, 4, 2.6, 15]);
    close(
      logPdfParzen(est, [pts], 7),
      [
        -1.402640040877, -1.129644415479, -0.985026975385, -0.957009610739, -0.971522332983, -0.936206048125,
        -0.986035004126,
      ],
      1e-11,
    );
  });

  it('multivariate: the Scott-like bandwidth and log density', () => {
    const est = fitParzen([tpeDim(float(-5, 10))], obs, ones(5), { ...legacy, bandwidth: 'scott' });
    close(est.sigmas[0] as Float64Array, [...Array.from({ length: 5 }, () => 2.174338991033), 15], 1e-11);
    close(
      logPdfParzen(est, [pts], 7),
      [
        -1.639881077164, -1.345501713479, -1.231731226486, -1.201592955591, -1.25372638614, -1.141816282946,
        -1.150709763414,
      ],
      1e-11,
    );
  });

  it('ints: per-cell masses (unaffected by the 3.1 density bug)', () => {
    const est = fitParzen([tpeDim(int(1, 10))], [[3, 7, 7]], ones(3), { ...opts, bandwidth: 'priorNeighbours' });
    close(est.sigmas[0] as Float64Array, [2.5, 2, 2, 10]);
    close(
      logPdfParzen(est, [Array.from({ length: 10 }, (_, i) => i + 1)], 10),
      [
        -2.827062149705, -2.618596282585, -2.442766469764, -2.267933070732, -2.091857049345, -1.96454981743,
        -1.952122659796, -2.097014650416, -2.404717808839, -2.835318471437,
      ],
      1e-11,
    );
  });

  it('differs from the corrected density (Optuna ≥ 3.5) by each kernel’s log σ', () => {
    const fixed = fitParzen([tpeDim(float(-5, 10))], [[2]], ones(1), opts);
    const old = fitParzen([tpeDim(float(-5, 10))], [[2]], ones(1), { ...opts, optuna3Density: true });
    // One observation: kernel σ = 8 (and prior σ = 15), so the constants differ by log σ.
    close([(old.constants[0] as number) - (fixed.constants[0] as number)], [Math.log(8)]);
    close([(old.constants[1] as number) - (fixed.constants[1] as number)], [Math.log(15)]);
  });
});

describe('truncated normal helpers', () => {
  it('agree with known values of erfc, Φ and log Φ', () => {
    close(
      [erfc(3), erfc(-1), ndtr(-5), logNdtr(-40), logNdtr(3)],
      [2.209049699858544e-5, 1.842700792949715, 2.866515718791939e-7, -804.6084420137538, -0.0013508099647482027],
      1e-15,
    );
    close([Math.exp(logGaussMass(-1, 1))], [0.6826894921370859]);
    assert.ok(Number.isFinite(logGaussMass(50, 51)) && Number.isFinite(logGaussMass(-51, -50)));
  });

  it('inverts the truncated CDF', () => {
    for (const [a, b] of [
      [-1, 1],
      [-100, 0.5],
      [-0.01, 100],
      [-3, -2.5],
    ] as const)
      for (const q of [1e-6, 0.1, 0.5, 0.9, 1 - 1e-6]) {
        const x = truncNormPpf(q, a, b);
        const cdf = (ndtr(x) - ndtr(a)) / (ndtr(b) - ndtr(a));
        assert.ok(Math.abs(cdf - q) < 1e-9, `q=${q} on [${a}, ${b}]: x=${x}, cdf=${cdf}`);
      }
  });

  it('gives Φ⁻¹ to ~1e-16 (SciPy ndtri values), agreeing with the log-space inverse, tails and q = ½ included', () => {
    // scipy.special.ndtri at these points (Cephes), to the last digit.
    const qs = [0.975, 0.5, 1e-10, 0.3, 0.865, 2 ** -52, 1 - 2 ** -40, 0.02425, 0.97575];
    const scipy = [
      1.959963984540054, 0, -6.361340902404056, -0.5244005127080409, 1.1030625561995975, -8.125890664701908,
      7.047700256664409, -1.972961051311885, 1.972961051311885,
    ];
    qs.forEach((q, i) => {
      const want = scipy[i] as number;
      assert.ok(Math.abs(ndtri(q) - want) <= 2.3e-16 * Math.max(1, Math.abs(want)), `q = ${q}: ${ndtri(q)} vs ${want}`);
    });
    // ndtriExp is accurate on the lower half (above ½ its log/expm1 round trip costs a few ulp, mpmath says).
    for (let i = 1; i < 800; i++) {
      const q = i <= 500 ? i / 1000 : 10 ** -(i - 497);
      const want = ndtriExp(Math.log(q));
      assert.ok(Math.abs(ndtri(q) - want) <= 1e-15 * Math.max(1, Math.abs(want)), `q = ${q}: ${ndtri(q)} vs ${want}`);
      assert.ok(ndtri(1 - q) === -ndtri(1 - (1 - q)), `symmetry at ${q}`);
    }
    assert.deepEqual([ndtri(0), ndtri(1), ndtri(-1), ndtri(NaN)], [-Infinity, Infinity, NaN, NaN]);
  });

  it('gives the same truncated quantile with and without the far-bounds shortcut', () => {
    // The definition, p = Φ(a) + q·(Φ(b) − Φ(a)), is accurate in double for q ≤ ½ on these symmetric ranges;
    // [−40, 40] and [−12, 12] take the shortcut for every q here, [−9.5, 9.5] for central q only (at
    // q = 2^-52 its tail Φ(−9.5) ≈ 1e-21 still moves x in the 8th digit, and the full path must see that).
    for (const z of [40, 12, 9.5, 9])
      for (const q of [2 ** -52, 1e-9, 1e-4, 0.1, 0.3, 0.5]) {
        const ref = (c: number): number => ndtriExp(Math.log(ndtr(-z) + c * (ndtr(z) - ndtr(-z))));
        // The upper quantile at the double 1 − q, whose exact complement is 1 − (1 − q) (Sterbenz).
        const upper = 1 - q;
        for (const [x, w] of [
          [truncNormPpf(q, -z, z), ref(q)],
          [truncNormPpf(upper, -z, z), -ref(1 - upper)],
        ] as const)
          assert.ok(Math.abs(x - w) <= 2e-15 * Math.max(1, Math.abs(w)), `q=${q} z=${z}: ${x} vs ${w}`);
      }
  });
});

// ── the incremental history ──────────────────────────────────────────────────────────────────────

const objective = { metric: 'loss', mode: 'min' } as const;
const studyOf = (space: SearchSpace): StudyState =>
  initialStudyState({ seed: 0, objective, space, concurrency: 1000, budget: {} });
const start = (s: StudyState, config: Config): StudyState => reduceStudy(s, trialStarted(freshTrial(s, config)));
const report = (s: StudyState, id: string, step: number, loss: number): StudyState =>
  reduceStudy(s, trialReported(id, { step, metrics: { loss } }, -loss));
const end = (s: StudyState, id: string, outcome: Outcome): StudyState => reduceStudy(s, trialEnded(id, outcome));

describe('TpeHistory', () => {
  const space = { x: float(0, 1) };
  const params = flattenSpace(space);

  it('ranks completed trials by score, then fills the good set from pruned ones by step, then value', () => {
    let s = studyOf(space);
    // 0..3 completed with losses 5, 1, 3, 1 (trial 1 before 3 on the tie); 4..7 stopped/paused; 8 failed; 9 running.
    const finals: Array<[number, number, Outcome]> = [
      [1, 5, 'completed'],
      [1, 1, 'completed'],
      [1, 3, 'completed'],
      [1, 1, 'completed'],
      [3, 9, 'stopped'], // furthest step
      [2, 0.5, 'stopped'],
      [2, 0.1, 'paused'], // same step as 5, better value
      [1, 0, 'stopped'],
      [1, -100, 'failed'],
    ];
    finals.forEach(([step, loss, outcome], i) => {
      s = start(s, { x: i / 10 });
      s = report(s, String(i), step, loss);
      s = end(s, String(i), outcome);
    });
    s = start(s, { x: 0.99 });
    const h = TpeHistory.sync(undefined, params, s);
    assert.equal(h.finished, 8);
    const order = (n: number): number[] => {
      const below = h.markBelow(n);
      h.unmarkBelow(below);
      return below.map((slot) => h.view.numbers[slot] as number);
    };
    // Sorted by trial number after selection (for the weight ramp).
    assert.deepEqual(order(1), [1]);
    assert.deepEqual(order(2), [1, 3]);
    assert.deepEqual(order(4), [0, 1, 2, 3]);
    assert.deepEqual(order(5), [0, 1, 2, 3, 4]);
    assert.deepEqual(order(6), [0, 1, 2, 3, 4, 6]);
    assert.deepEqual(order(7), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(order(25), [0, 1, 2, 3, 4, 5, 6, 7]);
    // The running trial is not finished; the failed one is nowhere.
    assert.deepEqual(
      h.runningSlots(s.running).map((slot) => h.view.numbers[slot]),
      [9],
    );
    const above = h.aboveOf([0], h.runningSlots(s.running));
    assert.equal(above.count, 9);
  });

  it('gives the same above set per parameter from its once-per-ask cache as built afresh, conditional ones included', () => {
    const cond = { x: float(0, 1), y: int(0, 9), kind: categorical(['a', 'b'], { b: { z: float(-1, 1) } }) };
    const ps = flattenSpace(cond);
    let s = studyOf(cond);
    const [configs] = withRng(rngFromSeed(5), (next) =>
      Array.from({ length: 30 }, (_, i): Config => {
        const base = { x: next(), y: Math.floor(10 * next()) };
        return i % 2 === 0 ? { ...base, kind: 'a' } : { ...base, kind: 'b', z: 2 * next() - 1 };
      }),
    );
    configs.forEach((c, i) => {
      s = start(s, c);
      if (i >= 27) return; // 27..29 stay running: the constant liar's extra members
      s = report(s, String(i), 1, (i * 7) % 11);
      s = end(s, String(i), 'completed');
    });
    const h = TpeHistory.sync(undefined, ps, s);
    const running = h.runningSlots(s.running);
    const snapshot = (o: { values: Float64Array[]; orders?: Int32Array[]; count: number }) => ({
      count: o.count,
      values: o.values.map((v) => Array.from(v)),
      orders: o.orders?.map((v) => Array.from(v)),
    });
    const groups = ps.map((_, p) => [p]).concat([[0, 1]]);
    // Each group alone, in a fresh mark cycle (nothing cached).
    const alone = groups.map((g) => {
      const below = h.markBelow(3);
      const o = snapshot(h.aboveOf(g, running));
      h.unmarkBelow(below);
      return o;
    });
    // All of them in one cycle, twice over: the second pass is served from the cache.
    const below = h.markBelow(3);
    const together = [...groups, ...groups].map((g) => snapshot(h.aboveOf(g, running)));
    h.unmarkBelow(below);
    assert.deepEqual(together, [...alone, ...alone]);
    // x, y and kind are on every trial (27 finished − 3 below + 3 running); z only on the b branch.
    assert.deepEqual(
      alone.map((o) => o.count),
      [27, 27, 27, 14, 27],
    );
    // A new cycle with another good set must not reuse the previous one's above set.
    const below5 = h.markBelow(5);
    assert.equal(h.aboveOf([0], running).count, 25);
    h.unmarkBelow(below5);
  });

  it('is the same whether folded incrementally or rebuilt, and rebuilds when handed another branch', () => {
    const cond = {
      kind: categorical(['linear', 'rbf', 'poly'], {
        rbf: { gamma: float(1e-4, 10, { log: true }) },
        poly: { degree: int(2, 5), coef0: float(0, 1) },
      }),
      C: float(1e-3, 1e3, { log: true }),
    };
    const ps = flattenSpace(cond);
    let s = studyOf(cond);
    let h = TpeHistory.sync(undefined, ps, s);
    const states: StudyState[] = [];
    const [configs] = withRng(rngFromSeed(2), (next) =>
      Array.from({ length: 40 }, (_, i): Config => {
        const kind = (['linear', 'rbf', 'poly'] as const)[i % 3] as string;
        const base = { kind, C: 10 ** (6 * next() - 3) };
        return kind === 'rbf'
          ? { ...base, gamma: 10 ** (5 * next() - 4) }
          : kind === 'poly'
            ? { ...base, degree: 2 + Math.floor(4 * next()), coef0: next() }
            : base;
      }),
    );
    configs.forEach((c, i) => {
      s = start(s, c);
      s = report(s, String(i), 1 + (i % 4), (i * 7) % 11);
      s = end(s, String(i), i % 5 === 0 ? 'stopped' : i % 7 === 0 ? 'failed' : 'completed');
      h = TpeHistory.sync(h, ps, s);
      states.push(s);
    });
    const fresh = TpeHistory.sync(undefined, ps, s);
    assert.equal(h, TpeHistory.sync(h, ps, s)); // nothing new: same object
    for (const k of ['completed', 'pruned', 'finished', 'sortedBy', 'present', 'groups'] as const)
      assert.deepEqual(h.view[k], fresh.view[k], k);
    // Optuna's group decomposition: {kind, C}, {gamma}, {degree, coef0} (as parameter indices).
    const names = (g: ReadonlyArray<number>) => g.map((p) => ps[p]?.name).sort();
    assert.deepEqual(new Set(h.groups.map((g) => names(g).join(','))), new Set(['C,kind', 'gamma', 'coef0,degree']));
    // An older state is another branch of the log: a new history is built for it, the current one is kept.
    const old = TpeHistory.sync(h, ps, states[9] as StudyState);
    assert.notEqual(old, h);
    assert.equal(old.finished, TpeHistory.sync(undefined, ps, states[9] as StudyState).finished);
    assert.equal(TpeHistory.sync(h, ps, s), h);
  });

  it('moves a resumed paused trial out of the finished set and back when it ends again', () => {
    let s = studyOf(space);
    s = start(s, { x: 0.5 });
    s = report(s, '0', 1, 2);
    s = end(s, '0', 'paused');
    let h = TpeHistory.sync(undefined, params, s);
    assert.deepEqual([h.finished, h.view.pruned.length], [1, 1]);
    const t = { ...(s.trials.get('0')?.trial as NonNullable<ReturnType<typeof s.trials.get>>['trial']), segment: 1 };
    s = reduceStudy(s, trialStarted(t));
    h = TpeHistory.sync(h, params, s);
    assert.deepEqual([h.finished, h.runningSlots(s.running).length], [0, 1]);
    s = report(s, '0', 3, 1);
    s = end(s, '0', 'completed');
    h = TpeHistory.sync(h, params, s);
    assert.deepEqual([h.finished, h.view.completed.length, h.view.pruned.length], [1, 1, 0]);
  });
});
