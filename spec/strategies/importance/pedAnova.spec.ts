import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int, when } from '../../../lib/distribution.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import { pedAnova } from '../../../strategies/importance/pedAnova.js';

// A small deterministic generator: the table needs spread-out points, not statistics.
const lcg = (seed: number) => {
  let s = seed;
  return (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
};

const space = {
  x: float(0, 1),
  noise: float(1e-3, 1, { log: true }),
  n: int(1, 64, { log: true }),
  c: categorical(['a', 'b', 'c']),
};
const observations = (count: number, score: (c: Record<string, number | string>, k: number) => number) => {
  const r = lcg(9);
  return Array.from({ length: count }, (_, k) => {
    const config = {
      x: r(),
      noise: 1e-3 * 1000 ** r(),
      n: Math.round(2 ** (6 * r())),
      c: ['a', 'b', 'c'][Math.floor(3 * r())] as string,
    };
    return { config, score: score(config, k) };
  });
};

describe('pedAnova', () => {
  const cases: ReadonlyArray<readonly [string, (c: Record<string, number | string>, k: number) => number, string]> = [
    ['a float that decides the score', (c) => -(((c['x'] as number) - 0.8) ** 2), 'x'],
    ['a log-scale int that decides the score', (c) => -Math.abs(Math.log2(c['n'] as number) - 5), 'n'],
    // Ties among the best choice are broken by the trial's index, which no parameter follows.
    ['a categorical that decides the score', (c, k) => (c['c'] === 'b' ? 1 : 0) + ((k * 7919) % 101) / 1e4, 'c'],
  ];
  for (const [what, score, top] of cases)
    it(`ranks ${what} first, with most of the share`, () => {
      const imp = pedAnova(flattenSpace(space), observations(400, score));
      assert.equal(imp[0]?.name, top);
      assert.ok((imp[0]?.share ?? 0) > 0.5, JSON.stringify(imp));
      assert.ok(Math.abs(imp.reduce((a, p) => a + p.share, 0) - 1) < 1e-9);
    });

  it('gives every parameter 0 when fewer than two trials completed', () => {
    const imp = pedAnova(
      flattenSpace(space),
      observations(1, () => 1),
    );
    assert.deepEqual(
      imp.map((p) => [p.raw, p.share]),
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    );
  });

  it('ignores non-finite scores', () => {
    const obs = observations(200, (c) => -(((c['x'] as number) - 0.8) ** 2));
    const withNaN = [...obs, { config: { x: 0.8, noise: 0.1, n: 3, c: 'a' }, score: NaN }];
    assert.deepEqual(pedAnova(flattenSpace(space), withNaN), pedAnova(flattenSpace(space), obs));
  });

  it('scores a conditional parameter only where it is active', () => {
    const cond = { opt: categorical(['sgd', 'adam']), mom: when('opt', { in: ['sgd'] }, float(0, 1)) };
    const r = lcg(3);
    const obs = Array.from({ length: 300 }, () => {
      const opt = r() < 0.5 ? 'sgd' : 'adam';
      const config: Record<string, unknown> = opt === 'sgd' ? { opt, mom: r() } : { opt };
      return { config, score: opt === 'sgd' ? -Math.abs((config['mom'] as number) - 0.9) : -1 };
    });
    const imp = pedAnova(flattenSpace(cond), obs);
    assert.equal(imp[0]?.name, 'mom');
    assert.ok((imp.find((p) => p.name === 'mom')?.raw ?? 0) > 0);
  });

  it('gives a parameter with a single possible value no importance', () => {
    const one = { k: categorical(['only']), x: float(0, 1) };
    const r = lcg(5);
    const obs = Array.from({ length: 100 }, () => {
      const x = r();
      return { config: { k: 'only', x }, score: x };
    });
    assert.equal(pedAnova(flattenSpace(one), obs).find((p) => p.name === 'k')?.raw, 0);
  });
});
