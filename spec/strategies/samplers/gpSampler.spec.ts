import { sequentialStudy } from '../../helpers/sequentialStudy.js';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import type { Config } from '../../../lib/config.js';
import { configProblems } from '../../../lib/searchSpace.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import type { GpOptions } from '../../../strategies/samplers/gpSampler.js';
import { gpSampler } from '../../../strategies/samplers/gpSampler.js';

const objective = { metric: 'loss', mode: 'min' } as const;

const run = (space: SearchSpace, f: (c: Config) => number, n: number, options: GpOptions = {}, seed = 0) =>
  sequentialStudy(space, gpSampler(options), n, f, seed);

const bowl = (c: Config): number => ((c.x as number) - 0.3) ** 2 + ((c.y as number) - 0.7) ** 2;
const plane = { x: float(0, 1), y: float(0, 1) };

describe('gpSampler', () => {
  it('closes in on the minimum of a smooth bowl within 25 trials (random search: ~1e-2)', () => {
    const { losses } = run(plane, bowl, 25);
    assert.ok(Math.min(...losses) < 1e-4, `best ${Math.min(...losses)}`);
  });

  it('is deterministic for a seed, and seeds differ', () => {
    const a = run(plane, bowl, 15).configs;
    assert.deepEqual(run(plane, bowl, 15).configs, a);
    assert.notDeepEqual(run(plane, bowl, 15, {}, 1).configs, a);
  });

  it('gives the same configs whether it refits at every ask or on its schedule, up to the first refit gap', () => {
    // With refitGrowth 0 every ask refits; the default agrees while the schedule also refits every ask.
    const every = run(plane, bowl, 14, { refitGrowth: 0 }).configs;
    assert.deepEqual(run(plane, bowl, 14).configs, every);
  });

  it('scores candidatesPerParam candidates per modelled parameter, at most candidates', () => {
    // 2 parameters: the defaults (256 per parameter, at most 2048) score 512 candidates.
    const a = run(plane, bowl, 14).configs;
    assert.deepEqual(run(plane, bowl, 14, { candidates: 512, candidatesPerParam: 10_000 }).configs, a);
    assert.notDeepEqual(run(plane, bowl, 14, { candidates: 2048, candidatesPerParam: 1024 }).configs, a);
    assert.deepEqual(
      run(plane, bowl, 14, { candidates: 300, candidatesPerParam: 150 }).configs,
      run(plane, bowl, 14, { candidates: 300 }).configs,
    );
  });

  it('uses the startup design for nStartupTrials (objective-blind), then the model (objective-driven)', () => {
    const other = (c: Config): number => ((c.x as number) - 0.9) ** 2 + ((c.y as number) - 0.1) ** 2;
    for (const startup of ['sobol', 'random'] as const) {
      const a = run(plane, bowl, 8, { nStartupTrials: 4, startup }).configs;
      const b = run(plane, other, 8, { nStartupTrials: 4, startup }).configs;
      assert.deepEqual(b.slice(0, 4), a.slice(0, 4), startup);
      assert.notDeepEqual(b.slice(4), a.slice(4), startup);
    }
  });

  it('proposes different points for concurrent asks (Kriging believer on running trials)', () => {
    const s = askTell({
      space: plane,
      objective,
      sampler: gpSampler({ nStartupTrials: 5 }),
      seed: 3,
      budget: { trials: 20 },
    });
    for (let i = 0; i < 8; i++) {
      const t = s.ask();
      assert.ok(t);
      s.report(t.id, 1, { loss: bowl(t.config) });
      s.tell(t.id);
    }
    const pending = [s.ask(), s.ask(), s.ask(), s.ask()];
    const keys = pending.map((t) => JSON.stringify(t?.config));
    assert.equal(new Set(keys).size, 4, keys.join(' '));
  });

  it('handles ints, steps, log scales, categoricals and degenerate ranges with valid configs', () => {
    const space = {
      lr: float(1e-5, 1e-1, { log: true }),
      n: int(1, 64, { log: true }),
      k: int(0, 40, { step: 4 }),
      q: float(0, 1, { step: 0.25 }),
      act: categorical(['relu', 'tanh', 'gelu']),
      fixed: float(2, 2),
    };
    const f = (c: Config): number =>
      (Math.log10(c.lr as number) + 3) ** 2 +
      ((c.n as number) - 8) ** 2 / 64 +
      (c.act === 'tanh' ? 0 : 1) +
      (c.q as number);
    const { configs, losses } = run(space, f, 30);
    for (const c of configs) assert.deepEqual(configProblems(space, c), [], JSON.stringify(c));
    assert.ok(Math.min(...losses) < 0.3, `best ${Math.min(...losses)}`);
  });

  it('models the parameters every trial has and draws the others independently (conditional space)', () => {
    const space = {
      kind: categorical(['linear', 'rbf'], { rbf: { gamma: float(1e-3, 10, { log: true }) } }),
      C: float(1e-2, 1e2, { log: true }),
    };
    const f = (c: Config): number => Math.abs(Math.log10(c.C as number) - 1) + (c.kind === 'rbf' ? 0 : 0.5);
    const { configs, losses } = run(space, f, 30);
    for (const c of configs) assert.deepEqual(configProblems(space, c), [], JSON.stringify(c));
    assert.ok(configs.some((c) => c.kind === 'rbf') && configs.some((c) => c.kind === 'linear'));
    assert.ok(Math.min(...losses) < 0.2, `best ${Math.min(...losses)}`);
  });

  it('fits a deterministic objective with the noise pinned', () => {
    const { losses } = run(plane, bowl, 20, { deterministic: true });
    assert.ok(Math.min(...losses) < 1e-3, `best ${Math.min(...losses)}`);
  });

  const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    [
      'n_startup_trials',
      { n_startup_trials: 5 },
      /unknown option "n_startup_trials" \(did you mean "nStartupTrials"\?\)/,
    ],
    ['nStartupTrials', { nStartupTrials: -1 }, /nStartupTrials must be an integer >= 0, got -1/],
    ['startup', { startup: 'halton' }, /startup must be 'sobol' or 'random', got "halton"/],
    ['deterministic', { deterministic: 'yes' }, /deterministic must be a boolean, got "yes"/],
    ['candidates', { candidates: 0 }, /candidates must be an integer >= 1, got 0/],
    ['candidatesPerParam', { candidatesPerParam: 2.5 }, /candidatesPerParam must be an integer >= 1, got 2.5/],
    ['localSearches', { localSearches: 1.5 }, /localSearches must be an integer >= 1, got 1.5/],
    ['refitGrowth', { refitGrowth: -0.1 }, /refitGrowth must be a number in \[0, 10\], got -0.1/],
  ];
  for (const [name, options, message] of bad)
    it(`throws InvalidOptionsError for a bad ${name}`, () => {
      assert.throws(
        () => gpSampler(options as GpOptions),
        (e: unknown) => e instanceof InvalidOptionsError && message.test(e.message),
      );
    });
});
