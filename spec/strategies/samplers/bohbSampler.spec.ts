import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import { categorical, float } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { rngFromSeed } from '../../../lib/rng.js';
import type { BohbOptions } from '../../../strategies/samplers/bohbSampler.js';
import { bohbSampler } from '../../../strategies/samplers/bohbSampler.js';
import { bohbKdePdf, fitBohbKde, sampleBohbKde } from '../../../strategies/samplers/bohb/bohbKde.js';
import { bohbVector } from '../../../strategies/samplers/bohb/bohbHistory.js';
import { flattenSpace } from '../../../lib/searchSpace.js';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('bohb KDE (statsmodels KDEMultivariate, normal_reference)', () => {
  it('bandwidth = 1.06·std·n^(−1/(d+4)) per column (population std), floored at minBandwidth', () => {
    const data = [
      [0.1, 0, 0.5],
      [0.3, 1, 0.5],
      [0.2, 2, 0.5],
      [0.6, 1, 0.5],
    ];
    const kde = fitBohbKde(data, [0, 3, 0], 1e-3);
    const std = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    };
    const f = 1.06 * Math.pow(4, -1 / 7);
    close(kde.bandwidths[0]!, f * std([0.1, 0.3, 0.2, 0.6]), 1e-12, 'h0');
    close(kde.bandwidths[1]!, f * std([0, 1, 2, 1]), 1e-12, 'h1 (categorical column too)');
    assert.equal(kde.bandwidths[2], 1e-3);
  });
  it('pdf: mean over rows of Gaussian × Aitchison–Aitken kernels (levels = distinct choices in the data)', () => {
    const kde = {
      data: [
        [0.5, 0],
        [0.7, 2],
      ],
      bandwidths: [0.1, 0.2],
      kinds: [0, 3],
      levels: [0, 2],
    };
    const g = (x: number, m: number, h: number) => Math.exp(-0.5 * ((x - m) / h) ** 2) / (h * Math.sqrt(2 * Math.PI));
    // statsmodels' aitchison_aitken: h / (L − 1) off the datum's choice, L = 2 distinct choices here (not 3).
    const want = (g(0.6, 0.5, 0.1) * (1 - 0.2) + g(0.6, 0.7, 0.1) * (0.2 / 1)) / 2;
    close(bohbKdePdf(kde, [0.6, 0]), want, 1e-12, 'pdf');
  });
  it('fit counts the distinct choices of each categorical column; one choice gives +∞ off it, as numpy', () => {
    const kde = fitBohbKde(
      [
        [0.2, 1, 0],
        [0.4, 1, 2],
        [0.3, 1, 0],
      ],
      [0, 4, 3],
      1e-3,
    );
    assert.deepEqual(kde.levels, [0, 1, 2]);
    assert.equal(bohbKdePdf(kde, [0.3, 0, 0]), Infinity);
    assert.ok(Number.isFinite(bohbKdePdf(kde, [0.3, 1, 1])));
    // A Gaussian factor that underflows to 0 times ∞ is NaN, as in statsmodels.
    assert.ok(Number.isNaN(bohbKdePdf(kde, [1e6, 0, 0])));
  });
  it('draws stay in [0, 1] and categorical draws are choices', () => {
    const kde = {
      data: [
        [0.01, 1],
        [0.99, 0],
      ],
      bandwidths: [0.3, 0.5],
      kinds: [0, 2],
      levels: [0, 2],
    };
    let i = 0;
    const next = () => ((i = (i * 9301 + 49297) % 233280), i / 233280);
    for (let k = 0; k < 200; k++) {
      const [x, c] = sampleBohbKde(kde, 3, next);
      assert.ok(x! >= 0 && x! <= 1);
      assert.ok(c === 0 || c === 1);
    }
  });
});

describe('bohbVector', () => {
  it('numeric params in [0, 1] (log-aware), categoricals as index, NaN when absent', () => {
    const space = { lr: float(1e-4, 1, { log: true }), act: categorical(['a', 'b', 'c']), x: float(0, 10) };
    const v = bohbVector(flattenSpace(space), { lr: 1e-2, act: 'c' });
    close(v[0]!, 0.5, 1e-12, 'lr');
    assert.equal(v[1], 2);
    assert.ok(Number.isNaN(v[2]));
  });
});

const space = { x: float(0, 1), y: float(0, 1) };
/**
 * 40 trials report at step 1 with loss |x − 0.2|; the first 24 of them also report at step 3 with loss
 * |x − 0.8| (the larger budget disagrees with the smaller one).
 */
const twoBudgets = () => {
  const s = askTell({
    space,
    objective: { metric: 'loss', mode: 'min' },
    sampler: bohbSampler({ randomFraction: 1 }),
    seed: 1,
    budget: { trials: 40 },
  });
  for (let i = 0; i < 40; i++) {
    const t = s.ask();
    if (!t) break;
    const x = t.config.x;
    s.report(t.id, 1, { loss: Math.abs(x - 0.2) });
    if (i < 24) s.report(t.id, 3, { loss: Math.abs(x - 0.8) });
    s.tell(t.id);
  }
  return s.state;
};

