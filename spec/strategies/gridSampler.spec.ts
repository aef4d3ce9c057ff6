import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int, when } from '../../lib/distribution.js';
import { rngFromSeed } from '../../lib/rng.js';
import { configKey } from '../../lib/config.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { gridSampler } from '../../strategies/index.js';
import type { Config } from '../../lib/config.js';

const all = (
  g: ReturnType<typeof gridSampler>,
  space: Parameters<ReturnType<typeof gridSampler>['init']>[0],
  seed = 0,
): Config[] => {
  let s = g.init(space, rngFromSeed(seed));
  const out: Config[] = [];
  for (;;) {
    const [c, next] = g.ask(s, undefined as never);
    if (c === null) return out;
    out.push(c);
    s = next;
  }
};

describe('gridSampler (Optuna GridSampler semantics, ALGORITHMS.md §1.1)', () => {
  it('hands out every point of the Cartesian product exactly once, then is exhausted', () => {
    const configs = all(gridSampler({ values: { lr: [0.1, 0.01] } }), {
      lr: float(1e-3, 1, { log: true }),
      act: categorical(['relu', 'tanh', 'gelu']),
    });
    assert.equal(configs.length, 6);
    assert.equal(new Set(configs.map(configKey)).size, 6);
  });
  it('order is a seeded shuffle of the product (suggestion order, last varies fastest)', () => {
    const space = { b: int(0, 2), a: categorical(['x', 'y']) };
    const g = gridSampler();
    assert.deepEqual(all(g, space, 1), all(g, space, 1));
    assert.notDeepEqual(all(g, space, 1), all(g, space, 2));
    const sorted = all(g, space, 1).map(configKey).sort();
    assert.deepEqual(
      sorted,
      [
        ['x', 0],
        ['x', 1],
        ['x', 2],
        ['y', 0],
        ['y', 1],
        ['y', 2],
      ]
        .map(([a, b]) => configKey({ a: a as string, b: b as number }))
        .sort(),
    );
  });
  it('expands conditional branches per choice', () => {
    const space = { k: categorical(['lin', 'rbf'], { rbf: { g: float(0.1, 1, { step: 0.45 }) } }) };
    assert.deepEqual(
      all(gridSampler(), space).map(configKey).sort(),
      [{ k: 'lin' }, { k: 'rbf', g: 0.1 }, { k: 'rbf', g: 0.55 }, { k: 'rbf', g: 1 }].map(configKey).sort(),
    );
  });
  it('expands conditions on ints and ranges over the active set only', () => {
    const space = {
      n: int(0, 2, { each: { u: int(1, 2) } }),
      a: when('n', { low: 2 }, categorical(['p', 'q'])),
    };
    const configs = all(gridSampler(), space).map(configKey).sort();
    // n = 0: {n}; n = 1: u0 ∈ {1, 2}; n = 2: u0, u1 ∈ {1, 2}² × a ∈ {p, q}.
    assert.equal(configs.length, 1 + 2 + 4 * 2);
    assert.equal(new Set(configs).size, configs.length);
    assert.ok(configs.includes(configKey({ n: 2, u0: 1, u1: 2, a: 'q' })));
  });
  it('an int with more values than maxValuesPerParam takes resolution points when given', () => {
    const space = { big: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) };
    const values = all(gridSampler({ resolution: 3 }), space).map((c) => c['big'] as number);
    // The ends exactly; the middle within the float64 spacing of the internal range (2 near 2^53).
    assert.deepEqual([Math.min(...values), Math.max(...values)], [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    assert.equal(values.length, 3);
    assert.ok(values.every((v) => Number.isSafeInteger(v)) && values.some((v) => Math.abs(v) <= 2));
  });
  it('floats use resolution points, log-aware', () => {
    const configs = all(gridSampler({ resolution: 3 }), { lr: float(1e-4, 1, { log: true }) });
    assert.deepEqual(
      configs
        .map((c) => c['lr'] as number)
        .sort((a, b) => a - b)
        .map((v) => Number(v.toPrecision(6))),
      [1e-4, 1e-2, 1],
    );
  });
  it('bad options name the field and value', () => {
    assert.throws(
      () => all(gridSampler(), { x: float(0, 1) }),
      /x: a float without a step needs values.x or options.resolution/,
    );
    assert.throws(
      () => all(gridSampler({ values: { x: [2] } }), { x: float(0, 1) }),
      (e: unknown) => e instanceof InvalidOptionsError && /values.x: 2 is outside float \[0, 1\]/.test(e.message),
    );
    assert.throws(
      () => all(gridSampler({ values: { y: [1] } }), { x: int(0, 1) }),
      /values.y: "y" is not a parameter of the space/,
    );
    assert.throws(() => gridSampler({ resolution: 0 }), /resolution must be an integer >= 1, got 0/);
  });
});
