import { sequentialStudy } from '../../helpers/sequentialStudy.js';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../../lib/askTell.js';
import type { Config } from '../../../lib/config.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { rngFromSeed, withRng } from '../../../lib/rng.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import { blendSearch } from '../../../strategies/samplers/blendSearch.js';
import { enqueue } from '../../../strategies/samplers/enqueue.js';
import { asha } from '../../../operators/asha.js';
import { cfoSampler } from '../../../strategies/samplers/cfoSampler.js';
import type { BlendState } from '../../../strategies/samplers/cfo/blendEngine.js';
import {
  costMetricOf,
  remainingCost,
  selectThread,
  speedEps,
  trialCost,
} from '../../../strategies/samplers/cfo/blendEngine.js';
import type { Flow2 } from '../../../strategies/samplers/cfo/flow2.js';
import {
  decayPeriod,
  flow2Complete,
  flow2Propose,
  flow2Reaches,
  newFlow2,
  stepLowerBound,
} from '../../../strategies/samplers/cfo/flow2.js';
import {
  expectedCostForImprovement,
  statsFinished,
  statsFrom,
  statsStarted,
  threadPriority,
} from '../../../strategies/samplers/cfo/threadStats.js';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const objective = { metric: 'loss', mode: 'min' } as const;

const runStudy = <S>(space: SearchSpace, sampler: Sampler<S>, n: number, f: (c: Config) => number, seed = 0) =>
  sequentialStudy(space, sampler, n, f, seed);

// The sampler state after n trials of the study (replayed through ask with the same study states).
const stateAfter = <S>(space: SearchSpace, sampler: Sampler<S>, n: number, f: (c: Config) => number): S => {
  let state: S | undefined;
  const wrapped: Sampler<S> = {
    ...sampler,
    ask: (st, study) => {
      const out = sampler.ask(st, study);
      state = out[1];
      return out;
    },
  };
  runStudy(space, wrapped, n, f);
  return state as S;
};

describe('FLOW² step size (ALGORITHMS.md §11.1)', () => {
  const table: Array<[string, SearchSpace, number]> = [
    ['no discrete dims: 1e-4, not scaled', { x: float(0, 1), y: float(0, 1) }, 1e-4],
    [
      'int(1, 10) with a float: √2 · 1/10 (unit range widened by ½ each side)',
      { n: int(1, 10), x: float(0, 1) },
      Math.SQRT2 / 10,
    ],
    ['stepped float: √1 · q/(high − low + q)', { q: float(0, 1, { step: 0.25 }) }, 0.25 / 1.25],
    ['finest of two ints', { a: int(0, 3), b: int(0, 99) }, Math.SQRT2 / 100],
    ['categoricals do not count', { c: categorical(['a', 'b', 'c']), n: int(0, 9) }, Math.SQRT2 / 10],
  ];
  for (const [name, space, lb] of table)
    it(`lower bound: ${name}`, () => close(stepLowerBound(flattenSpace(space), [0.5, 0.5]), lb));

  it('lower bound of a log int depends on the incumbent value v: ln(1 + 1/v) / (ln(high + ½) − ln(low − ½))', () => {
    const params = flattenSpace({ n: int(1, 1000, { log: true }) });
    const width = Math.log(1000.5) - Math.log(0.5);
    close(stepLowerBound(params, [0]), Math.log(2) / width);
    const u = (Math.log(100) - Math.log(0.5)) / width;
    close(stepLowerBound(params, [u]), Math.log(1 + 1 / 100) / width, 1e-9);
  });

  const initial: Array<[string, SearchSpace, number]> = [
    ['4 floats: 0.1 · √4', { a: float(0, 1), b: float(0, 1), c: float(0, 1), d: float(0, 1) }, 0.2],
    ['int(0, 2): floor 1/3 above 0.1, so twice the floor', { n: int(0, 2) }, 2 / 3],
    ['int(0, 1): twice the floor is 1, capped at √1', { n: int(0, 1) }, 1],
    ['degenerate dims do not count in d', { x: float(0, 1), k: int(3, 3), c: categorical(['only']) }, 0.1],
  ];
  for (const [name, space, step] of initial)
    it(`initial step: ${name}`, () => close(newFlow2(1, flattenSpace(space), [0.5, 0.5, 0.5, 0.5], null).step, step));

  it('decays every 2^min(9, d) proposals', () => {
    assert.deepEqual([1, 2, 3, 9, 12].map(decayPeriod), [2, 4, 8, 512, 512]);
  });
});

