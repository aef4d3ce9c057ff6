import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { rngFromSeed, withRng } from '../../../lib/rng.js';
import { configProblems } from '../../../lib/searchSpace.js';
import { haltonPoint, haltonScramble } from '../../../strategies/samplers/qmc/haltonPoint.js';
import { sobolPoint, sobolScramble } from '../../../strategies/samplers/qmc/sobolPoint.js';
import { qmcSampler } from '../../../strategies/samplers/qmcSampler.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';

const objective = { metric: 'loss', mode: 'min' } as const;

const configsOf = <S>(space: SearchSpace, sampler: Sampler<S>, n: number, seed = 0) => {
  const s = askTell({ space, objective, sampler, seed, budget: { trials: n } });
  const out = [];
  for (let t = s.ask(); t; t = s.ask()) {
    out.push(t.config);
    s.report(t.id, 1, { loss: 0 });
    s.tell(t.id);
  }
  return out;
};

// Each of the first 2^k points falls in a different cell of width 2^-k (the Sobol' stratification).
const stratified = (xs: ReadonlyArray<number>, cells: number): boolean =>
  new Set(xs.map((x) => Math.floor(x * cells))).size === cells;

describe('sobolPoint', () => {
  it('starts (0,0), (0.5,0.5), (0.75,0.25), (0.25,0.75), (0.375,0.375) in 2-D (ALGORITHMS.md §14)', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((i) => sobolPoint(i, 2)),
      [
        [0, 0],
        [0.5, 0.5],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.375, 0.375],
      ],
    );
  });

  it('matches SciPy’s unscrambled Sobol’ (Joe–Kuo directions) far into the table', () => {
    // Reference values computed with scipy.stats._sobol (30 bits) from the same direction numbers.
    assert.deepEqual(
      sobolPoint(1000, 40).slice(35),
      [0.7705078125, 0.8486328125, 0.8310546875, 0.3076171875, 0.4794921875],
    );
    const p = sobolPoint(12345, 40);
    assert.deepEqual(
      [p[0], p[7], p[19], p[39]],
      [0.64093017578125, 0.11334228515625, 0.34344482421875, 0.94818115234375],
    );
    const q = sobolPoint(777, 1024);
    assert.deepEqual([q[500], q[1000], q[1023]], [0.8701171875, 0.1083984375, 0.4521484375]);
  });

  it('stratifies every one of 40 dimensions over the first 64 points', () => {
    const pts = Array.from({ length: 64 }, (_, i) => sobolPoint(i, 40));
    for (let d = 0; d < 40; d++)
      assert.ok(
        stratified(
          pts.map((p) => p[d] as number),
          64,
        ),
        `dimension ${d}`,
      );
  });

  it('makes dimensions 1 and 2 a (0, 4, 2)-net: every elementary box of area 1/16 holds one of 16 points', () => {
    const pts = Array.from({ length: 16 }, (_, i) => sobolPoint(i, 2));
    for (let a = 0; a <= 4; a++) {
      const boxes = new Set(
        pts.map(([x, y]) => `${Math.floor((x as number) * 2 ** a)},${Math.floor((y as number) * 2 ** (4 - a))}`),
      );
      assert.equal(boxes.size, 16, `boxes ${2 ** a} x ${2 ** (4 - a)}`);
    }
  });

  it('scrambles reproducibly from the RNG, keeps the stratification and leaves the origin', () => {
    const [sc] = withRng(rngFromSeed(7), (next) => sobolScramble(5, next));
    const [again] = withRng(rngFromSeed(7), (next) => sobolScramble(5, next));
    const [other] = withRng(rngFromSeed(8), (next) => sobolScramble(5, next));
    assert.deepEqual(sobolPoint(3, 5, sc), sobolPoint(3, 5, again));
    assert.notDeepEqual(sobolPoint(3, 5, sc), sobolPoint(3, 5, other));
    assert.notDeepEqual(sobolPoint(0, 5, sc), [0, 0, 0, 0, 0]);
    const pts = Array.from({ length: 32 }, (_, i) => sobolPoint(i, 5, sc));
    for (let d = 0; d < 5; d++) {
      assert.ok(
        stratified(
          pts.map((p) => p[d] as number),
          32,
        ),
        `dimension ${d}`,
      );
      for (const p of pts) assert.ok((p[d] as number) >= 0 && (p[d] as number) < 1);
    }
  });

  it('refuses a bad index or a dimension beyond the table', () => {
    assert.throws(() => sobolPoint(-1, 2), InvalidOptionsError);
    assert.throws(() => sobolPoint(1.5, 2), InvalidOptionsError);
    assert.throws(() => sobolPoint(0, 1025), InvalidOptionsError);
  });
});

