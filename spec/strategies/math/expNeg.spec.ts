import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expNeg } from '../../../strategies/math/expNeg.js';

describe('expNeg', () => {
  it('is within 4e-16 of Math.exp over (−64, 0], table nodes, cell edges and points between', () => {
    let worst = 0;
    const check = (t: number): void => {
      const want = Math.exp(t);
      const rel = Math.abs(expNeg(t) - want) / want;
      if (rel > worst) worst = rel;
    };
    for (let i = 0; i <= 200_000; i++) check(-64 * (i / 200_000) * 0.999_999_9);
    for (let k = 0; k < 64 * 64; k++) {
      check(-k / 64);
      check(-(k + 1) / 64 + 1e-15);
      check(-(k + 0.5) / 64);
    }
    assert.ok(worst < 4e-16, `worst relative error ${worst}`);
  });

  it('passes values outside its table to Math.exp: 0, positives, far negatives, ±∞, NaN', () => {
    for (const t of [0, -0, 1e-300, 0.5, 3, 700, -64, -64.5, -700, -800, Infinity, -Infinity])
      assert.equal(expNeg(t), Math.exp(t), `t = ${t}`);
    assert.ok(Number.isNaN(expNeg(NaN)));
  });
});