describe('FLOW² proposals', () => {
  const params = flattenSpace({ x: float(0, 1), y: float(0, 1) });
  const propose = (t: Flow2, seed: number): readonly [ReadonlyArray<number>, Flow2] => {
    const [[p, t2]] = withRng(rngFromSeed(seed), (next) => flow2Propose(t, params, next));
    assert.ok(p);
    return [p.x, t2];
  };

  it('tries +δu with u on the unit sphere, then the mirror −δu', () => {
    const t0 = newFlow2(1, params, [0.5, 0.5], 0);
    const [x1, t1] = propose(t0, 1);
    const [x2] = propose(t1, 2);
    close(Math.hypot((x1[0] as number) - 0.5, (x1[1] as number) - 0.5), t0.step, 1e-9);
    close((x2[0] as number) - 0.5, -((x1[0] as number) - 0.5), 1e-9);
    close((x2[1] as number) - 0.5, -((x1[1] as number) - 0.5), 1e-9);
  });

  it('projects proposals into [0, 1]', () => {
    let t = newFlow2(1, params, [1, 0], 0);
    for (let i = 0; i < 20; i++) {
      const [x, t2] = propose(t, i);
      for (const v of x) assert.ok(v >= 0 && v <= 1);
      t = t2;
    }
  });

  it('decays δ by √(K_old/K) after 2^d proposals without improvement, then every 2 more', () => {
    let t = newFlow2(1, params, [0.5, 0.5], 0);
    const s0 = t.step;
    for (let i = 0; i < 4; i++) t = propose(t, i)[1];
    // K_old = the iteration of the best (1), K = proposals so far (1 + 4) + 1.
    close(t.step, s0 * Math.sqrt(1 / 6));
    assert.equal(t.initPhase, false);
    for (let i = 0; i < 2; i++) t = propose(t, 10 + i)[1];
    close(t.step, s0 * Math.sqrt(1 / 6) * Math.sqrt(6 / 8));
  });

  it('an improvement moves the incumbent, restores the proposal step and undoes the last decay', () => {
    let t = newFlow2(1, params, [0.5, 0.5], 0);
    const s0 = t.step;
    for (let i = 0; i < 4; i++) t = propose(t, i)[1];
    const [[p, t2]] = withRng(rngFromSeed(9), (next) => flow2Propose(t, params, next));
    assert.ok(p);
    close(p.step, s0 * Math.sqrt(1 / 6));
    const moved = flow2Complete(t2, params, p, 1);
    assert.deepEqual(moved.x, p.x);
    assert.equal(moved.best, 1);
    assert.equal(moved.byIncumbent, 0);
    close(moved.step, Math.min(p.step * Math.sqrt(t2.k / t2.oldK), Math.SQRT2));
    const same = flow2Complete(t2, params, p, -1);
    assert.deepEqual(same.x, t2.x);
    assert.equal(same.best, 0);
  });

  it('converges (no proposal) once δ is below its floor at a decay check', () => {
    // int(0, 3): floor 1/4, δ₀ = 0.5; decays at proposals 2, 4, …: 0.5 → 0.25 → 0.204 < 0.25.
    const p1 = flattenSpace({ n: int(0, 3) });
    let t = newFlow2(1, p1, [0.5], 0);
    const out: boolean[] = [];
    withRng(rngFromSeed(3), (next) => {
      for (let i = 0; i < 6; i++) {
        const [p, t2] = flow2Propose(t, p1, next);
        out.push(p !== null);
        t = t2;
      }
    });
    assert.deepEqual(out, [true, true, true, true, true, false]);
    assert.equal(t.converged, true);
  });

  it('moves a categorical only to another choice (categories have no order)', () => {
    const pc = flattenSpace({ c: categorical(['a', 'b', 'c', 'd']) });
    let t = newFlow2(1, pc, [0.125], 0);
    withRng(rngFromSeed(5), (next) => {
      for (let i = 0; i < 20; i++) {
        const [p, t2] = flow2Propose(t, pc, next);
        if (p === null) break;
        assert.ok([0.125, 0.375, 0.625, 0.875].some((c) => Math.abs(c - (p.x[0] as number)) < 1e-12));
        t = t2;
      }
    });
  });
});

