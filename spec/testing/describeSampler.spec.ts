import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RngState } from '../../lib/rng.js';
import { withRng } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import { describeSampler } from '../../testing/describeSampler.js';
import { jsonProblems } from '../../testing/jsonProblems.js';
import { randomConfig } from '../../strategies/randomConfig.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';

// Runs the suite with a collecting describe/it and returns each check's failure (undefined if it passed).
const outcomes = async (
  factory: () => Sampler<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<Map<string, string | undefined>> => {
  const checks: Array<[string, () => unknown]> = [];
  describeSampler('probe', factory, {
    trials: 15,
    suite: { describe: (_name, fn) => fn(), it: (name, fn) => checks.push([name, fn]) },
  });
  const out = new Map<string, string | undefined>();
  for (const [name, fn] of checks)
    try {
      await fn();
      out.set(name, undefined);
    } catch (e) {
      out.set(name, e instanceof Error ? e.message : String(e));
    }
  return out;
};

const failureOf = (o: Map<string, string | undefined>, prefix: string): string | undefined =>
  [...o].find(([name]) => name.startsWith(prefix))?.[1];

// A random sampler whose state also counts asks in a Set (not JSON data).
const withSet: Sampler<{ rng: RngState; seen: Set<number> }> = {
  name: 'withSet',
  init: (_space, rng) => ({ rng, seen: new Set() }),
  ask: (s, study) => {
    const [config, rng] = withRng(s.rng, (next) => randomConfig(study.space, next));
    return [config, { rng, seen: new Set([...s.seen, s.seen.size]) }];
  },
};

// A random sampler that advances a hidden counter on every ask: not pure.
const impure = (): Sampler<RngState> => {
  let calls = 0;
  return {
    name: 'impure',
    init: (_space, rng) => rng,
    ask: (rng, study) => {
      calls++;
      return withRng(rng, (next) => {
        for (let i = 0; i < calls % 3; i++) next();
        return randomConfig(study.space, next);
      });
    },
  };
};

// A sampler with a non-enumerable "cache" that changes its answers: JSON drops it, nothing rebuilds it.
const badCache: Sampler<RngState> = {
  name: 'badCache',
  init: (_space, rng) => Object.defineProperty({ ...rng }, 'skip', { value: 1, enumerable: false }),
  ask: (s, study) => {
    const skip = (s as RngState & { skip?: number }).skip ?? 0;
    const [config, rng] = withRng(s, (next) => {
      for (let i = 0; i < skip; i++) next();
      return randomConfig(study.space, next);
    });
    return [config, Object.defineProperty({ ...rng }, 'skip', { value: skip, enumerable: false })];
  },
};

describe('describeSampler: purity and JSON round trip', () => {
  it('passes a pure sampler with plain state', async () => {
    const o = await outcomes(() => randomSampler());
    assert.equal(failureOf(o, 'is pure'), undefined);
    assert.equal(failureOf(o, 'keeps its state JSON data'), undefined);
  });
  it('fails a sampler whose ask depends on a hidden counter', async () => {
    assert.match(failureOf(await outcomes(impure), 'is pure') ?? '', /a different config/);
  });
  it('fails a state holding a Set, naming the path', async () => {
    assert.match(
      failureOf(await outcomes(() => withSet), 'keeps its state JSON data') ?? '',
      /state\.seen: a Set is not JSON data/,
    );
  });
  it('fails a sampler whose answer changes once its state went through JSON', async () => {
    const o = await outcomes(() => badCache);
    assert.equal(failureOf(o, 'is pure'), undefined);
    assert.match(failureOf(o, 'keeps its state JSON data') ?? '', /ask 0: a different config from the state read back/);
  });
});

describe('jsonProblems', () => {
  const table: ReadonlyArray<readonly [string, unknown, ReadonlyArray<string>]> = [
    ['plain data', { a: [1, 'x', true, null, { b: -1.5 }] }, []],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 }), []],
    ['Infinity', { a: [Infinity] }, ['$.a[0]: Infinity is not JSON data (it serialises as null)']],
    ['NaN', { a: NaN }, ['$.a: NaN is not JSON data (it serialises as null)']],
    ['-0', [-0], ['$[0]: -0 is not JSON data (it serialises as 0)']],
    ['undefined in an array', [1, undefined], ['$[1]: undefined is not JSON data']],
    ['undefined in an object', { a: undefined }, ['$.a: undefined is not JSON data']],
    ['a hole', [1, , 3], ['$[1]: a hole is not JSON data (it serialises as null)']], // eslint-disable-line no-sparse-arrays
    ['a Map', { m: new Map() }, ['$.m: a Map is not JSON data (it serialises as {} or as its toJSON)']],
    [
      'a typed array',
      { f: new Float64Array(2) },
      ['$.f: a Float64Array is not JSON data (it serialises as {} or as its toJSON)'],
    ],
    ['a function', { f: () => 1 }, ['$.f: a function is not JSON data']],
    ['a bigint', { n: 1n }, ['$.n: a bigint is not JSON data']],
  ];
  for (const [name, value, problems] of table)
    it(`${problems.length === 0 ? 'accepts' : 'names'} ${name}`, () => {
      assert.deepEqual(jsonProblems(value), problems);
    });
  it('skips non-enumerable properties (where a rebuildable cache may live)', () => {
    const s = Object.defineProperty({ a: 1 }, 'cache', { value: new Map(), enumerable: false });
    assert.deepEqual(jsonProblems(s), []);
  });
  it('names a cycle', () => {
    const a: { self?: unknown } = {};
    a.self = a;
    assert.deepEqual(jsonProblems(a), ['$.self: a cycle is not JSON data']);
  });
});
