import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { categorical, float, int } from '../../lib/distribution.js';
import type { Config } from '../../lib/config.js';
import type { RngState } from '../../lib/rng.js';
import { rngFromSeed } from '../../lib/rng.js';
import type { MutationSpec, PerturbOptions } from '../../strategies/perturb.js';
import { mutationProblems, perturb } from '../../strategies/perturb.js';

/** Runs perturb `n` times, chaining the RNG, always from the same config. */
const many = (
  config: Config,
  specs: Readonly<Record<string, MutationSpec>>,
  n: number,
  options: PerturbOptions = {},
  seed = 1,
): ReturnType<typeof perturb>[] => {
  let rng: RngState = rngFromSeed(seed);
  const out: ReturnType<typeof perturb>[] = [];
  for (let i = 0; i < n; i++) {
    const r = perturb(config, specs, rng, options);
    rng = r[2];
    out.push(r);
  }
  return out;
};

describe('perturb (PBT explore)', () => {
  it('scales a float by one of the factors, or resamples it from its distribution, and records which', () => {
    const runs = many({ lr: 0.01 }, { lr: float(1e-4, 1e-1, { log: true }) }, 400);
    const tags = new Set<string>();
    for (const [c, rec] of runs) {
      const m = rec['lr'];
      assert.ok(m);
      tags.add(m._tag);
      if (m._tag === 'Scaled') {
        assert.ok(m.factor === 0.8 || m.factor === 1.2);
        assert.equal(c['lr'], 0.01 * m.factor);
        assert.equal(m.from, 0.01);
      } else {
        assert.equal(m._tag, 'Resampled');
        assert.ok((c['lr'] as number) >= 1e-4 && (c['lr'] as number) <= 1e-1);
      }
    }
    assert.deepEqual([...tags].sort(), ['Resampled', 'Scaled']);
    const resampled = runs.filter(([, rec]) => rec['lr']?._tag === 'Resampled').length;
    assert.ok(resampled > 60 && resampled < 140, `resampled ${resampled} of 400 at p = 0.25`);
  });

  it('resample probability 0 never resamples, 1 always does', () => {
    assert.ok(
      many({ x: 0.5 }, { x: float(0, 1) }, 50, { resampleProbability: 0 }).every(([, r]) => r['x']?._tag === 'Scaled'),
    );
    assert.ok(
      many({ x: 0.5 }, { x: float(0, 1) }, 50, { resampleProbability: 1 }).every(
        ([, r]) => r['x']?._tag === 'Resampled',
      ),
    );
  });

  it('integers stay integers (truncated toward zero after scaling, as Ray’s int())', () => {
    for (const [c, rec] of many({ n: 7, m: -7 }, { n: int(1, 100), m: int(-100, 100) }, 300)) {
      assert.ok(Number.isInteger(c['n']), `n = ${c['n']}`);
      assert.ok(Number.isInteger(c['m']), `m = ${c['m']}`);
      const m = rec['m'];
      if (m?._tag === 'Scaled') assert.equal(c['m'], m.factor === 1.2 ? -8 : -5);
      const n = rec['n'];
      if (n?._tag === 'Scaled') assert.equal(c['n'], n.factor === 1.2 ? 8 : 5);
    }
  });

  it('categoricals and lists only take one of their choices: shift by one (clamped at the ends) or resample', () => {
    const choices = ['relu', 'gelu', 'tanh', 'silu'] as const;
    const seen = new Set<string>();
    for (const [c, rec] of many(
      { act: 'relu', units: 512, flag: true },
      { act: categorical(choices), units: [64, 128, 256, 512], flag: [true, false] },
      300,
    )) {
      assert.ok(choices.includes(c['act'] as (typeof choices)[number]));
      assert.ok([64, 128, 256, 512].includes(c['units'] as number));
      assert.ok(c['flag'] === true || c['flag'] === false);
      const a = rec['act'];
      assert.ok(a && (a._tag === 'Shifted' || a._tag === 'Resampled'));
      if (a._tag === 'Shifted') {
        // relu is first: a shift left is clamped (by 0), a shift right gives gelu.
        assert.ok((a.by === 0 && c['act'] === 'relu') || (a.by === 1 && c['act'] === 'gelu'));
      }
      const u = rec['units'];
      if (u?._tag === 'Shifted') assert.ok((u.by === 0 && c['units'] === 512) || (u.by === -1 && c['units'] === 256));
      seen.add(a._tag);
    }
    assert.deepEqual([...seen].sort(), ['Resampled', 'Shifted']);
  });

  it('a value not in its list is resampled from the list (Ray)', () => {
    for (const [c, rec] of many({ units: 100 }, { units: [64, 128] }, 20, { resampleProbability: 0 })) {
      assert.equal(rec['units']?._tag, 'Resampled');
      assert.ok([64, 128].includes(c['units'] as number));
    }
  });

  it('out of range: like Ray, scaled values are not clipped by default; with clip they are, and snap to the grid', () => {
    const up = { resampleProbability: 0, perturbationFactors: [1.2] };
    const down = { resampleProbability: 0, perturbationFactors: [0.8] };
    const [c1] = perturb({ p: 0.95 }, { p: float(0, 1) }, rngFromSeed(1), up);
    assert.equal(c1['p'], 0.95 * 1.2); // 1.14: outside [0, 1]
    const [c2] = perturb({ n: 1 }, { n: int(1, 8) }, rngFromSeed(1), down);
    assert.equal(c2['n'], 0); // int(0.8) = 0: outside [1, 8], still an int
    const [c3] = perturb({ p: 0.95 }, { p: float(0, 1) }, rngFromSeed(1), { ...up, clip: true });
    assert.equal(c3['p'], 1);
    const [c4] = perturb({ n: 1 }, { n: int(1, 8) }, rngFromSeed(1), { ...down, clip: true });
    assert.equal(c4['n'], 1);
    const [c5] = perturb({ q: 0.5 }, { q: float(0, 1, { step: 0.25 }) }, rngFromSeed(1), { ...up, clip: true });
    assert.equal(c5['q'], 0.5); // 0.6 snaps back to the 0.25 grid
    const [c6] = perturb({ k: 32 }, { k: int(16, 256, { step: 16 }) }, rngFromSeed(1), { ...up, clip: true });
    assert.equal(c6['k'], 32); // int(38.4) = 38 snaps to 32
  });

  it('a function spec resamples with it, otherwise scales', () => {
    const runs = many({ w: 2 }, { w: (next) => 10 + next() }, 200);
    for (const [c, rec] of runs) {
      const m = rec['w'];
      if (m?._tag === 'Resampled') assert.ok((c['w'] as number) >= 10 && (c['w'] as number) < 11);
      else assert.ok(c['w'] === 2 * 0.8 || c['w'] === 2 * 1.2);
    }
  });

  it('parameters absent from the config (inactive branches) stay absent; others are untouched', () => {
    const [c, rec] = perturb(
      { kernel: 'linear', C: 1 },
      { gamma: float(1e-3, 1), C: float(1e-3, 1e3) },
      rngFromSeed(3),
    );
    assert.ok(!('gamma' in c));
    assert.ok(!('gamma' in rec));
    assert.equal(c['kernel'], 'linear');
  });

  it('a custom explore runs last on the mutated config and its changes are recorded as Custom', () => {
    const [c, rec] = perturb({ lr: 0.1, tag: 'a' }, { lr: float(0.01, 1) }, rngFromSeed(2), {
      resampleProbability: 0,
      perturbationFactors: [2],
      explore: (cfg, next) => ({ ...cfg, tag: next() < 2 ? 'b' : 'c' }),
    });
    assert.equal(c['lr'], 0.2);
    assert.equal(c['tag'], 'b');
    assert.deepEqual(rec['tag'], { _tag: 'Custom', from: 'a', to: 'b' });
    assert.equal(rec['lr']?._tag, 'Scaled');
  });

  it('a throwing or non-config custom explore throws (the stream errors, never swallowed)', () => {
    assert.throws(
      () =>
        perturb({ x: 1 }, {}, rngFromSeed(1), {
          explore: () => {
            throw new Error('explore bug');
          },
        }),
      /explore bug/,
    );
    assert.throws(
      () => perturb({ x: 1 }, {}, rngFromSeed(1), { explore: () => null as unknown as Config }),
      /not a config/,
    );
  });

  it('scaling a non-number is an error naming the parameter', () => {
    assert.throws(
      () => perturb({ x: 'a' }, { x: float(0, 1) }, rngFromSeed(1), { resampleProbability: 0 }),
      /"x" is "a"/,
    );
  });

  it('is deterministic in its RNG state and returns the advanced state', () => {
    const a = many(
      { lr: 0.1, n: 4, act: 'relu' },
      { lr: float(0.01, 1), n: int(1, 8), act: ['relu', 'tanh'] },
      20,
      {},
      9,
    );
    const b = many(
      { lr: 0.1, n: 4, act: 'relu' },
      { lr: float(0.01, 1), n: int(1, 8), act: ['relu', 'tanh'] },
      20,
      {},
      9,
    );
    assert.deepEqual(a, b);
    const [, , rng2] = perturb({ lr: 0.1 }, { lr: float(0.01, 1) }, rngFromSeed(9));
    assert.notDeepEqual(rng2, rngFromSeed(9));
  });

  it('mutationProblems names bad specs, and refuses conditional categoricals', () => {
    assert.deepEqual(mutationProblems({ lr: float(0.1, 1), a: ['x', 'y'], f: () => 1 }), []);
    const p = mutationProblems({
      a: [],
      b: { _tag: 'Float', low: 2, high: 1, log: false },
      k: categorical(['lin', 'rbf'], { rbf: { g: float(0, 1) } }),
      z: 3,
    });
    assert.equal(p.length, 4);
    assert.match(p[0] as string, /^mutations\.a: choices must not be empty/);
    assert.match(p[1] as string, /^mutations\.b: low \(2\) must be <= high \(1\)/);
    assert.match(p[2] as string, /^mutations\.k: a conditional categorical/);
    assert.match(p[3] as string, /^mutations\.z must be a distribution, a list of choices or a function, got 3/);
  });
});