describe('haltonPoint', () => {
  it('starts (0,0), (0.5,1/3), (0.25,2/3) (ALGORITHMS.md §2)', () => {
    assert.deepEqual(haltonPoint(0, 2), [0, 0]);
    assert.deepEqual(haltonPoint(1, 2), [0.5, 1 / 3]);
    assert.deepEqual(haltonPoint(2, 2), [0.25, 2 / 3]);
    // 5 = 101₂ = 12₃ = 10₅
    assert.deepEqual(
      haltonPoint(5, 3).map((u) => +u.toFixed(12)),
      [0.625, 0.777777777778, 0.04],
    );
  });

  it('scrambles reproducibly with digit permutations that keep each base stratified', () => {
    const [sc] = withRng(rngFromSeed(3), (next) => haltonScramble(3, next));
    const [again] = withRng(rngFromSeed(3), (next) => haltonScramble(3, next));
    assert.deepEqual(haltonPoint(11, 3, sc), haltonPoint(11, 3, again));
    assert.notDeepEqual(haltonPoint(0, 3, sc), [0, 0, 0]);
    // 2^3 = 8 points in base 2 and 3^2 = 9 points in base 3 each hit every cell once.
    assert.ok(
      stratified(
        Array.from({ length: 8 }, (_, i) => haltonPoint(i, 3, sc)[0] as number),
        8,
      ),
    );
    assert.ok(
      stratified(
        Array.from({ length: 9 }, (_, i) => haltonPoint(i, 3, sc)[1] as number),
        9,
      ),
    );
    for (let i = 0; i < 50; i++) for (const u of haltonPoint(i, 3, sc)) assert.ok(u >= 0 && u < 1);
  });
});

describe('qmcSampler', () => {
  it('walks the Sobol’ sequence, decoding through the half-step-widened range', () => {
    // u = 0, .5, .75, .25 on int(0, 3) widened to [-0.5, 3.5]: 0, 2, 3, 1 — every value once.
    const configs = configsOf({ n: int(0, 3) }, qmcSampler(), 4);
    assert.deepEqual(
      configs.map((c) => c.n),
      [0, 2, 3, 1],
    );
  });

  it('decodes log floats through log space and categoricals as index ⌊C·u⌋', () => {
    const configs = configsOf(
      { lr: float(1e-4, 1, { log: true }), c: categorical(['a', 'b', 'c', 'd']) },
      qmcSampler(),
      3,
    );
    assert.ok(Math.abs((configs[0]?.lr as number) - 1e-4) < 1e-18);
    assert.ok(Math.abs((configs[1]?.lr as number) - 1e-2) < 1e-15);
    assert.deepEqual(
      configs.map((c) => c.c),
      ['a', 'c', 'b'],
    );
  });

  it('gives each flattened parameter its own dimension and only valid configs on a conditional space', () => {
    const space = {
      kind: categorical(['linear', 'rbf', 'poly'], {
        rbf: { gamma: float(1e-4, 10, { log: true }) },
        poly: { degree: int(2, 5), coef0: float(0, 1) },
      }),
      C: float(1e-3, 1e3, { log: true }),
    };
    for (const sampler of [qmcSampler(), qmcSampler({ type: 'halton', scramble: true })]) {
      const configs = configsOf(space, sampler, 40);
      for (const c of configs) assert.deepEqual(configProblems(space, c), []);
      assert.deepEqual(new Set(configs.map((c) => c.kind)), new Set(['linear', 'rbf', 'poly']));
    }
  });

  it('counts fresh configs in its state and is pure: the same state gives the same config', () => {
    const sampler = qmcSampler({ scramble: true });
    const space = { x: float(0, 1), y: float(0, 1) };
    const s = askTell({ space, objective, sampler: qmcSampler(), seed: 1 });
    const s0 = sampler.init(space, rngFromSeed(1));
    const [a, s1] = sampler.ask(s0, s.state);
    const [again] = sampler.ask(s0, s.state);
    assert.deepEqual(a, again);
    assert.equal(s1.index, 1);
    const [b] = sampler.ask(s1, s.state);
    assert.notDeepEqual(a, b);
  });

  it('is reproducible by study seed, and a given scramble seed overrides it', () => {
    const space = { x: float(0, 1), y: float(0, 1) };
    const run = (seed: number, o = {}) => configsOf(space, qmcSampler({ scramble: true, ...o }), 5, seed);
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
    assert.deepEqual(run(1, { seed: 'shared' }), run(2, { seed: 'shared' }));
  });

  it('refuses bad options naming the field and value', () => {
    assert.throws(() => qmcSampler({ type: 'latin' as 'sobol' }), /type must be 'sobol' or 'halton', got "latin"/);
    assert.throws(() => qmcSampler({ scramble: 1 as unknown as boolean }), /scramble must be a boolean, got 1/);
    const wide = Object.fromEntries(Array.from({ length: 1025 }, (_, i) => [`x${i}`, float(0, 1)]));
    assert.throws(() => qmcSampler().init(wide, rngFromSeed(0)), InvalidOptionsError);
    assert.doesNotThrow(() => qmcSampler({ type: 'halton' }).init(wide, rngFromSeed(0)));
  });
});