describe('BlendSearch thread statistics and priority (ALGORITHMS.md §11.2)', () => {
  it('a thread reaches another within its step, with the same categorical choices', () => {
    const p = flattenSpace({ x: float(0, 1), c: categorical(['a', 'b']) });
    const at = (x: number, c: number): Flow2 => newFlow2(1, p, [x, c], 0);
    const b = at(0.5, 0.45); // step 0.1 · √2; c = 'a'
    assert.equal(flow2Reaches(b, at(0.6, 0.45), p), true);
    assert.equal(flow2Reaches(b, at(0.7, 0.45), p), false);
    assert.equal(flow2Reaches(b, at(0.5, 0.55), p), false, "0.1 away, but c = 'b'");
  });

  it('an improvement shifts the bests and sets speed = (best2 − best1) / running / max(cost since best2, eps)', () => {
    const s = statsFinished(statsStarted(statsFrom(-0.5, 1)), -0.7, 3);
    assert.deepEqual(
      { ...s, speed: 0 },
      { objBest1: -0.7, objBest2: -0.5, costTotal: 4, costBest1: 4, costBest2: 1, running: 0, speed: 0 },
    );
    close(s.speed, 0.2 / 1 / 3);
  });

  it('discounts the speed by the trials in flight, and measures it over at least eps', () => {
    const two = statsStarted(statsStarted(statsFrom(-0.5, 1)));
    close(statsFinished(two, -0.7, 3).speed, 0.2 / 2 / 3);
    close(statsFinished(statsStarted(statsFrom(-0.5, 1)), -0.7, 0.25).speed, 0.2 / 1 / 1);
  });

  it('a failed trial adds cost but no improvement; a first result has no speed yet', () => {
    const s = statsFinished(statsStarted(statsFrom(-0.5, 1)), null, 2);
    assert.equal(s.objBest1, -0.5);
    assert.equal(s.costTotal, 3);
    assert.equal(s.speed, 0);
    assert.equal(statsFinished(statsStarted(statsFrom(null, 0)), -1, 1).speed, 0);
  });

  const table: Array<[string, ReturnType<typeof statsFrom>, number | null, number, number]> = [
    ['cost since best', { ...statsFrom(-0.5, 1), costTotal: 5 }, -0.5, 0.1, 4],
    ['cost of last improvement', { ...statsFrom(-0.5, 4), costBest2: 1 }, -0.5, 0.1, 3],
    ['behind the target: 2·gap/speed', { ...statsFrom(-0.5, 1), speed: 0.1 }, -0.6, 0.1, 2],
    ['no speed: uses the max speed', statsFrom(-0.5, 1), -0.6, 0.05, 4],
  ];
  for (const [name, s, target, maxSpeed, eci] of table)
    it(`expected cost for improvement: ${name}`, () => close(expectedCostForImprovement(s, target, maxSpeed), eci));

  it('priority = min_eci · speed − obj_best1; −∞ before any score', () => {
    close(threadPriority({ ...statsFrom(-0.8, 1), speed: 0.1 }, 2, 0.1), 1.0);
    close(threadPriority(statsFrom(-0.8, 1), 2, 0), 0.8);
    assert.equal(threadPriority(statsFrom(null, 0), 2, 0.1), -Infinity);
  });

  it('picks a local thread only when its priority beats the global one', () => {
    const local = (obj: number, speed: number) => ({ stats: { ...statsFrom(obj, 1), speed }, converged: false });
    const g = { ...statsFrom(-0.5, 1), speed: 0.01 };
    assert.deepEqual(selectThread(g, [local(-0.9, 0.01), local(-0.6, 0.01)], 10), { top: 0, backup: 0 });
    assert.deepEqual(selectThread({ ...g, objBest1: -0.95 }, [local(-0.9, 0.01)], 10), { top: -1, backup: 0 });
    assert.deepEqual(selectThread(g, [{ ...local(-0.9, 0.01), converged: true }], 10), { top: -1, backup: -1 });
  });

  it('reads a trial cost from its metric, 1 without it', () => {
    assert.equal(trialCost({ loss: 1, fit_seconds: 2.5 }, 'fit_seconds'), 2.5);
    assert.equal(trialCost({ loss: 1 }, 'fit_seconds'), 1);
    assert.equal(trialCost({ fit_seconds: NaN }, 'fit_seconds'), 1);
    assert.equal(trialCost(undefined, 'fit_seconds'), 1);
  });

  it("counts cost in the user's metric, else the cost budget's, else fit_seconds", () => {
    assert.equal(costMetricOf('epochs', { cost: { total: 9, metric: 'fit_cpu_seconds' } }), 'epochs');
    assert.equal(costMetricOf(undefined, { cost: { total: 9, metric: 'fit_cpu_seconds' } }), 'fit_cpu_seconds');
    assert.equal(costMetricOf(undefined, { cost: { total: 9 } }), 'fit_seconds');
    assert.equal(costMetricOf(undefined, { trials: 9 }), 'fit_seconds');
  });

  // FLAML's min_eci starts from the budget left: the cost budget minus the cost used when the budget is
  // in the searcher's cost units, else (rxhpo) the trials left times the mean cost.
  const remaining: ReadonlyArray<readonly [string, Parameters<typeof remainingCost>, number]> = [
    ['cost budget in the cost metric', [{ cost: { total: 60 } }, 'fit_seconds', 45, 3, 2], 15],
    ['spent past the total', [{ cost: { total: 60 } }, 'fit_seconds', 70, 3, 2], 0],
    ['cost budget in another metric', [{ cost: { total: 60, metric: 'gpu_s' } }, 'fit_seconds', 45, 3, 2], Infinity],
    ['trials left × mean cost', [{ trials: 10 }, 'fit_seconds', 45, 3, 2], 14],
    ['the smaller of both', [{ trials: 10, cost: { total: 60 } }, 'fit_seconds', 50, 3, 2], 10],
    ['no budget', [{}, 'fit_seconds', 45, 3, 2], Infinity],
  ];
  for (const [name, args, left] of remaining)
    it(`remaining cost: ${name}`, () => assert.equal(remainingCost(...args), left));

  it("eps is a thousandth of a cost budget in the cost metric's units, between 1e-9 and 1", () => {
    close(speedEps({ cost: { total: 120 } }, 'fit_seconds'), 0.12);
    assert.equal(speedEps({ cost: { total: 5000 } }, 'fit_seconds'), 1);
    assert.equal(speedEps({ cost: { total: 1e-15 } }, 'fit_seconds'), 1e-9);
    assert.equal(speedEps({ cost: { total: 120, metric: 'gpu_s' } }, 'fit_seconds'), 1);
    assert.equal(speedEps({ trials: 10 }, 'fit_seconds'), 1);
  });
});

