import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { erfcx } from '../../../strategies/math/erfcx.js';

// exp(x²)·erfc(x) evaluated with 50 significant digits (mpmath).
const TABLE: ReadonlyArray<readonly [number, number]> = [
  [-3, 16205.988853999586],
  [-1, 5.008980080762283],
  [0, 1],
  [0.3, 0.7345993345676551],
  [1, 0.427583576155807],
  [2.5, 0.2108063640611436],
  [5, 0.11070463773306863],
  [9.99, 0.05619664070685882],
  [10, 0.05614099274382259],
  [12, 0.04685422101489376],
  [26, 0.021683584850562907],
  [30, 0.01879588886141675],
  [100, 0.005641613782989433],
  [1e4, 5.641895807268084e-5],
  [1e8, 5.641895835477562e-9],
];

describe('erfcx', () => {
  for (const [x, want] of TABLE)
    it(`erfcx(${x}) is within 1e-13 relative of the high-precision value`, () => {
      const got = erfcx(x);
      assert.ok(Math.abs(got - want) / want < 1e-13, `erfcx(${x}) = ${got}, want ${want}`);
    });

  it('has the limits and special values: 0 at +∞, +∞ far left, NaN in NaN out', () => {
    assert.equal(erfcx(Infinity), 0);
    assert.equal(erfcx(-30), Infinity);
    assert.ok(Number.isNaN(erfcx(NaN)));
  });
});
