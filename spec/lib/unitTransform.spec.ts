import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../lib/distribution.js';
import { choiceFromUnit, fromInternal, fromUnit, internalBounds, toUnit } from '../../lib/unitTransform.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} !≈ ${b}`);

describe('unit transforms (Optuna internal representation, ALGORITHMS.md §0.1)', () => {
  // prettier-ignore
  const bounds: Array<[string, Parameters<typeof internalBounds>[0], [number, number]]> = [
    ['float', float(-5, 10), [-5, 10]],
    ['log float', float(1e-4, 1, { log: true }), [Math.log(1e-4), 0]],
    ['stepped float widened by half a step', float(0, 1, { step: 0.25 }), [-0.125, 1.125]],
    ['int widened by half', int(1, 5), [0.5, 5.5]],
    ['stepped int', int(16, 256, { step: 16 }), [8, 264]],
    ['log int', int(1, 8, { log: true }), [Math.log(0.5), Math.log(8.5)]],
  ];
  for (const [name, d, [lo, hi]] of bounds)
    it(`internal bounds: ${name}`, () => {
      const [a, b] = internalBounds(d);
      close(a, lo);
      close(b, hi);
    });

  it('decodes to the grid and clips', () => {
    assert.equal(fromInternal(int(1, 5), 2.7), 3);
    assert.equal(fromInternal(int(1, 5), 5.49), 5);
    assert.equal(fromInternal(int(16, 256, { step: 16 }), 39), 32);
    assert.equal(fromInternal(float(0, 1, { step: 0.25 }), 1.1), 1);
    assert.equal(fromInternal(int(1, 8, { log: true }), Math.log(2.4)), 2);
    assert.equal(fromUnit(int(0, 9), 0.999), 9);
    assert.equal(fromUnit(int(0, 9), 0), 0);
  });

  it('every integer gets an equal cell (uniform unit points → uniform integers)', () => {
    const counts = new Map<number, number>();
    for (let k = 0; k < 5000; k++) {
      const v = fromUnit(int(1, 5), (k + 0.5) / 5000);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    assert.deepEqual([...counts.values()], [1000, 1000, 1000, 1000, 1000]);
  });

  it('toUnit is the inverse on values; log midpoint', () => {
    close(toUnit(float(1e-4, 1, { log: true }), 1e-2), 0.5);
    close(fromUnit(float(-5, 5), toUnit(float(-5, 5), 1.25)), 1.25);
    assert.equal(toUnit(float(1, 1), 1), 0.5);
  });

  it('categorical index is floor(C·u)', () => {
    const d = categorical(['a', 'b', 'c']);
    assert.deepEqual(
      [0, 0.33, 0.34, 0.66, 0.67, 0.9999].map((u) => choiceFromUnit(d, u)),
      ['a', 'a', 'b', 'b', 'c', 'c'],
    );
  });
});
