import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import type { Config } from '../../../lib/config.js';
import { float } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { describeSampler } from '../../../testing/describeSampler.js';
import type { EsOptions } from '../../../strategies/samplers/esSampler.js';
import { esSampler, esUpdate } from '../../../strategies/samplers/esSampler.js';
import { randomSampler } from '../../../strategies/samplers/randomSampler.js';
import type { Sampler } from '../../../lib/sampler.js';

describeSampler('esSampler', () => esSampler());

const space = { x: float(-5, 5), y: float(-5, 5) };
const bowl = (c: Config): number => ((c.x as number) - 1) ** 2 + ((c.y as number) + 2) ** 2;
const best = <S>(sampler: Sampler<S>, n: number, seed: number): number => {
  const s = askTell({ space, objective: { metric: 'loss', mode: 'min' }, sampler, seed, budget: { trials: n } });
  let b = Infinity;
  for (let t = s.ask(); t; t = s.ask()) {
    const v = bowl(t.config);
    b = Math.min(b, v);
    s.report(t.id, 1, { loss: v });
    s.tell(t.id);
  }
  return b;
};

describe('esSampler', () => {
  it('refits the mean to the elites and σ to their spread around the previous mean', () => {
    const run = { mean: [0.5, 0.5], sigma: 0.2, lambda: 4, g: 0 };
    const sols = [
      { x: [0.6, 0.5], f: 1 },
      { x: [0.1, 0.1], f: 9 },
      { x: [0.5, 0.3], f: 2 },
      { x: [0.9, 0.9], f: 8 },
    ];
    const next = esUpdate(run, sols, 2);
    assert.deepEqual(
      next.mean.map((v) => +v.toFixed(12)),
      [0.55, 0.4],
    );
    // Squared deviations from (0.5, 0.5): 0.01 + 0 + 0 + 0.04, over 2 elites × 2 coordinates.
    assert.ok(Math.abs(next.sigma - Math.sqrt(0.05 / 4)) < 1e-12);
    assert.equal(next.g, 1);
  });

  it('beats random search on a bowl', () => {
    let wins = 0;
    for (const seed of [0, 1, 2, 3, 4]) if (best(esSampler(), 120, seed) < best(randomSampler(), 120, seed)) wins++;
    assert.ok(wins >= 4, `${wins} of 5`);
  });

  const bad: Array<[string, EsOptions, RegExp]> = [
    ['population < 2', { populationSize: 1 }, /populationSize must be an integer >= 2, got 1/],
    ['σ0 ≤ 0', { sigma0: -1 }, /sigma0 must be a finite number > 0, got -1/],
    ['elite fraction', { eliteFraction: 0 }, /eliteFraction must be a number in \(0, 1\], got 0/],
    ['unknown key', { elite: 0.2 } as EsOptions, /unknown option "elite"/],
  ];
  for (const [what, opts, msg] of bad)
    it(`bad option: ${what}`, () =>
      assert.throws(
        () => esSampler(opts),
        (e: unknown) => e instanceof InvalidOptionsError && msg.test(e.message),
      ));
});
