// Conditions on any earlier parameter (when, each, branches), ranges float64 cannot represent, nesting
// limits and parameter names every object inherits.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int, when } from '../../lib/distribution.js';
import type { Distribution } from '../../lib/distribution.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import { configProblems, flattenSpace, isActive, spaceProblems, validateSpace } from '../../lib/searchSpace.js';
import { configKey } from '../../lib/config.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { askTell } from '../../lib/askTell.js';
import { gridSampler, qmcSampler, randomSampler, tpeSampler } from '../../strategies/index.js';

const throwsNamed = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidOptionsError, `expected InvalidOptionsError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });

describe('ranges float64 cannot represent are rejected when the space is built', () => {
  // prettier-ignore
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['an int bound past 2^53', () => int(0, 2 ** 53), /high must be a safe integer \(\|high\| <= 2\^53 - 1\), got 9007199254740992/],
    ['a negative int bound past 2^53', () => int(-(2 ** 60), 0), /low must be a safe integer .*got -1152921504606847000/],
    ['an int step past 2^53', () => int(0, 2 ** 52, { step: 2 ** 54 }), /step must be a safe integer/],
    ['a float width that overflows', () => float(-1e308, 1e308), /the width high - low of \[-1e\+308, 1e\+308\] overflows float64/],
    ['a float width that overflows (max values)', () => float(-Number.MAX_VALUE, Number.MAX_VALUE), /overflows float64/],
    ['a stepped float whose widened range overflows', () => float(-8.9e307, 8.9e307, { step: 8.9e307 }), /widened by step 8.9e\+307 overflows float64/],
    ['a step giving more than 2^53 grid values', () => float(0, 1, { step: 1e-17 }), /step 1e-17 gives 100000000000000000 grid values over \[0, 1\], more than 2\^53/],
    ['an infinite bound', () => float(0, Infinity), /high must be a finite number, got Infinity/],
  ];
  for (const [name, f, pattern] of bad)
    it(`rejects ${name}, naming the field and value`, () => throwsNamed(f, pattern));

  // prettier-ignore
  const ok: Array<[string, () => Distribution]> = [
    ['every safe integer', () => int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)],
    ['a huge int step that divides exactly', () => int(-(2 ** 52), 2 ** 52, { step: 2 ** 51 })],
    ['a float range just inside float64', () => float(-8e307, 8e307)],
    ['a log range over 600 decades', () => float(1e-300, 1e300, { log: true })],
    ['a subnormal width', () => float(0, 5e-324)],
    ['two ulps', () => float(1, 1 + 2 * Number.EPSILON)],
    ['bounds near the float64 maximum', () => float(1.7e308, Number.MAX_VALUE)],
    ['bounds near the float64 minimum', () => float(-Number.MAX_VALUE, -1e308)],
    ['the smallest subnormal width', () => float(0, Number.MIN_VALUE)],
    ['log ints just below 2^53', () => int(Number.MAX_SAFE_INTEGER - 9, Number.MAX_SAFE_INTEGER, { log: true })],
    ['every positive float64, log scale', () => float(Number.MIN_VALUE, Number.MAX_VALUE, { log: true })],
  ];
  for (const [name, f] of ok)
    it(`accepts ${name}, and every sampler proposes in-range values there`, () => {
      const space = { x: f() };
      for (const sampler of [
        randomSampler(),
        qmcSampler({ scramble: true }),
        tpeSampler({ nStartupTrials: 3 }),
        gridSampler({ resolution: 5 }),
      ]) {
        const s = askTell({
          space,
          objective: { metric: 'loss', mode: 'min' },
          sampler,
          seed: 1,
          budget: { trials: 20 },
        });
        for (let t = s.ask(); t; t = s.ask()) {
          assert.deepEqual(configProblems(space, t.config), [], `${sampler.name}: ${String(t.config['x'])}`);
          s.report(t.id, 1, {
            loss: Math.sin((t.config['x'] as number) / 1e300) + Number((t.config['x'] as number) > 0),
          });
          s.tell(t.id);
        }
      }
    });
});

describe('when() and int each', () => {
  // prettier-ignore
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['both in and a range', () => when('n', { in: [1], low: 1 } as never, float(0, 1)), /when\("n"\): condition must have either in or low\/high, not both/],
    ['neither in nor a range', () => when('n', {}, float(0, 1)), /condition must have in \(a list of values\) or low\/high/],
    ['an empty in', () => when('n', { in: [] }, float(0, 1)), /condition.in must be a non-empty array, got \[\]/],
    ['low > high', () => when('n', { low: 3, high: 1 }, float(0, 1)), /condition: low \(3\) must be <= high \(1\)/],
    ['an empty parent name', () => when('', { low: 1 }, float(0, 1)), /condition.param must be a parameter name, got ""/],
    ['a second condition', () => when('a', { low: 1 }, when('b', { low: 1 }, float(0, 1))), /already has a condition on "b"/],
    ['each on a negative count', () => int(-1, 3, { each: { u: int(1, 2) } }), /an int with each must lie in \[0, 1024\]/],
    ['each on too many repetitions', () => int(0, 5000, { each: { u: int(1, 2) } }), /an int with each must lie in \[0, 1024\] \(it counts repetitions\), got \[0, 5000\]/],
    ['each with a conditional member', () => int(1, 3, { each: { u: when('x', { low: 0 }, int(1, 2)) } }), /each.u must not have a when\(\) condition/],
    ['each with branches', () => int(1, 3, { each: { k: categorical(['a'], { a: { g: float(0, 1) } }) } }), /each.k must not have branches/],
    ['an empty each', () => int(1, 3, { each: {} }), /each must have at least one member/],
  ];
  for (const [name, f, pattern] of bad) it(`rejects ${name}`, () => throwsNamed(f, pattern));

  // prettier-ignore
  const badSpaces: Array<[string, SearchSpace, RegExp]> = [
    ['a later parent', { a: when('n', { low: 1 }, float(0, 1)), n: int(0, 3) }, /space.a.when.param: "n" must name an earlier parameter \(unknown or later\)/],
    ['itself', { a: when('a', { low: 1 }, float(0, 1)) }, /"a" must name an earlier parameter \(itself\)/],
    ['an impossible int value', { n: int(0, 3), a: when('n', { in: [4] }, float(0, 1)) }, /space.a.when.in: \[4\] can never be a value of "n" \(int \[0, 3\]\)/],
    ['a choice the parent lacks', { k: categorical(['a']), a: when('k', { in: ['z'] }, float(0, 1)) }, /\["z"\] can never be a value of "k"/],
    ['a range outside the parent', { x: float(0, 1), a: when('x', { high: -1 }, float(0, 1)) }, /the range \[-inf, -1\] never meets "x"/],
    ['membership on a float', { x: float(0, 1), a: when('x', { in: [0.5] }, float(0, 1)) }, /"x" is a float; condition on it with low\/high/],
    ['a range on a categorical', { k: categorical(['a']), a: when('k', { low: 1 }, float(0, 1)) }, /"k" is categorical; condition on it with in/],
    ['a branch parameter naming outside its branch', { c: float(0, 1), k: categorical(['a'], { a: { g: when('c', { low: 0.5 }, float(0, 1)) } }) },
      /space.k.branches.a.g.when.param: "c" is not an earlier parameter of this branch/],
    ['a sibling shared with another branch', { k: categorical(['a', 'b'], { a: { d: int(1, 3) }, b: { d: int(1, 3), e: when('d', { low: 2 }, float(0, 1)) } }) },
      /space.k.branches.b.e.when.param: its parent is shared with other branches/],
    ['an each member colliding with a name', { n_units_l0: float(0, 1), n: int(1, 2, { each: { n_units_l: int(1, 2) } }) }, /parameter name "n_units_l0" is used twice/],
  ];
  for (const [name, space, pattern] of badSpaces)
    it(`a space whose condition names ${name} is rejected by validateSpace, spaceProblems and flattenSpace`, () => {
      throwsNamed(() => validateSpace(space), pattern);
      throwsNamed(() => flattenSpace(space), pattern);
      assert.ok(spaceProblems(space).some((p) => pattern.test(p)));
    });

  const space = {
    n: int(0, 3, { each: { u: int(1, 4) } }),
    a: when('n', { in: [1, 3] }, float(0, 1)),
    b: when('n', { low: 2 }, int(1, 5)),
    kind: when(
      'b',
      { high: 3 },
      categorical(['x', 'y'], { y: { d: int(1, 3), e: when('d', { low: 2 }, float(0, 1)) } }),
    ),
    f: when('e', { high: 0.5 }, float(0, 1)),
  };
  it('flattens in suggestion order with each condition', () => {
    assert.deepEqual(
      flattenSpace(space).map((p) => [p.name, p.condition]),
      [
        ['n', undefined],
        ['u0', { param: 'n', low: 1 }],
        ['u1', { param: 'n', low: 2 }],
        ['u2', { param: 'n', low: 3 }],
        ['a', { param: 'n', in: [1, 3] }],
        ['b', { param: 'n', low: 2 }],
        ['kind', { param: 'b', high: 3 }],
        ['d', { param: 'kind', in: ['y'] }],
        ['e', { param: 'd', low: 2 }],
        ['f', { param: 'e', high: 0.5 }],
      ],
    );
  });

  // prettier-ignore
  const configs: Array<[string, Record<string, unknown>, string[]]> = [
    ['n = 0: nothing conditional', { n: 0 }, []],
    ['n = 1: u0 and a', { n: 1, u0: 2, a: 0.5 }, []],
    ['n = 2: u0, u1 and b; kind when b <= 3', { n: 2, u0: 1, u1: 4, b: 3, kind: 'x' }, []],
    ['the whole chain', { n: 3, u0: 1, u1: 1, u2: 1, a: 0, b: 1, kind: 'y', d: 2, e: 0.25, f: 1 }, []],
    ['a missing family member', { n: 2, u0: 1, b: 5 }, ['missing "u1"']],
    ['an inactive family member', { n: 1, u0: 1, u1: 1, a: 0 }, ['u1: is not active for this branch']],
    ['a parent out of range deactivates the chain', { n: 2, u0: 1, u1: 1, b: 4, kind: 'y' }, ['kind: is not active for this branch']],
    ['a nested parent inactive', { n: 2, u0: 1, u1: 1, b: 1, kind: 'y', d: 1, e: 0.1 }, ['e: is not active for this branch']],
  ];
  for (const [name, config, expected] of configs)
    it(`configProblems: ${name}`, () => assert.deepEqual(configProblems(space, config), expected));

  it('isActive follows the chain all the way up', () => {
    const params = flattenSpace(space);
    const f = params.find((p) => p.name === 'f');
    assert.ok(f);
    assert.equal(isActive(params, f, { n: 2, b: 1, kind: 'y', d: 3, e: 0.4 }), true);
    assert.equal(isActive(params, f, { n: 2, b: 1, kind: 'x', d: 3, e: 0.4 }), false);
  });
});

describe('deep nesting is a named error, never a stack overflow', () => {
  const deep = (levels: number): SearchSpace => {
    let s: SearchSpace = { x: float(0, 1) };
    for (let i = 0; i < levels; i++) s = { [`k${i}`]: { _tag: 'Categorical', choices: ['a'], branches: { a: s } } };
    return s;
  };
  it('a 10,000-deep TS space fails validateSpace and flattenSpace with the depth limit', () => {
    throwsNamed(() => validateSpace(deep(10_000)), /nests more than 32 levels of conditions/);
    throwsNamed(() => flattenSpace(deep(10_000)), /nests more than 32 levels of conditions/);
  });
  it('a 10,000-long chain of when() fails with the depth limit', () => {
    const s: Record<string, Distribution> = { p0: int(0, 1) };
    for (let i = 1; i < 10_000; i++) s[`p${i}`] = when(`p${i - 1}`, { in: [1] }, int(0, 1));
    throwsNamed(() => flattenSpace(s), /space.p33: the space nests more than 32 levels of conditions/);
  });
  it('32 levels are fine', () => {
    assert.equal(flattenSpace(deep(32)).length, 33);
  });
});

describe('parameter names are data', () => {
  it('__proto__ in a TS space is a named error (an object literal sets the prototype instead)', () => {
    const space = { __proto__: float(0, 1), a: float(0, 1) };
    throwsNamed(() => validateSpace(space), /space has a non-Object prototype: __proto__ cannot be a parameter name/);
    throwsNamed(() => flattenSpace(space), /space has a non-Object prototype/);
    const branchy = { k: categorical(['a'], { a: { __proto__: float(0, 1), g: float(0, 1) } }) };
    throwsNamed(() => validateSpace(branchy), /space.k.branches.a has a non-Object prototype/);
    throwsNamed(
      () => int(1, 2, { each: { __proto__: float(0, 1), u: float(0, 1) } }),
      /each has a non-Object prototype/,
    );
  });

  // prettier-ignore
  const names: Array<[string, SearchSpace, Record<string, unknown>, Record<string, unknown>]> = [
    ['constructor', { constructor: float(0, 1) }, { constructor: 0.5 }, {}],
    ['toString', { toString: categorical(['a', 'b']) }, { toString: 'b' }, {}],
    ['hasOwnProperty', { hasOwnProperty: int(1, 3) }, { hasOwnProperty: 2 }, {}],
    ['valueOf as a condition parent', { valueOf: int(0, 1), g: when('valueOf', { in: [1] }, float(0, 1)) }, { valueOf: 1, g: 0.5 }, { valueOf: 0 }],
    ['toString as a conditional child', { k: int(0, 1), toString: when('k', { in: [1] }, float(0, 1)) }, { k: 1, toString: 0.5 }, { k: 0 }],
  ];
  for (const [name, space, full, partial] of names)
    it(`${name} works as an ordinary own name: configProblems, configKey and every sampler`, () => {
      validateSpace(space);
      assert.deepEqual(configProblems(space, full), []);
      assert.deepEqual(
        configProblems(space, partial),
        Object.keys(partial).length > 0 ? [] : [`missing ${JSON.stringify(Object.keys(full)[0])}`],
      );
      assert.equal(
        configKey(full as never),
        JSON.stringify(
          Object.keys(full)
            .sort()
            .map((k) => [k, full[k]]),
        ),
      );
      for (const sampler of [
        randomSampler(),
        qmcSampler(),
        tpeSampler({ nStartupTrials: 3 }),
        gridSampler({ resolution: 3 }),
      ]) {
        const s = askTell({
          space,
          objective: { metric: 'loss', mode: 'min' },
          sampler,
          seed: 2,
          budget: { trials: 8 },
        });
        for (let t = s.ask(); t; t = s.ask()) {
          assert.deepEqual(configProblems(space, t.config), [], `${sampler.name}: ${JSON.stringify(t.config)}`);
          for (const k of Object.keys(t.config)) assert.ok(Object.hasOwn(t.config, k));
          s.report(t.id, 1, { loss: Object.keys(t.config).length });
          s.tell(t.id);
        }
      }
    });
});
