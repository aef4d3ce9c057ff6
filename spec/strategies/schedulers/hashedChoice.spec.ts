import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hashedChoice } from '../../../strategies/schedulers/hashedChoice.js';

describe('hashedChoice', () => {
  it('is a pure function of seed and label', () => {
    const a = Array.from({ length: 50 }, (_, i) => hashedChoice('exp', `hb/${i}`, [3, 2, 1]));
    const b = Array.from({ length: 50 }, (_, i) => hashedChoice('exp', `hb/${i}`, [3, 2, 1]));
    assert.deepEqual(a, b);
    const c = Array.from({ length: 50 }, (_, i) => hashedChoice('other', `hb/${i}`, [3, 2, 1]));
    assert.notDeepEqual(a, c);
    assert.notEqual(hashedChoice(1, 'x', [1, 1, 1, 1, 1, 1, 1, 1]), undefined);
  });
  it('places consecutive ids in proportion to the weights', () => {
    const counts = [0, 0, 0, 0, 0];
    const n = 14300;
    for (let i = 0; i < n; i++) {
      const b = hashedChoice(0, `hyperband/${i}`, [81, 34, 15, 8, 5]);
      counts[b] = (counts[b] ?? 0) + 1;
    }
    const expected = [81, 34, 15, 8, 5].map((w) => (w / 143) * n);
    for (const [i, c] of counts.entries())
      assert.ok(Math.abs(c - (expected[i] as number)) < 4 * Math.sqrt(expected[i] as number), `bracket ${i}: ${c}`);
    // Small samples too: the first 20 consecutive ids do not all land in one bracket.
    assert.ok(new Set(Array.from({ length: 20 }, (_, i) => hashedChoice(1, `hyperband/${i}`, [9, 5, 3]))).size > 1);
  });
  it('never picks a zero-weight index', () => {
    for (let i = 0; i < 200; i++) assert.notEqual(hashedChoice(3, String(i), [1, 0, 1]), 1);
  });
});
