import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import type { Config } from '../../../lib/config.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { rngFromSeed } from '../../../lib/rng.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import { configProblems } from '../../../lib/searchSpace.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { describeSampler } from '../../../testing/describeSampler.js';
import { randomSampler } from '../../../strategies/samplers/randomSampler.js';
import type { CmaesOptions, CmaesState } from '../../../strategies/samplers/cmaesSampler.js';
import { cmaesSampler } from '../../../strategies/samplers/cmaesSampler.js';
import { cmaRun } from '../../../strategies/samplers/cmaes/cmaRun.js';
import { cmaStopReason } from '../../../strategies/samplers/cmaes/cmaStop.js';
import { cmaMarginCorrect } from '../../../strategies/samplers/cmaes/cmaMargin.js';
import { ndtr } from '../../../strategies/math/truncNormal.js';

const objective = { metric: 'loss', mode: 'min' } as const;
const space = { x: float(-5, 5), y: float(-5, 5) };
const bowl =
  (cx: number, cy: number) =>
  (c: Config): number =>
    ((c.x as number) - cx) ** 2 + ((c.y as number) - cy) ** 2;

// A sequential study through ask/tell; `fail(i)` fails the i-th trial instead of telling it.
const run = <S>(
  sampler: Sampler<S>,
  f: (c: Config) => number,
  n: number,
  opts: { seed?: number; space?: SearchSpace; fail?: (i: number) => boolean } = {},
) => {
  const s = askTell({ space: opts.space ?? space, objective, sampler, seed: opts.seed ?? 0, budget: { trials: n } });
  const configs: Config[] = [];
  let best = Infinity;
  let i = 0;
  for (let t = s.ask(); t; t = s.ask(), i++) {
    configs.push(t.config);
    if (opts.fail?.(i)) {
      s.tell(t.id, { state: 'failed', error: new Error('boom') });
      continue;
    }
    const v = f(t.config);
    best = Math.min(best, v);
    s.report(t.id, 1, { loss: v });
    s.tell(t.id);
  }
  return { configs, best, state: s.state, events: [...s.state.log] as TrialEvent[] };
};

const variants: Record<string, CmaesOptions> = {
  cmaes: {},
  sep: { sep: true },
  margin: { withMargin: true },
  ipop: { restart: 'ipop' },
  bipop: { restart: 'bipop' },
};

for (const [name, opts] of Object.entries(variants)) describeSampler(`cmaesSampler ${name}`, () => cmaesSampler(opts));

// The sampler state after a run: the last ask's, recorded by wrapping the sampler.
const recording = (inner: Sampler<CmaesState>): { sampler: Sampler<CmaesState>; last: () => CmaesState } => {
  let last: CmaesState | undefined;
  return {
    sampler: {
      ...inner,
      ask: (s, study) => {
        const out = inner.ask(s, study);
        last = out[1];
        return out;
      },
    },
    last: () => last as CmaesState,
  };
};

