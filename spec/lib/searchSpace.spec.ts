import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../lib/distribution.js';
import { configProblems, flattenSpace, validateSpace } from '../../lib/searchSpace.js';
import { InvalidOptionsError } from '../../lib/errors.js';

const svm = {
  kernel: categorical(['linear', 'rbf', 'poly'], {
    rbf: { gamma: float(1e-4, 10, { log: true }) },
    poly: { degree: int(2, 5), gamma: float(1e-4, 10, { log: true }) },
  }),
  C: float(1e-3, 1e3, { log: true }),
};

describe('search spaces', () => {
  it('flattens a conditional space in suggestion order with conditions', () => {
    const flat = flattenSpace(svm);
    assert.deepEqual(
      flat.map((p) => [p.name, p.condition?.param, p.condition && 'in' in p.condition ? p.condition.in : undefined]),
      [
        ['kernel', undefined, undefined],
        ['gamma', 'kernel', ['rbf', 'poly']], // same distribution in two sibling branches: active for both
        ['degree', 'kernel', ['poly']],
        ['C', undefined, undefined],
      ],
    );
  });

  it('rejects a name reused with a different distribution', () => {
    assert.throws(
      () => flattenSpace({ a: categorical(['x', 'y'], { x: { n: int(1, 2) }, y: { n: int(1, 3) } }) }),
      /parameter name "n" is used twice/,
    );
  });

  // prettier-ignore
  const cases: Array<[string, unknown, string[]]> = [
    ['a valid linear config', { kernel: 'linear', C: 1 }, []],
    ['a valid rbf config', { kernel: 'rbf', gamma: 0.1, C: 1 }, []],
    ['a missing active parameter', { kernel: 'poly', gamma: 0.1, C: 1 }, ['missing "degree"']],
    ['an inactive parameter', { kernel: 'linear', gamma: 0.1, C: 1 }, ['gamma: is not active for this branch']],
    ['an unknown parameter', { kernel: 'linear', C: 1, foo: 1 }, ['foo: is not a parameter of the space']],
    ['a value out of range', { kernel: 'linear', C: 5000 }, ['C: 5000 is outside float [0.001, 1000] (log)']],
    ['a value not a choice', { kernel: 'sigmoid', C: 1 }, ['kernel: "sigmoid" is outside categorical ["linear","rbf","poly"]']],
  ];
  for (const [name, config, problems] of cases)
    it(`configProblems: ${name}`, () => assert.deepEqual(configProblems(svm, config), problems));

  it('validateSpace names the path to a bad field', () => {
    assert.throws(
      () => validateSpace({ a: { _tag: 'Float', low: 2, high: 1, log: false } } as never),
      (e: unknown) => e instanceof InvalidOptionsError && /space.a: low \(2\) must be <= high \(1\)/.test(e.message),
    );
    assert.throws(() => validateSpace({}), /space must have at least one parameter/);
    assert.throws(
      () => validateSpace({ a: 3 } as never),
      /space.a must be a distribution made by float\(\), int\(\) or categorical\(\), got 3/,
    );
  });
});
