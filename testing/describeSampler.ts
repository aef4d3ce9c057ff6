import { describe as nodeDescribe, it as nodeIt } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, of, pipe, toArray } from 'rxjs';
import type { Config } from '../lib/config.js';
import { categorical, float, int, when } from '../lib/distribution.js';
import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import { configProblems } from '../lib/searchSpace.js';
import { askTell } from '../lib/askTell.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { study } from '../operators/study.js';
import { sampleWith } from '../operators/sampleWith.js';
import { trainWith } from '../operators/trainWith.js';
import { jsonProblems } from './jsonProblems.js';
import type { RecordedAsk } from './recordAsks.js';
import { recordAsks } from './recordAsks.js';

/** The test-framework functions a conformance suite needs (node:test by default; pass vitest's). */
export interface SuiteFns {
  readonly describe: (name: string, fn: () => void) => unknown;
  readonly it: (name: string, fn: () => unknown) => unknown;
}

/** Options of {@link describeSampler}. */
export interface DescribeSamplerOptions {
  /** Trials per check (default 30: enough to get past a model-based sampler's startup phase). */
  readonly trials?: number;
  /** Skip the conditional-space check (for samplers that document they do not support branches). */
  readonly noConditional?: boolean;
  /** Skip "different seeds differ" (for deterministic designs such as an unscrambled grid). */
  readonly seedIndependent?: boolean;
  readonly suite?: SuiteFns;
}

/** Spaces every sampler must handle. */
export const CONFORMANCE_SPACES: Readonly<Record<string, SearchSpace>> = {
  float: { x: float(-5, 5), y: float(0, 1) },
  log: { lr: float(1e-5, 1e-1, { log: true }), n: int(1, 1024, { log: true }) },
  steps: { q: float(0, 1, { step: 0.25 }), k: int(16, 256, { step: 16 }), i: int(-3, 3) },
  categorical: {
    act: categorical(['relu', 'tanh', 'gelu']),
    flag: categorical([true, false]),
    n: categorical([1, 2, 4]),
  },
  degenerate: { a: float(1, 1), b: int(3, 3), c: categorical(['only']) },
  conditional: {
    kind: categorical(['linear', 'rbf', 'poly'], {
      rbf: { gamma: float(1e-4, 10, { log: true }) },
      poly: { degree: int(2, 5), coef0: float(0, 1) },
    }),
    C: float(1e-3, 1e3, { log: true }),
  },
  // Conditions on ints and floats, membership and ranges.
  'conditional-int': {
    n: int(0, 3),
    a: when('n', { in: [1, 3] }, float(0, 1)),
    b: when('n', { low: 2 }, int(1, 5)),
    k: categorical(['x', 'y']),
  },
  'conditional-range': {
    x: float(-1, 1),
    pos: when('x', { low: 0 }, float(0, 10)),
    neg: when('x', { high: -0.5 }, categorical(['p', 'q'])),
  },
  // A condition on a conditional parameter, three levels down from a branch.
  'conditional-nested': {
    kind: categorical(['a', 'b'], { b: { depth: int(1, 4), wide: when('depth', { low: 3 }, float(1, 2)) } }),
    extra: when('wide', { high: 1.5 }, int(0, 9)),
    deeper: when('extra', { in: [0, 1, 2] }, float(-1, 1)),
  },
  // Optuna's tutorial: n_layers, then n_units_l{i} and dropout_l{i} for each present layer.
  'conditional-each': {
    lr: float(1e-5, 1e-1, { log: true }),
    n_layers: int(1, 3, { each: { n_units_l: int(4, 6, { log: true }), dropout_l: float(0.2, 0.5) } }),
  },
  // Names that every object inherits, used as ordinary parameters (and as parents of conditions).
  'conditional-names': {
    constructor: float(0, 1),
    toString: categorical(['a', 'b']),
    hasOwnProperty: when('toString', { in: ['b'] }, int(1, 3)),
    valueOf: when('constructor', { low: 0.5 }, float(0, 1)),
  },
  // Extreme but valid ranges: every value a float64 can hold, almost none, and every safe integer.
  'extreme-float': {
    wide: float(-8e307, 8e307),
    logWide: float(1e-300, 1e300, { log: true }),
    narrow: float(1, 1 + 4 * Number.EPSILON),
    small: float(0, 1e-300),
    stepped: float(-1e300, 1e300, { step: 1e299 }),
  },
  // Where a model's float64 arithmetic gives out: bounds near the maximum, sub-ulp widths.
  'extreme-edges': {
    top: float(1.7e308, Number.MAX_VALUE),
    subnormal: float(0, Number.MIN_VALUE),
    topLog: int(Number.MAX_SAFE_INTEGER - 9, Number.MAX_SAFE_INTEGER, { log: true }),
  },
  'extreme-int': {
    big: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    bigLog: int(1, Number.MAX_SAFE_INTEGER, { log: true }),
    bigStep: int(-(2 ** 52), 2 ** 52, { step: 2 ** 51 }),
    pair: int(-1, 0),
  },
};