describe('cmaesSampler', () => {
  it('converges on a bowl, better than random search', () => {
    const f = bowl(1, -2);
    const c = run(cmaesSampler(), f, 150).best;
    const r = run(randomSampler(), f, 150).best;
    assert.ok(c < 1e-3 && c < r / 10, `cmaes ${c}, random ${r}`);
  });

  it('never proposes a value outside the bounds, even with the optimum far outside', () => {
    const f = (c: Config): number => ((c.x as number) - 50) ** 2 + ((c.y as number) + 50) ** 2;
    for (const opts of Object.values(variants)) {
      const { configs } = run(cmaesSampler(opts), f, 120);
      for (const c of configs) assert.deepEqual(configProblems(space, c), []);
      assert.ok(configs.slice(-20).some((c) => c.x === 5 || (c.x as number) > 4.9));
    }
  });

  it('CMA-ES searches floats and ints every trial has; categoricals and conditional ones come from the independent sampler', () => {
    const mixed = {
      x: float(0, 1),
      n: int(1, 9),
      act: categorical(['a', 'b'], { b: { z: float(0, 1) } }),
      one: int(2, 2),
    };
    const calls: string[] = [];
    const indep: Sampler<unknown> = {
      name: 'probe',
      init: (s, rng) => randomSampler().init(s, rng),
      ask: (s, study) => {
        calls.push('ask');
        return randomSampler().ask(s as never, study);
      },
    };
    const { configs, state } = run(
      cmaesSampler({ independentSampler: indep }),
      (c) => (c.x as number) + (c.n as number),
      30,
      {
        space: mixed,
      },
    );
    assert.equal(calls.length, 30);
    for (const c of configs) assert.deepEqual(configProblems(mixed, c), []);
    assert.ok(state.fresh === 30);
  });

  it('tells a generation once λ trials completed; failed trials do not count, the generation asks more', () => {
    const rec = recording(cmaesSampler({ populationSize: 4 }));
    // Every third trial fails: generation 1 needs more than 4 asks.
    run(rec.sampler, bowl(0, 0), 40, { fail: (i) => i % 3 === 2 });
    const cma = rec.last().run?.cma;
    assert.ok(cma !== undefined);
    // 40 trials: 1 startup, 39 CMA asks of which 26 completed → 6 generations of 4.
    assert.equal(cma.g, 6);
  });

  it('with concurrency, tells arrive out of order; the same events in the same order give the same configs', () => {
    const go = (): Config[] => {
      const s = askTell({ space, objective, sampler: cmaesSampler(), seed: 3, budget: { trials: 60 }, concurrency: 4 });
      const out: Config[] = [];
      for (;;) {
        const batch = [s.ask(), s.ask(), s.ask(), s.ask()].filter((t) => t !== undefined);
        if (batch.length === 0) break;
        for (const t of batch.reverse()) {
          out.push(t.config);
          s.report(t.id, 1, { loss: bowl(1, 1)(t.config) });
          s.tell(t.id);
        }
      }
      return out;
    };
    const a = go();
    assert.equal(a.length, 60);
    assert.deepEqual(a, go());
  });

  it('IPOP restarts once a run stops, doubling λ; BIPOP alternates regimes', () => {
    // A flat objective: tolfun holds after 10 + ⌈30n/λ⌉ generations.
    const flat = (): number => 1;
    const ipop = recording(cmaesSampler({ restart: 'ipop' }));
    run(ipop.sampler, flat, 400);
    const r = ipop.last().run;
    assert.ok(r?.restarts !== undefined && r.restarts.count >= 1, JSON.stringify(r?.restarts));
    assert.equal(r.cma.lambda, 6 * 2 ** r.restarts.count);
    const bipop = recording(cmaesSampler({ restart: 'bipop' }));
    run(bipop.sampler, flat, 1500);
    const b = bipop.last().run?.restarts;
    assert.ok(b !== undefined && b.count >= 2 && b.nLarge >= 1, JSON.stringify(b));
  });

  it('a looser tolFun restarts sooner; the default keeps the reference tolerance', () => {
    // A bowl the run keeps improving on: 1e-12 does not hold within 300 trials, 1e-2 soon does.
    const restartsAfter = (o: CmaesOptions): number => {
      const rec = recording(cmaesSampler({ restart: 'ipop', ...o }));
      run(rec.sampler, bowl(1, -2), 300);
      return rec.last().run?.restarts?.count ?? -1;
    };
    assert.equal(restartsAfter({}), 0);
    assert.ok(restartsAfter({ tolFun: 1e-2 }) >= 1);
    assert.equal(restartsAfter({ tolFun: 1e-12, tolX: 1e-12 }), 0);
  });

  it('without a restart strategy, a run that meets a termination criterion goes on', () => {
    const plain = recording(cmaesSampler());
    run(plain.sampler, () => 1, 200);
    const r = plain.last().run;
    assert.ok(r !== null && r.restarts === undefined && r.cma.g > 30);
    assert.equal(cmaStopReason(r.cma), 'tolfun');
  });

  it('warm start (WS-CMA-ES) from a journal: the first mean is near the source optimum, σ below σ₀', () => {
    const source = run(randomSampler(), bowl(2, 2), 200, { seed: 7 }).events;
    const rec = recording(cmaesSampler({ warmStartFrom: source, nStartupTrials: 0 }));
    const f = bowl(2.2, 1.9);
    run(rec.sampler, f, 1);
    const cma = rec.last().run?.cma;
    assert.ok(cma !== undefined);
    // (2, 2) in [0, 1] coordinates is 0.7.
    assert.ok(Math.abs((cma.mean[0] as number) - 0.7) < 0.1 && Math.abs((cma.mean[1] as number) - 0.7) < 0.1);
    assert.ok(cma.sigma < 1 / 6);
    const warm = run(cmaesSampler({ warmStartFrom: source }), f, 40).best;
    const cold = run(cmaesSampler(), f, 40).best;
    assert.ok(warm < cold, `warm ${warm}, cold ${cold}`);
  });

  describe('bad options are named errors', () => {
    const bad: Array<[string, () => unknown, RegExp]> = [
      ['population < 2', () => cmaesSampler({ populationSize: 1 }), /populationSize must be an integer >= 2, got 1/],
      ['σ0 ≤ 0', () => cmaesSampler({ sigma0: 0 }), /sigma0 must be a finite number > 0.*got 0/],
      ['unknown key', () => cmaesSampler({ popsize: 4 } as CmaesOptions), /unknown option "popsize"/],
      ['tolFun < 0', () => cmaesSampler({ tolFun: -1 }), /tolFun must be a finite number >= 0, got -1/],
      [
        'tolX not a number',
        () => cmaesSampler({ tolX: 'big' as unknown as number }),
        /tolX must be a finite number >= 0, got "big"/,
      ],
      [
        'bad restart',
        () => cmaesSampler({ restart: 'lpop' as 'ipop' }),
        /restart must be 'ipop' or 'bipop', got "lpop"/,
      ],
      ['sep with margin', () => cmaesSampler({ sep: true, withMargin: true }), /sep and withMargin cannot be combined/],
      [
        'warm start with x0',
        () => cmaesSampler({ warmStartFrom: run(randomSampler(), bowl(0, 0), 5).events, x0: { x: 0 } }),
        /cannot be combined with x0/,
      ],
      ['empty warm start', () => cmaesSampler({ warmStartFrom: [] }), /warmStartFrom.events is empty/],
    ];
    for (const [what, make, msg] of bad)
      it(what, () => assert.throws(make, (e: unknown) => e instanceof InvalidOptionsError && msg.test(e.message)));

    it('x0 outside the space, or naming a parameter CMA-ES does not search (at init)', () => {
      const rng = rngFromSeed(1);
      assert.throws(
        () => cmaesSampler({ x0: { x: 7 } }).init(space, rng),
        (e: unknown) => e instanceof InvalidOptionsError && /x0.x must be a number in \[-5, 5\], got 7/.test(e.message),
      );
      assert.throws(
        () => cmaesSampler({ x0: { w: 1 } }).init(space, rng),
        (e: unknown) => e instanceof InvalidOptionsError && /x0.w: not a parameter of the space/.test(e.message),
      );
    });

    it('warm start from a journal of another space (at init)', () => {
      const other = run(randomSampler(), (c) => c.a as number, 10, {
        space: { a: float(0, 1), b: float(0, 1) },
      }).events;
      assert.throws(
        () => cmaesSampler({ warmStartFrom: other }).init(space, rngFromSeed(1)),
        (e: unknown) =>
          e instanceof InvalidOptionsError &&
          /warmStartFrom: the source study searched other parameters/.test(e.message),
      );
    });
  });

  it('x0 sets the initial mean', () => {
    const rec = recording(cmaesSampler({ x0: { x: 2.5, y: -5 }, nStartupTrials: 0 }));
    run(rec.sampler, bowl(0, 0), 1);
    assert.deepEqual(rec.last().run?.cma.mean, [0.75, 0]);
  });
});