describe('cfoSampler', () => {
  const space = { trees: int(4, 4096, { log: true }), depth: int(1, 16), lr: float(1e-3, 1, { log: true }) };
  const bowl = (c: Config): number =>
    Math.log((c['trees'] as number) / 300) ** 2 +
    ((c['depth'] as number) - 6) ** 2 / 36 +
    Math.log((c['lr'] as number) / 0.1) ** 2;

  it('starts at lowCostInit and climbs from there in small steps', () => {
    const { configs, losses } = runStudy(space, cfoSampler({ lowCostInit: { trees: 4, depth: 1 } }), 80, bowl);
    assert.equal(configs[0]?.['trees'], 4);
    assert.equal(configs[0]?.['depth'], 1);
    // The first trials stay cheap: no config in the first ten reaches 128 trees (half of random search's would).
    assert.ok(configs.slice(0, 10).every((c) => (c['trees'] as number) < 128));
    assert.ok(Math.min(...losses) < losses[0]! / 10, `${Math.min(...losses)} vs start ${losses[0]}`);
  });

  it('restarts from a perturbed low-cost point when its thread converges', () => {
    const small = { n: int(0, 3), m: int(0, 3) };
    const st = stateAfter(small, cfoSampler({ lowCostInit: { n: 0, m: 0 } }), 60, () => 1) as BlendState<null>;
    assert.ok(st.restarts >= 2, `restarts ${st.restarts}`);
  });

  it('answers every ask with trials in flight, and counts failed ones as non-improving', () => {
    const s = askTell({
      space,
      objective,
      sampler: cfoSampler({ lowCostInit: { trees: 4 } }),
      seed: 1,
      budget: { trials: 40 },
      concurrency: 4,
    });
    let n = 0;
    for (let k = 0; k < 10; k++) {
      const batch = [s.ask(), s.ask(), s.ask(), s.ask()];
      for (const t of batch) {
        assert.ok(t, 'an ask went unanswered');
        n += 1;
        if (n % 3 === 0) s.tell(t.id, { state: 'failed' });
        else {
          s.report(t.id, 1, { loss: bowl(t.config) });
          s.tell(t.id);
        }
      }
    }
    assert.equal(n, 40);
  });

  for (const [name, make] of [
    ['cfoSampler', () => cfoSampler({ lowCostInit: { trees: 4 } })],
    ['blendSearch', () => blendSearch({ lowCostInit: { trees: 4 } })],
  ] as const)
    it(`${name} reads cost from the cost budget's metric unless told another`, () => {
      const costs = (budgetMetric: string, costMetric?: string): number => {
        const inner =
          costMetric === undefined
            ? make()
            : name === 'cfoSampler'
              ? cfoSampler({ lowCostInit: { trees: 4 }, costMetric })
              : blendSearch({ lowCostInit: { trees: 4 }, costMetric });
        let last: BlendState<unknown> | undefined;
        const spy: Sampler<BlendState<unknown>> = {
          ...(inner as Sampler<BlendState<unknown>>),
          ask: (st, study) => {
            const r = (inner as Sampler<BlendState<unknown>>).ask(st, study);
            last = r[1];
            return r;
          },
        };
        const s = askTell({
          space,
          objective,
          sampler: spy,
          seed: 2,
          budget: { trials: 8, cost: { total: 1000, metric: budgetMetric } },
        });
        for (let t = s.ask(); t; t = s.ask()) {
          s.report(t.id, 1, { loss: bowl(t.config), fit_seconds: 5, fit_cpu_seconds: 2 });
          s.tell(t.id);
        }
        assert.ok(last !== undefined && last.costCount > 0);
        return last.costSum / last.costCount;
      };
      assert.equal(costs('fit_cpu_seconds'), 2);
      assert.equal(costs('fit_seconds'), 5);
      assert.equal(costs('fit_cpu_seconds', 'fit_seconds'), 5);
    });

  it('moves its incumbent to a better trial it did not propose (an enqueued config)', () => {
    const f = (c: Config): number => Math.abs((c['x'] as number) - 0.9);
    const { configs } = runStudy(
      { x: float(0, 1) },
      enqueue([{ x: 0.9 }], cfoSampler({ lowCostInit: { x: 0 } })),
      10,
      f,
    );
    assert.deepEqual(configs.slice(0, 2), [{ x: 0.9 }, { x: 0 }]);
    for (const c of configs.slice(2)) assert.ok(Math.abs((c['x'] as number) - 0.9) <= 0.1 + 1e-9, JSON.stringify(c));
  });

  it('rejects bad options with named errors', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => cfoSampler({ lowCostinit: {} } as never), /unknown option "lowCostinit" \(did you mean "lowCostInit"\?\)/],
      [() => cfoSampler({ lowCostInit: 4 } as never), /lowCostInit must be an object/],
      [() => cfoSampler({ costMetric: '' }), /costMetric must be a non-empty metric name/],
      [() => blendSearch({ global: { init: 1 } as never }), /global must be a sampler/],
      [() => blendSearch({ seed: 1 } as never), /unknown option "seed"/],
    ];
    for (const [f, re] of bad) assert.throws(f, (e: unknown) => e instanceof InvalidOptionsError && re.test(e.message));
  });

  it('checks lowCostInit against the space at init, naming the parameter and value', () => {
    const init = (o: Parameters<typeof cfoSampler>[0]) => () => cfoSampler(o).init(space, rngFromSeed(0));
    assert.throws(init({ lowCostInit: { tres: 4 } }), /lowCostInit\.tres is not a parameter of the space/);
    assert.throws(
      init({ lowCostInit: { trees: 2 } }),
      /lowCostInit\.trees must be a value of the parameter's distribution, got 2/,
    );
    assert.throws(init({ lowCostInit: { depth: 1.5 } }), InvalidOptionsError);
  });
});

