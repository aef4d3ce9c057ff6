// Type-level tests: this file must type-check (`npm run typecheck`); the runtime test only keeps it in the suite.
// No casts anywhere: the Optuna tutorial's indexed family and when() conditions are typed from the space.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { of, pipe } from 'rxjs';
import { categorical, float, int, param, when } from '../../lib/index.js';
import type { ConfigOf } from '../../lib/index.js';
import { sampleWith, study, trainWith } from '../../operators/index.js';
import { tpeSampler } from '../../strategies/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const expectType = <T extends true>(_: T): void => undefined;

// Optuna's tutorial: n_layers, then n_units_l{i} and dropout_l{i} for each present layer.
const tutorial = {
  n_layers: int(1, 3, { each: { n_units_l: int(4, 128, { log: true }), dropout_l: float(0.2, 0.5) } }),
  optimizer: categorical(['Adam', 'SGD']),
};
type Tutorial = ConfigOf<typeof tutorial>;
expectType<
  Mutual<
    Tutorial,
    {
      readonly n_layers: number;
      readonly optimizer: 'Adam' | 'SGD';
      readonly [k: `n_units_l${number}`]: number | undefined;
      readonly [k: `dropout_l${number}`]: number | undefined;
    }
  >
>(true);

const layers = (config: Tutorial): number[] => {
  const widths: number[] = [];
  for (let i = 0; i < config.n_layers; i++) {
    const out = param(config, `n_units_l${i}`);
    expectType<Equal<typeof out, number>>(true);
    // Direct indexing is typed too (possibly absent, so number | undefined).
    const p = config[`dropout_l${i}`];
    expectType<Equal<typeof p, number | undefined>>(true);
    widths.push(out + (p ?? 0) * 0);
  }
  // @ts-expect-error not a choice
  const bad: Tutorial['optimizer'] = 'RMSprop';
  void bad;
  return widths;
};

// Wrong keys are compile errors (never called: the misspelt family would throw at run time).
const wrongKeys = (config: Tutorial, i: number): void => {
  // @ts-expect-error misspelt family
  param(config, `n_unit_l${i}`);
  // @ts-expect-error misspelt family, indexed directly
  void config[`dropout_x${i}`];
  // @ts-expect-error misspelt parameter
  void config.n_layer;
};

// when(): a condition on any earlier parameter makes the key optional; branches stay a union.
const conditional = {
  layers: int(1, 4),
  skip: when('layers', { low: 3 }, categorical([true, false])),
  x: float(-1, 1),
  pos: when('x', { low: 0 }, float(0, 10)),
  kernel: categorical(['linear', 'poly'], { poly: { degree: int(2, 5) } }),
};
type Cond = ConfigOf<typeof conditional>;
expectType<
  Mutual<
    Cond,
    | { layers: number; skip?: boolean; x: number; pos?: number; kernel: 'linear' }
    | { layers: number; skip?: boolean; x: number; pos?: number; kernel: 'poly'; degree: number }
  >
>(true);
const readPos = (c: Cond): number => c.pos ?? (c.kernel === 'poly' ? c.degree : 0);

// A conditional categorical with branches: absent, or one of its branches.
const nested = { n: int(0, 2), kind: when('n', { in: [1, 2] }, categorical(['a', 'b'], { b: { g: float(0, 1) } })) };
expectType<
  Mutual<ConfigOf<typeof nested>, { n: number } | { n: number; kind: 'a' } | { n: number; kind: 'b'; g: number }>
>(true);

// A space built at run time (Object.fromEntries) gives a record of values, not never.
const built = Object.fromEntries([0, 1, 2].map((i) => [`w${i}`, float(0, 1)]));
expectType<Equal<ConfigOf<typeof built>, { readonly [k: string]: number }>>(true);

// A trainer inside the pipeline receives the typed tutorial config without annotations.
const events$ = study(
  { space: tutorial, objective: { metric: 'loss', mode: 'min' } },
  pipe(
    sampleWith(tpeSampler()),
    trainWith((trial) => of({ step: 1, metrics: { loss: layers(trial.config).reduce((a, b) => a + b, 0) } })),
  ),
);

describe('conditional space types', () => {
  it('type-checks (see npm run typecheck), and param() reads present keys and refuses absent ones', () => {
    void events$;
    void readPos;
    void wrongKeys;
    void built;
    assert.ok(Object.keys(conditional).length > 0 && Object.keys(nested).length > 0);
    const c: Tutorial = { n_layers: 1, optimizer: 'Adam', n_units_l0: 8, dropout_l0: 0.3 };
    assert.deepEqual(layers(c), [8]);
    assert.throws(() => param(c, 'n_units_l1'), /"n_units_l1" is not in this config/);
  });
});