/** A deterministic objective over any config: a hash-free sum that depends on every value. */
const objective = (c: Config): number =>
  Object.entries(c).reduce((acc, [k, v]) => {
    const x = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v.length;
    // Finite on the extreme spaces too (1.7 × 1e308 overflows), so every trial completes and counts.
    const y = x * 1.7 + k.length;
    return acc + (Number.isFinite(y) ? Math.abs(Math.sin(y)) : 1);
  }, 0);

const drive = (
  sampler: Sampler<unknown>,
  space: SearchSpace,
  seed: number,
  trials: number,
  failEvery = 0,
): Config[] => {
  const s = askTell({ space, objective: { metric: 'loss', mode: 'min' }, sampler, seed, budget: { trials } });
  const out: Config[] = [];
  for (let t = s.ask(); t; t = s.ask()) {
    out.push(t.config);
    if (failEvery > 0 && out.length % failEvery === 0) s.tell(t.id, { state: 'failed', error: new Error('boom') });
    else {
      s.report(t.id, 1, { loss: objective(t.config) + 1 });
      if (out.length % 5 === 0) s.tell(t.id, { state: 'failed', error: new Error('pruned-like') });
      else s.tell(t.id);
    }
  }
  return out;
};

/**
 * The conformance suite every sampler must pass (ours and users'): valid configs on float, log, step,
 * categorical, degenerate and conditional spaces; failed trials tolerated; asks with running trials
 * in flight; same seed gives the same configs, different seeds differ; the reactive study and the
 * ask/tell facade agree. And, for the journal's replay: `ask` is pure (asked again from a recorded
 * sampler state and study state, it answers the same config and next state), and the sampler state is
 * plain JSON data (no Map, Set, typed array, class instance, NaN, ±Infinity, −0 or `undefined` in its
 * enumerable part) that, read back with `JSON.parse`, asks exactly as the original at every step. A cache
 * that can be rebuilt from the study's log may live in a non-enumerable property (`Object.defineProperty`)
 * or a WeakMap keyed by the state: the round-tripped state has none and must rebuild the same answer. Call
 * it at the top level of a spec file.
 *
 * @example
 * ```ts
 * describeSampler('mySampler', () => mySampler({ startup: 5 }));
 * ```
 */