describe('blendSearch', () => {
  it('keeps global proposals inside the region local search has explored (one step of margin)', () => {
    // A global searcher that always wants the far corner, the expensive end of x.
    const far: Sampler<null> = { name: 'far', init: () => null, ask: (s) => [{ x: 1 }, s] };
    const { configs } = runStudy(
      { x: float(0, 1) },
      blendSearch({ global: far, lowCostInit: { x: 0 } }),
      12,
      (c) => c['x'] as number,
    );
    assert.equal(configs[0]?.['x'], 0);
    assert.ok(
      configs.every((c) => c['x'] !== 1),
      JSON.stringify(configs),
    );
  });

  it('lets the global searcher propose when the whole space is admissible', () => {
    const far: Sampler<null> = { name: 'far', init: () => null, ask: (s) => [{ x: 1 }, s] };
    const { configs } = runStudy({ x: float(0, 1) }, blendSearch({ global: far }), 12, (c) => c['x'] as number);
    assert.ok(configs.some((c) => c['x'] === 1));
  });

  it('starts a local thread from a global trial that beats the median of the local bests', () => {
    const st = stateAfter(
      { x: float(0, 1), y: float(0, 1) },
      blendSearch(),
      30,
      (c) => ((c['x'] as number) - 0.3) ** 2 + ((c['y'] as number) - 0.7) ** 2,
    ) as BlendState;
    assert.ok(st.threads.length >= 1);
    assert.ok(st.nextThread >= 2);
  });

  it('is named after its global searcher', () => {
    assert.equal(blendSearch().name, 'blendsearch(tpe)');
    assert.equal(cfoSampler().name, 'cfo');
  });
});