describe('CMA-ES with margin', () => {
  it('keeps each discrete coordinate able to leave its cell with probability ≥ α/2 after an update', () => {
    const r0 = cmaRun({ mean: [0.5, 0.52], sigma: 1e-4, lambda: 6, steps: [0.1, 0.1] });
    const r = cmaMarginCorrect(r0);
    const m = r.margin;
    assert.ok(m !== undefined);
    for (let j = 0; j < 2; j++) {
      const s = r.sigma * (m.A[j] as number) * Math.sqrt(r.C[j * 2 + j] as number);
      const mj = r.mean[j] as number;
      const low = ndtr((0.45 - mj) / s);
      const up = 1 - ndtr((0.55 - mj) / s);
      assert.ok(low >= m.alpha / 2 - 1e-9 && up >= m.alpha / 2 - 1e-9, `${low} ${up}`);
    }
  });

  it('an edge cell keeps at least α of leaving it', () => {
    const r = cmaMarginCorrect(cmaRun({ mean: [0, 0.5], sigma: 1e-3, lambda: 6, steps: [0.25, 0] }));
    const m = r.margin;
    assert.ok(m !== undefined);
    const s = r.sigma * Math.sqrt(r.C[0] as number);
    const up = 1 - ndtr((0.125 - (r.mean[0] as number)) / s);
    assert.ok(Math.abs(up - m.alpha) < 1e-9, `${up}`);
  });

  it('integer parameters keep moving where plain CMA-ES sticks', () => {
    const ints = { a: int(0, 20), b: int(0, 20), c: int(0, 20) };
    const f = (c: Config): number =>
      ((c.a as number) - 13) ** 2 + ((c.b as number) - 4) ** 2 + ((c.c as number) - 17) ** 2;
    const distinct = (configs: Config[]): number => new Set(configs.slice(-60).map((c) => JSON.stringify(c))).size;
    let withMargin = 0;
    let plain = 0;
    for (const seed of [0, 1, 2]) {
      withMargin += distinct(run(cmaesSampler({ withMargin: true }), f, 300, { seed, space: ints }).configs);
      plain += distinct(run(cmaesSampler(), f, 300, { seed, space: ints }).configs);
    }
    assert.ok(withMargin > plain, `margin ${withMargin} distinct configs, plain ${plain}`);
  });
});
