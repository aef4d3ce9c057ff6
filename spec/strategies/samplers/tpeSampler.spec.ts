import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import type { Config } from '../../../lib/config.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { freshTrial } from '../../../lib/nextTrial.js';
import { rngFromSeed } from '../../../lib/rng.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import { configProblems } from '../../../lib/searchSpace.js';
import type { StudyState } from '../../../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../../../lib/studyState.js';
import type { Outcome } from '../../../lib/trialEvent.js';
import { trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { randomSampler } from '../../../strategies/samplers/randomSampler.js';
import type { TpeOptions, TpeState } from '../../../strategies/samplers/tpeSampler.js';
import { tpeSampler } from '../../../strategies/samplers/tpeSampler.js';

const objective = { metric: 'loss', mode: 'min' } as const;
const quadSpace = { x: float(-5, 5), y: float(-5, 5) };
const quad = (c: Config): number => ((c.x as number) - 1) ** 2 + ((c.y as number) + 2) ** 2;

// Runs a sequential study through the ask/tell facade; returns the configs and the best loss.
const run = <S>(space: SearchSpace, sampler: Sampler<S>, f: (c: Config) => number, n: number, seed = 0) => {
  const s = askTell({ space, objective, sampler, seed, budget: { trials: n } });
  const configs: Config[] = [];
  let best = Infinity;
  for (let t = s.ask(); t; t = s.ask()) {
    configs.push(t.config);
    const v = f(t.config);
    best = Math.min(best, v);
    s.report(t.id, 1, { loss: v });
    s.tell(t.id);
  }
  return { configs, best, state: s.state };
};
const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

// A study state built event by event (for running, pruned, paused and failed trials).
const studyOf = (space: SearchSpace): StudyState =>
  initialStudyState({ seed: 0, objective, space, concurrency: 1000, budget: {} });
const add = (s: StudyState, config: Config, outcome?: Outcome, loss = quad(config), step = 1): StudyState => {
  const t = freshTrial(s, config);
  let out = reduceStudy(s, trialStarted(t));
  if (outcome === undefined) return out;
  if (outcome !== 'failed') out = reduceStudy(out, trialReported(t.id, { step, metrics: { loss } }, -loss));
  return reduceStudy(out, trialEnded(t.id, outcome));
};
const finishedStudy = (n: number, seed = 0): StudyState => {
  const { state } = run(quadSpace, randomSampler(), quad, n, seed);
  return state;
};

describe('tpeSampler', () => {
  it('beats random search by a wide margin on a 2-D quadratic within 60 trials (median of 7 seeds)', () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6];
    const tpe = median(seeds.map((seed) => run(quadSpace, tpeSampler(), quad, 60, seed).best));
    const uni = median(seeds.map((seed) => run(quadSpace, tpeSampler({ multivariate: false }), quad, 60, seed).best));
    const rnd = median(seeds.map((seed) => run(quadSpace, randomSampler(), quad, 60, seed).best));
    assert.ok(tpe < rnd / 5, `tpe ${tpe} vs random ${rnd}`);
    assert.ok(uni < rnd / 5, `univariate tpe ${uni} vs random ${rnd}`);
  });

  it('gives the same configs for the same seed and different ones for another seed', () => {
    const a = run(quadSpace, tpeSampler(), quad, 25, 3).configs;
    assert.deepEqual(a, run(quadSpace, tpeSampler(), quad, 25, 3).configs);
    assert.notDeepEqual(a, run(quadSpace, tpeSampler(), quad, 25, 4).configs);
  });

  it('samples at random until nStartupTrials trials have finished; running trials do not count', () => {
    const sampler = tpeSampler({ nStartupTrials: 5 });
    let st: TpeState = sampler.init(quadSpace, rngFromSeed(0));
    let s = studyOf(quadSpace);
    for (let i = 0; i < 8; i++) {
      const [c, next] = sampler.ask(st, s);
      st = next;
      s = add(s, c as Config); // left running
    }
    assert.equal(st.startupIndex, 8);
    for (const id of ['0', '1', '2', '3'])
      s = reduceStudy(
        reduceStudy(s, trialReported(id, { step: 1, metrics: { loss: 1 } }, -1)),
        trialEnded(id, 'completed'),
      );
    [, st] = sampler.ask(st, s);
    assert.equal(st.startupIndex, 9); // 4 finished: still random
    s = reduceStudy(
      reduceStudy(s, trialReported('4', { step: 1, metrics: { loss: 1 } }, -1)),
      trialEnded('4', 'paused'),
    );
    [, st] = sampler.ask(st, s);
    assert.equal(st.startupIndex, 9); // 5 finished (a paused trial counts): the model
  });

  it('can start from a scrambled Sobol’ design', () => {
    const a = run(quadSpace, tpeSampler({ startup: 'sobol' }), quad, 12, 1).configs;
    const b = run(quadSpace, tpeSampler({ startup: 'sobol' }), quad, 12, 1).configs;
    assert.deepEqual(a, b);
    // 8 Sobol' points: one per eighth of each axis.
    for (const k of ['x', 'y'])
      assert.equal(new Set(a.slice(0, 8).map((c) => Math.floor(((c[k] as number) + 5) / 1.25))).size, 8);
  });

  it('can start from a scrambled Halton design, then the model', () => {
    const a = run(quadSpace, tpeSampler({ startup: 'halton' }), quad, 14, 3).configs;
    assert.deepEqual(a, run(quadSpace, tpeSampler({ startup: 'halton' }), quad, 14, 3).configs);
    assert.notDeepEqual(a, run(quadSpace, tpeSampler({ startup: 'halton' }), quad, 14, 4).configs); // seeded scramble
    // Halton's bases 2 and 3: the first 8 points take 8 different eighths of x, the first 9 nine ninths of y
    // (random draws would almost never do both).
    const cells = (k: string, n: number): number =>
      new Set(a.slice(0, n).map((c) => Math.floor((((c[k] as number) + 5) / 10) * n))).size;
    assert.equal(cells('x', 8), 8);
    assert.equal(cells('y', 9), 9);
  });

  it('with the constant liar, proposes something else while the first proposal is still running', () => {
    const base = finishedStudy(20);
    for (const constantLiar of [true, false]) {
      const sampler = tpeSampler({ constantLiar });
      const st = sampler.init(quadSpace, rngFromSeed(9));
      const [first] = sampler.ask(st, base);
      // Same sampler state (same random draws), but now the first proposal is running.
      const [second] = sampler.ask(st, add(base, first as Config));
      if (constantLiar) assert.notDeepEqual(second, first);
      else assert.deepEqual(second, first);
    }
  });

  it('spreads concurrent asks out under the constant liar', () => {
    const base = finishedStudy(30, 2);
    const spread = (constantLiar: boolean): number => {
      const sampler = tpeSampler({ constantLiar });
      let st = sampler.init(quadSpace, rngFromSeed(1));
      let s = base;
      const batch: Config[] = [];
      for (let i = 0; i < 8; i++) {
        const [c, next] = sampler.ask(st, s);
        st = next;
        batch.push(c as Config);
        s = add(s, c as Config);
      }
      let d = 0;
      for (const a of batch)
        for (const b of batch) d += Math.hypot((a.x as number) - (b.x as number), (a.y as number) - (b.y as number));
      return d;
    };
    assert.ok(spread(true) > spread(false), `${spread(true)} vs ${spread(false)}`);
  });

  it('ignores failed trials', () => {
    let clean = studyOf(quadSpace);
    let noisy = studyOf(quadSpace);
    for (let i = 0; i < 15; i++) {
      const c = { x: -5 + ((i * 7) % 10), y: -5 + ((i * 3) % 10) };
      clean = add(clean, c, 'completed');
      noisy = add(noisy, c, 'completed');
      if (i % 4 === 0) noisy = add(noisy, { x: 1, y: -2 }, 'failed');
    }
    const sampler = tpeSampler();
    const st = sampler.init(quadSpace, rngFromSeed(5));
    assert.deepEqual(sampler.ask(st, noisy)[0], sampler.ask(st, clean)[0]);
  });

  it('ranks pruned trials by the furthest step reached before their value', () => {
    // All trials pruned. x = 0.1 has the best value; x = 0.9 the worst value but, when `furthest`, the
    // furthest step. γ(10) = 1, so the good set is that one trial and the proposals gather around it.
    const xs = [0.1, 0.9, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
    const nearGood = (furthest: boolean): number => {
      let s = studyOf({ x: float(0, 1) });
      xs.forEach((x, i) => {
        s = add(s, { x }, 'stopped', i === 0 ? 0 : i === 1 ? 100 : 10 + i, furthest && i === 1 ? 9 : 1);
      });
      const sampler = tpeSampler();
      let st = sampler.init({ x: float(0, 1) }, rngFromSeed(2));
      let high = 0;
      for (let k = 0; k < 40; k++) {
        const [c, next] = sampler.ask(st, s);
        st = next;
        if ((c?.x as number) > 0.75) high++;
      }
      return high;
    };
    const [far, best] = [nearGood(true), nearGood(false)];
    assert.ok(far > 30, `furthest step at 0.9: ${far} of 40 above 0.75`);
    assert.ok(best < 10, `best value at 0.1: ${best} of 40 above 0.75`);
  });

  it('produces only valid configs on a conditional space and models each branch group', () => {
    const space = {
      kind: categorical(['linear', 'rbf', 'poly'], {
        rbf: { gamma: float(1e-4, 10, { log: true }) },
        poly: { degree: int(2, 5), coef0: float(0, 1) },
      }),
      C: float(1e-3, 1e3, { log: true }),
    };
    const f = (c: Config): number =>
      c.kind === 'rbf'
        ? Math.abs(Math.log10(c.C as number) - 2) + Math.abs(Math.log10(c.gamma as number) + 3)
        : c.kind === 'poly'
          ? 3 + (c.coef0 as number)
          : 4 + Math.abs(Math.log10(c.C as number));
    for (const options of [{}, { group: false }, { multivariate: false }] as TpeOptions[]) {
      const { configs, best } = run(space, tpeSampler(options), f, 60, 1);
      for (const c of configs) assert.deepEqual(configProblems(space, c), []);
      assert.ok(best < 1.5, `${JSON.stringify(options)}: best ${best}`);
      assert.ok(configs.slice(30).filter((c) => c.kind === 'rbf').length > 15, JSON.stringify(options));
    }
  });

  it('handles ints, steps, log ints, categoricals and single-valued parameters', () => {
    const space = {
      n: int(1, 20),
      q: float(0, 1, { step: 0.1 }),
      b: int(1, 512, { log: true }),
      c: categorical(['a', 'b', 'c']),
      fixed: int(3, 3),
      one: categorical(['only']),
    };
    const f = (c: Config): number =>
      Math.abs((c.n as number) - 7) +
      Math.abs((c.q as number) - 0.3) +
      Math.abs(Math.log2(c.b as number) - 5) +
      (c.c === 'b' ? 0 : 1);
    const { configs, best } = run(space, tpeSampler(), f, 60, 2);
    for (const c of configs) assert.deepEqual(configProblems(space, c), []);
    assert.ok(configs.every((c) => c.fixed === 3 && c.one === 'only'));
    assert.ok(best < 2, `best ${best}`);
  });

  it('is pure: the same state and study give the same config, and old states stay usable', () => {
    const sampler = tpeSampler();
    const s20 = finishedStudy(20);
    const s25 = finishedStudy(25);
    const st = sampler.init(quadSpace, rngFromSeed(3));
    const [a, st1] = sampler.ask(st, s20);
    assert.deepEqual(sampler.ask(st, s20)[0], a);
    const [b] = sampler.ask(st1, s25);
    // st1's history now follows s25; asked about s20 again it rebuilds, agreeing with a state without history.
    assert.deepEqual(sampler.ask(st1, s20)[0], sampler.ask({ ...st1 }, s20)[0]);
    assert.deepEqual(sampler.ask(st, s20)[0], a);
    assert.ok(b);
    // The history index is a cache and never lands in a snapshot.
    assert.deepEqual(Object.keys(st1).sort(), ['rng', 'startupIndex']);
    assert.ok(!JSON.stringify(st1).includes('history'));
    const restored = JSON.parse(JSON.stringify(st1)) as TpeState;
    assert.deepEqual(sampler.ask(restored, s25)[0], b);
  });

  it('refuses bad options naming the field and value', () => {
    assert.throws(() => tpeSampler({ nStartupTrials: -1 }), /nStartupTrials must be an integer >= 0, got -1/);
    assert.throws(() => tpeSampler({ nEiCandidates: 0 }), /nEiCandidates must be an integer >= 1, got 0/);
    assert.throws(
      () => tpeSampler({ startup: 'lhs' as 'random' }),
      /startup must be 'random', 'sobol' or 'halton', got "lhs"/,
    );
    assert.throws(() => tpeSampler({ priorWeight: 0 }), /priorWeight must be a finite number > 0, got 0/);
    assert.throws(() => tpeSampler({ multivariate: 'yes' as unknown as boolean }), InvalidOptionsError);
  });
});