describe('bohbSampler', () => {
  it('proposes from the largest budget with enough observations', () => {
    const study = twoBudgets();
    const sampler = bohbSampler({ randomFraction: 0 });
    let st = sampler.init(space, rngFromSeed(5));
    const xs: number[] = [];
    for (let k = 0; k < 20; k++) {
      const [c, next] = sampler.ask(st, study);
      st = next;
      xs.push(c!['x'] as number);
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.8) < 0.15, `mean x ${mean}: the step-3 model puts the good region near 0.8`);
  });
  it('uses the smaller budget while the larger one has too few observations', () => {
    const study = twoBudgets();
    const sampler = bohbSampler({ randomFraction: 0, minPointsInModel: 25 });
    let st = sampler.init(space, rngFromSeed(5));
    const xs: number[] = [];
    for (let k = 0; k < 20; k++) {
      const [c, next] = sampler.ask(st, study);
      st = next;
      xs.push(c!['x'] as number);
    }
    // Step 3 has 24 observations, fewer than 25; step 1 has 40 (25 good, 15 bad).
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.2) < 0.15, `mean x ${mean}`);
  });
  it('copes with categorical columns of one level (infinite KDE densities) and keeps to the good choice', () => {
    const s = askTell({
      space: { x: float(0, 1), c: categorical(['a', 'b', 'c']) },
      objective: { metric: 'loss', mode: 'min' },
      sampler: bohbSampler({ randomFraction: 0 }),
      seed: 2,
      budget: { trials: 80 },
    });
    const late: unknown[] = [];
    for (let i = 0; i < 80; i++) {
      const t = s.ask();
      if (!t) break;
      const { x, c } = t.config as { x: number; c: string };
      assert.ok(x >= 0 && x <= 1 && ['a', 'b', 'c'].includes(c), JSON.stringify(t.config));
      if (i >= 40) late.push(c);
      s.report(t.id, 1, { loss: Math.abs(x - 0.3) + (c === 'a' ? 0 : 1) });
      s.tell(t.id);
    }
    const share = late.filter((c) => c === 'a').length / late.length;
    assert.ok(share > 0.8, `share of 'a' among the last 40 proposals: ${share}`);
  });
  it('samples the prior until a model exists, and is deterministic for a seed', () => {
    const run = (seed: number) => {
      const s = askTell({
        space,
        objective: { metric: 'loss', mode: 'min' },
        sampler: bohbSampler(),
        seed,
        budget: { trials: 30 },
      });
      const out: unknown[] = [];
      for (let i = 0; i < 30; i++) {
        const t = s.ask()!;
        out.push(t.config);
        s.report(t.id, 1, { loss: (t.config.x - 0.3) ** 2 + (t.config.y - 0.6) ** 2 });
        s.tell(t.id);
      }
      return out;
    };
    assert.deepEqual(run(3), run(3));
    assert.notDeepEqual(run(3), run(4));
  });
  it('keeps its state JSON-small: the history cache is not enumerable', () => {
    const study = twoBudgets();
    const sampler = bohbSampler();
    const [, st] = sampler.ask(sampler.init(space, rngFromSeed(1)), study);
    assert.deepEqual(Object.keys(st), ['rng']);
    // A state read back from JSON rebuilds the cache from the log and asks the same.
    const again = JSON.parse(JSON.stringify(st)) as typeof st;
    assert.deepEqual(sampler.ask(again, study)[0], sampler.ask(st, study)[0]);
  });
  const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['topNPercent 0', { topNPercent: 0 }, /topNPercent must be a number in \(0, 100\), got 0/],
    ['numSamples 1.5', { numSamples: 1.5 }, /numSamples must be an integer >= 1, got 1\.5/],
    ['randomFraction 2', { randomFraction: 2 }, /randomFraction must be a number in \[0, 1\], got 2/],
    ['bandwidthFactor -1', { bandwidthFactor: -1 }, /bandwidthFactor must be a number > 0, got -1/],
    ['minBandwidth 0', { minBandwidth: 0 }, /minBandwidth must be a number > 0, got 0/],
    ['minPointsInModel 0', { minPointsInModel: 0 }, /minPointsInModel must be an integer >= 1, got 0/],
    ['a typo', { topNpercent: 10 }, /topNpercent/],
  ];
  for (const [name, o, re] of bad)
    it(`throws InvalidOptionsError for ${name}`, () =>
      assert.throws(
        () => bohbSampler(o as BohbOptions),
        (e: unknown) => e instanceof InvalidOptionsError && re.test(e.message),
      ));
});