describe('cfoSampler and blendSearch with a scheduler', () => {
  const space = { x: float(0, 1), y: float(0, 1) };
  const loss = (c: Config, step: number): number =>
    ((c['x'] as number) - 0.3) ** 2 + ((c['y'] as number) - 0.6) ** 2 + 1 / step;

  for (const [name, make] of [
    ['cfoSampler', () => cfoSampler({ lowCostInit: { x: 0 } })],
    ['blendSearch', () => blendSearch({ lowCostInit: { x: 0 } })],
  ] as const)
    for (const mode of ['stop', 'promote'] as const)
      it(`${name} runs under asha (${mode}): stopped and paused trials neither stall nor break it`, () => {
        const s = askTell({
          space,
          objective,
          sampler: make(),
          seed: 3,
          budget: { trials: 40 },
          scheduler: asha({ maxStep: 9, reductionFactor: 3, mode }),
        });
        let stopped = 0;
        let runs = 0;
        for (let t = s.ask(); t; t = s.ask()) {
          runs += 1;
          assert.ok(runs < 400, 'the study does not end');
          let ended = false;
          for (let step = t.startStep + 1; step <= (t.budget ?? 9) && !ended; step++)
            if (s.report(t.id, step, { loss: loss(t.config, step) }) !== undefined) ended = true;
          if (ended) stopped += 1;
          else s.tell(t.id);
        }
        assert.equal(s.state.fresh, 40);
        assert.ok(stopped > 0, 'asha never cut a trial short');
        assert.ok((s.best()?.lastScore ?? -Infinity) > -(1 / 9 + 0.05), `best ${s.best()?.lastScore}`);
      });
});
