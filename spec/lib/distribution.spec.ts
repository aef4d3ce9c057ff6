import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, contains, float, int } from '../../lib/distribution.js';
import { InvalidOptionsError } from '../../lib/errors.js';

const throwsNamed = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidOptionsError, `expected InvalidOptionsError, got ${String(e)}`);
    assert.equal(e.name, 'InvalidOptionsError');
    assert.match(e.message, pattern);
    return true;
  });

describe('distributions', () => {
  // prettier-ignore
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['low > high', () => float(5, 1), /low \(5\) must be <= high \(1\)/],
    ['int low > high', () => int(3, 2), /low \(3\) must be <= high \(2\)/],
    ['log with low = 0', () => float(0, 1, { log: true }), /log scale needs low > 0, got low = 0/],
    ['log with low < 0', () => int(-1, 10, { log: true }), /log scale needs low > 0, got low = -1/],
    ['step that does not divide the range', () => float(0, 1, { step: 0.3 }), /step 0.3 does not divide the range \[0, 1\]/],
    ['int step that does not divide', () => int(0, 10, { step: 3 }), /step 3 does not divide the range \[0, 10\]/],
    ['step <= 0', () => float(0, 1, { step: 0 }), /step must be a number > 0, got 0/],
    ['log with step', () => float(1, 10, { log: true, step: 1 }), /log scale cannot be combined with step 1/],
    ['non-integer int bound', () => int(0.5, 3), /low must be an integer, got 0.5/],
    ['NaN bound', () => float(NaN, 1), /low must be a finite number, got NaN/],
    ['empty choices', () => categorical([]), /choices must not be empty/],
    ['duplicate choices', () => categorical(['a', 'b', 'a']), /duplicate "a" at index 2/],
    ['branch for an unknown choice', () => categorical(['a'], { b: { x: float(0, 1) } } as never), /branches has a key "b" that is not one of the choices/],
  ];
  for (const [name, f, pattern] of bad)
    it(`rejects ${name} with a named error naming the field and value`, () => throwsNamed(f, pattern));

  it('builds valid distributions with defaults', () => {
    assert.deepEqual(float(0, 1), { _tag: 'Float', low: 0, high: 1, log: false });
    assert.deepEqual(int(1, 5), { _tag: 'Int', low: 1, high: 5, log: false, step: 1 });
    assert.deepEqual(float(0, 1, { step: 0.25 }), { _tag: 'Float', low: 0, high: 1, log: false, step: 0.25 });
    assert.deepEqual(categorical([1, 'a', true]).choices, [1, 'a', true]);
    assert.doesNotThrow(() => float(0.1, 0.7, { step: 0.2 })); // floating-point tolerant division check
  });

  // prettier-ignore
  const membership: Array<[string, ReturnType<typeof float> | ReturnType<typeof int> | ReturnType<typeof categorical>, unknown, boolean]> = [
    ['float inside', float(0, 1), 0.5, true],
    ['float above', float(0, 1), 1.01, false],
    ['stepped on grid', float(0, 1, { step: 0.25 }), 0.75, true],
    ['stepped off grid', float(0, 1, { step: 0.25 }), 0.7, false],
    ['int non-integer', int(0, 10), 2.5, false],
    ['int stepped', int(16, 256, { step: 16 }), 48, true],
    ['int stepped off', int(16, 256, { step: 16 }), 50, false],
    ['categorical member', categorical(['a', 'b']), 'b', true],
    ['categorical strict', categorical([1, 2]), '1', false],
  ];
  for (const [name, d, v, expected] of membership)
    it(`contains: ${name}`, () => assert.equal(contains(d, v), expected));
});
