import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int, when } from '../../lib/distribution.js';
import { configProblems, flattenSpace } from '../../lib/searchSpace.js';
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
        /space\[0\] \(g\).condition.param: "nope" must name an earlier parameter \(no parameter has that name\)/.test(
          e.message,
        ),
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

  it('loads a list whose conditions name ints and floats, with ranges and nesting (any earlier parameter)', () => {
    const space = spaceFromJson([
      { name: 'n', type: 'int', low: 0, high: 3 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n', in: [1, 3] } },
      { name: 'b', type: 'int', low: 1, high: 5, condition: { param: 'n', low: 2 } },
      { name: 'kind', type: 'categorical', choices: ['x', 'y'], condition: { param: 'b', high: 3 } },
      { name: 'g', type: 'float', low: 0, high: 1, condition: { param: 'kind', in: ['y'] } },
    ]);
    assert.deepEqual(
      flattenSpace(space).map((p) => [p.name, p.condition]),
      [
        ['n', undefined],
        ['a', { param: 'n', in: [1, 3] }],
        ['b', { param: 'n', low: 2 }],
        ['kind', { param: 'b', high: 3 }],
        ['g', { param: 'kind', in: ['y'] }],
      ],
    );
    assert.deepEqual(configProblems(space, { n: 3, a: 0.5, b: 2, kind: 'y', g: 0.1 }), []);
    assert.deepEqual(configProblems(space, { n: 2, b: 4 }), []);
    assert.deepEqual(configProblems(space, { n: 0, b: 4 }), ['b: is not active for this branch']);
  });

  it('loads when and each in the nested form', () => {
    const space = spaceFromJson({
      n_layers: {
        type: 'int',
        low: 1,
        high: 2,
        each: { n_units_l: { type: 'int', low: 4, high: 128, log: true } },
      },
      skip: { type: 'categorical', choices: [true, false], when: { param: 'n_layers', low: 2 } },
    });
    assert.deepEqual(space, {
      n_layers: int(1, 2, { each: { n_units_l: int(4, 128, { log: true }) } }),
      skip: when('n_layers', { low: 2 }, categorical([true, false])),
    });
    assert.deepEqual(
      flattenSpace(space).map((p) => p.name),
      ['n_layers', 'n_units_l0', 'n_units_l1', 'skip'],
    );
  });

  // prettier-ignore
  const badConditions: Array<[string, unknown, RegExp]> = [
    ['a later parent', [
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n', low: 1 } },
      { name: 'n', type: 'int', low: 0, high: 3 },
    ], /space\[0\] \(a\)\.condition\.param: "n" must name an earlier parameter \(it comes later, at space\[1\]\)/],
    ['itself', [{ name: 'a', type: 'int', low: 0, high: 1, condition: { param: 'a', in: [1] } }], /"a" must name an earlier parameter \(it names itself\)/],
    ['an int value outside the parent', [
      { name: 'n', type: 'int', low: 0, high: 3 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n', in: [7] } },
    ], /space\[1\] \(a\)\.condition\.in: \[7\] can never be a value of "n" \(int \[0, 3\]\)/],
    ['a range that never meets the parent', [
      { name: 'x', type: 'float', low: 0, high: 1 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'x', low: 2 } },
    ], /space\[1\] \(a\)\.condition: the range \[2, inf\] never meets "x"/],
    ['membership on a float', [
      { name: 'x', type: 'float', low: 0, high: 1 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'x', in: [0.5] } },
    ], /"x" is a float; condition on it with low\/high, not in/],
    ['a range on a categorical', [
      { name: 'k', type: 'categorical', choices: ['a'] },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'k', low: 0 } },
    ], /"k" is categorical; condition on it with in, not low\/high/],
    ['both in and a range', [
      { name: 'n', type: 'int', low: 0, high: 3 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n', in: [1], low: 1 } },
    ], /space\[1\] \(a\)\.condition must have either in or low\/high, not both/],
    ['neither', [
      { name: 'n', type: 'int', low: 0, high: 3 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n' } },
    ], /space\[1\] \(a\)\.condition must have in \(a list of values\) or low\/high/],
    ['low > high', [
      { name: 'n', type: 'int', low: 0, high: 3 },
      { name: 'a', type: 'float', low: 0, high: 1, condition: { param: 'n', low: 2, high: 1 } },
    ], /condition: low \(2\) must be <= high \(1\)/],
    ['nested when naming an unknown parameter', { a: { type: 'float', low: 0, high: 1, when: { param: 'zz', low: 0 } } },
      /space\.a\.when\.param: "zz" must name an earlier parameter/],
  ];
  for (const [name, json, re] of badConditions)
    it(`a condition with ${name} is an InvalidOptionsError naming the field`, () =>
      assert.throws(
        () => spaceFromJson(json),
        (e: unknown) => e instanceof InvalidOptionsError && re.test(e.message),
      ));

  it('a 10,000-deep nested space is a named error, not a stack overflow', () => {
    let nested: Record<string, unknown> = { x: { type: 'float', low: 0, high: 1 } };
    for (let i = 0; i < 10_000; i++)
      nested = { [`k${i}`]: { type: 'categorical', choices: ['a', 'b'], branches: { a: nested } } };
    assert.throws(
      () => spaceFromJson(nested),
      (e: unknown) => e instanceof InvalidOptionsError && /nests more than 32 levels of conditions/.test(e.message),
    );
    const list: unknown[] = [{ name: 'p0', type: 'int', low: 0, high: 1 }];
    for (let i = 1; i < 10_000; i++)
      list.push({ name: `p${i}`, type: 'int', low: 0, high: 1, condition: { param: `p${i - 1}`, in: [1] } });
    assert.throws(
      () => spaceFromJson(list),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /space\[33\] \(p33\)\.condition: the space nests more than 32 levels/.test(e.message),
    );
  });

  it('accepts 32 levels of conditions', () => {
    const list: unknown[] = [{ name: 'p0', type: 'int', low: 0, high: 1 }];
    for (let i = 1; i <= 32; i++)
      list.push({ name: `p${i}`, type: 'int', low: 0, high: 1, condition: { param: `p${i - 1}`, in: [1] } });
    assert.equal(flattenSpace(spaceFromJson(list)).length, 33);
  });

  it('rejects __proto__ as a parameter name in both forms (JSON.parse makes it an own key)', () => {
    assert.throws(
      () =>
        spaceFromJson(
          JSON.parse(
            '{"__proto__": {"type": "float", "low": 0, "high": 1}, "a": {"type": "int", "low": 0, "high": 1}}',
          ),
        ),
      (e: unknown) => e instanceof InvalidOptionsError && /space: __proto__ cannot be a parameter name/.test(e.message),
    );
    assert.throws(
      () => spaceFromJson(JSON.parse('[{"name": "__proto__", "type": "float", "low": 0, "high": 1}]')),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /space\[0\] \(__proto__\)\.name: __proto__ cannot be a parameter name/.test(e.message),
    );
  });

  it('rejects ranges float64 cannot represent, naming the field and value', () => {
    assert.throws(
      () => spaceFromJson([{ name: 'n', type: 'int', low: 0, high: 2 ** 53 }]),
      /space\[0\] \(n\): high must be a safe integer \(\|high\| <= 2\^53 - 1\), got 9007199254740992/,
    );
    assert.throws(
      () => spaceFromJson({ x: { type: 'float', low: -1e308, high: 1e308 } }),
      /space\.x: the width high - low of \[-1e\+308, 1e\+308\] overflows float64/,
    );
  });
});