export const describeSampler = (
  name: string,
  factory: () => Sampler<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  options: DescribeSamplerOptions = {},
): void => {
  const { describe, it } = options.suite ?? { describe: nodeDescribe, it: nodeIt };
  const n = options.trials ?? 30;
  describe(`sampler conformance: ${name}`, () => {
    for (const [spaceName, space] of Object.entries(CONFORMANCE_SPACES)) {
      if (spaceName.startsWith('conditional') && options.noConditional) continue;
      it(`proposes only valid configs on a ${spaceName} space`, () => {
        const configs = drive(factory(), space, 1, n);
        assert.ok(configs.length > 0, 'proposed no config');
        for (const c of configs) assert.deepEqual(configProblems(space, c), [], `invalid config ${JSON.stringify(c)}`);
      });
    }
    it('tolerates failed trials', () => {
      const configs = drive(factory(), CONFORMANCE_SPACES.float as SearchSpace, 2, n, 3);
      assert.equal(configs.length, n);
    });
    it('asks with running trials in flight and keeps proposals valid', () => {
      const space = CONFORMANCE_SPACES.log as SearchSpace;
      const s = askTell({ space, objective: { metric: 'loss', mode: 'min' }, sampler: factory(), seed: 3 });
      const open = [];
      for (let i = 0; i < n; i++) {
        const t = s.ask();
        assert.ok(t, 'ask returned nothing with an unbounded budget');
        assert.deepEqual(configProblems(space, t.config), []);
        open.push(t);
        if (open.length > 3) {
          const done = open.shift()!;
          s.report(done.id, 1, { loss: objective(done.config) });
          s.tell(done.id);
        }
      }
      assert.equal(s.state.running.size, open.length);
    });
    it('is deterministic: the same seed gives the same configs', () => {
      const space = CONFORMANCE_SPACES.conditional as SearchSpace;
      assert.deepEqual(drive(factory(), space, 7, n), drive(factory(), space, 7, n));
    });
    // Every space, a run with stopped, paused, failed and in-flight trials: the states a journal replays.
    const recorded = (): Array<readonly [string, RecordedAsk[]]> =>
      Object.entries(CONFORMANCE_SPACES)
        .filter(([spaceName]) => !(spaceName === 'conditional' && options.noConditional))
        .map(([spaceName, space]) => [spaceName, recordAsks(factory(), space, 5, n, objective)] as const);
    it('is pure: asked again from a recorded state and study state, it gives the same config and next state', () => {
      for (const [spaceName, asks] of recorded()) {
        // Latest first, so a cache the run left extended must serve (or rebuild for) an earlier point.
        for (let i = asks.length - 1; i >= 0; i--) {
          const a = asks[i] as RecordedAsk;
          const sampler = factory();
          for (const time of ['once', 'twice']) {
            const [config, next] = sampler.ask(a.state, a.study);
            const at = `${spaceName} space, ask ${i}, asked ${time} again`;
            assert.deepEqual(config, a.config, `${at}: a different config`);
            assert.equal(JSON.stringify(next), JSON.stringify(a.next), `${at}: a different next state`);
          }
        }
      }
    });
    it('keeps its state JSON data, and a state that went through JSON asks exactly as the original', () => {
      for (const [spaceName, asks] of recorded()) {
        const sampler = factory();
        const roundTrip = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;
        // Replays the run as a journal would: every state read back from JSON before it is asked.
        let state = roundTrip(asks[0]?.state);
        asks.forEach((a, i) => {
          const at = `${spaceName} space, ask ${i}`;
          assert.deepEqual(jsonProblems(a.state, 'state'), [], `${at}: the state is not JSON data`);
          const [config, next] = sampler.ask(state, a.study);
          assert.deepEqual(config, a.config, `${at}: a different config from the state read back from JSON`);
          assert.equal(JSON.stringify(next), JSON.stringify(a.next), `${at}: a different next state`);
          state = roundTrip(next);
        });
      }
    });
    if (!options.seedIndependent)
      it('depends on the seed: different seeds give different configs', () => {
        const space = CONFORMANCE_SPACES.float as SearchSpace;
        assert.notDeepEqual(drive(factory(), space, 7, n), drive(factory(), space, 8, n));
      });
    it('gives the same trials through the reactive study as through ask/tell', async () => {
      const space = CONFORMANCE_SPACES.steps as SearchSpace;
      const events = await lastValueFrom(
        study(
          { space, objective: { metric: 'loss', mode: 'min' }, seed: 11, budget: { trials: n } },
          pipe(
            sampleWith(factory()),
            trainWith((t) => of({ step: 1, metrics: { loss: objective(t.config as Config) } })),
          ),
        ).pipe(toArray()),
      );
      const reactive = events
        .filter((e): e is Extract<TrialEvent, { _tag: 'TrialStarted' }> => e._tag === 'TrialStarted')
        .map((e) => e.trial.config);
      const s = askTell({
        space,
        objective: { metric: 'loss', mode: 'min' },
        sampler: factory(),
        seed: 11,
        budget: { trials: n },
      });
      const imperative: Config[] = [];
      for (let t = s.ask(); t; t = s.ask()) {
        imperative.push(t.config);
        s.report(t.id, 1, { loss: objective(t.config) });
        s.tell(t.id);
      }
      assert.deepEqual(reactive, imperative);
    });
  });
};
