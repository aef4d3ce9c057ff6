import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { sameJson } from '../../lib/sameJson.js';

describe('sameJson', () => {
  const table: ReadonlyArray<readonly [string, unknown, unknown, boolean]> = [
    ['key order does not matter', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    ['a key holding undefined is a missing key', { a: 1, b: undefined }, { a: 1 }, true],
    ['0 equals -0 (JSON writes both as 0)', { x: -0 }, { x: 0 }, true],
    ['NaN equals NaN (the journal keeps it)', [NaN], [NaN], true],
    ['Infinity is not -Infinity', Infinity, -Infinity, false],
    ['different numbers', { x: 0.1 + 0.2 }, { x: 0.3 }, false],
    ['an array is not an object with index keys', [1], { 0: 1 }, false],
    ['arrays of different lengths', [1, 2], [1], false],
    ['a missing key', { a: 1 }, { a: 1, b: 2 }, false],
    ['null is not an object', null, {}, false],
    ['strings', 'a', 'a', true],
  ];
  for (const [name, a, b, expected] of table)
    it(name, () => {
      assert.equal(sameJson(a, b), expected);
      assert.equal(sameJson(b, a), expected);
    });
});
