import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../lib/distribution.js';
import { spaceFromJson } from '../../lib/spaceFromJson.js';
import { DecodeError, InvalidOptionsError } from '../../lib/errors.js';

describe('spaceFromJson', () => {
  it('loads the nested form with branches', () => {
    const space = spaceFromJson({
      lr: { type: 'float', low: 1e-5, high: 0.1, log: true },
      kernel: {
        type: 'categorical',
        choices: ['linear', 'rbf'],
        branches: { rbf: { gamma: { type: 'float', low: 1e-4, high: 10, log: true } } },
      },
      units: { type: 'int', low: 16, high: 256, step: 16 },
    });
    assert.deepEqual(space, {
      lr: float(1e-5, 0.1, { log: true }),
      kernel: categorical(['linear', 'rbf'], { rbf: { gamma: float(1e-4, 10, { log: true }) } }),
      units: int(16, 256, { step: 16 }),
    });
  });

  it('loads the list form of benchmark problem files, conditions included', () => {
    const space = spaceFromJson([
      { name: 'kind', type: 'categorical', choices: ['linear', 'rbf', 'poly'] },
      { name: 'C', type: 'float', low: 1e-3, high: 1e3, log: true, step: null },
      { name: 'rbf_gamma', type: 'float', low: 1e-4, high: 10, log: true, condition: { param: 'kind', in: ['rbf'] } },
      {
        name: 'poly_degree',
        type: 'int',
        low: 2,
        high: 5,
        step: 1,
        log: false,
        condition: { param: 'kind', in: ['poly'] },
      },
    ]);
    assert.deepEqual(Object.keys(space), ['kind', 'C']);
    const kind = space['kind'];
    assert.ok(kind?._tag === 'Categorical');
    assert.deepEqual(Object.keys(kind.branches), ['rbf', 'poly']);
  });

  it('a malformed space names the path to the bad field', () => {
    assert.throws(
      () => spaceFromJson({ lr: { type: 'float', low: 'x', high: 1 } }),
      (e: unknown) =>
        e instanceof DecodeError && /lr/.test(e.message) && /low/.test(e.message) && /"x"/.test(e.message),
    );
    assert.throws(
      () => spaceFromJson({ lr: { type: 'floaty', low: 0, high: 1 } }),
      (e: unknown) => e instanceof DecodeError && /lr/.test(e.message) && /"floaty"/.test(e.message),
    );
    assert.throws(
      () => spaceFromJson([{ name: 'g', type: 'float', low: 0, high: 1, condition: { param: 'nope', in: ['a'] } }]),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /space\[0\] \(g\).condition.param: "nope" must name an earlier categorical parameter/.test(e.message),
    );
  });

  it('an invalid distribution is an InvalidOptionsError naming the field and value', () => {
    assert.throws(
      () => spaceFromJson({ lr: { type: 'float', low: 0, high: 1, log: true } }),
      (e: unknown) =>
        e instanceof InvalidOptionsError && /space.lr: log scale needs low > 0, got low = 0/.test(e.message),
    );
    assert.throws(
      () => spaceFromJson({ a: { type: 'categorical', choices: [] } }),
      /space.a: choices must not be empty/,
    );
    assert.throws(() => spaceFromJson({ a: { type: 'int', high: 3 } }), /space.a.low is required/);
  });
});
