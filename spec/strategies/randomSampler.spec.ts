import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../lib/distribution.js';
import { rngFromSeed, withRng } from '../../lib/rng.js';
import { randomConfig, randomValue } from '../../strategies/index.js';

const draws = (d: Parameters<typeof randomValue>[0], n = 20000) =>
  withRng(rngFromSeed('t'), (next) => Array.from({ length: n }, () => randomValue(d, next)))[0] as number[];

describe('random sampling (Optuna RandomSampler rules, ALGORITHMS.md §1.2)', () => {
  it('ints are uniform over their values, both bounds included (half-step widening)', () => {
    const v = draws(int(1, 4));
    for (const k of [1, 2, 3, 4]) {
      const share = v.filter((x) => x === k).length / v.length;
      assert.ok(Math.abs(share - 0.25) < 0.015, `P(${k}) = ${share}`);
    }
  });
  it('log floats are log-uniform (median ≈ geometric mean)', () => {
    const v = draws(float(1e-4, 1, { log: true })).sort((a, b) => a - b);
    const median = v[v.length / 2] as number;
    assert.ok(median > 0.006 && median < 0.016, `median ${median}`);
  });
  it('log ints put mass ∝ ln((k+½)/(k−½)) on each integer', () => {
    const v = draws(int(1, 8, { log: true }));
    const expected = (k: number) => Math.log((k + 0.5) / (k - 0.5)) / Math.log(8.5 / 0.5);
    for (const k of [1, 2, 8]) {
      const share = v.filter((x) => x === k).length / v.length;
      assert.ok(Math.abs(share - expected(k)) < 0.015, `P(${k}) = ${share} vs ${expected(k)}`);
    }
  });
  it('stepped values stay on the grid; categoricals uniform', () => {
    assert.ok(draws(float(0, 1, { step: 0.25 })).every((x) => [0, 0.25, 0.5, 0.75, 1].includes(x)));
    const c = draws(categorical(['a', 'b', 'c']) as never) as unknown as string[];
    assert.ok(Math.abs(c.filter((x) => x === 'b').length / c.length - 1 / 3) < 0.015);
  });
  it('conditional spaces: only the active branch parameters are drawn', () => {
    const space = { k: categorical(['a', 'b'], { b: { y: float(0, 1) } }), z: int(0, 3) };
    const configs = withRng(rngFromSeed(1), (next) => Array.from({ length: 200 }, () => randomConfig(space, next)))[0];
    for (const c of configs) assert.equal('y' in c, c['k'] === 'b');
  });
});
