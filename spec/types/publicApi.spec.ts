// Type-level tests: this file must type-check (`npm run typecheck`); the runtime test only keeps it in the suite.
import { describe, it } from 'node:test';
import { of, pipe } from 'rxjs';
import type { Observable } from 'rxjs';
import { categorical, float, int } from '../../lib/index.js';
import type { ConfigOf, Trial, TrialEvent, SchedulerOperator } from '../../lib/index.js';
import { bestSoFar, fifo, hyperband, sampleWith, study, trainWith } from '../../operators/index.js';
import type { Best } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const expectType = <T extends true>(_: T): void => undefined;

const space = { lr: float(1e-4, 1e-1, { log: true }), act: categorical(['relu', 'tanh']) };

// ConfigOf infers numbers and literal choices.
expectType<Mutual<ConfigOf<typeof space>, { lr: number; act: 'relu' | 'tanh' }>>(true);
expectType<Equal<ConfigOf<typeof space>, { readonly lr: number; readonly act: 'relu' | 'tanh' }>>(true);

// Conditional branches give a discriminated union.
const svm = {
  C: float(1e-3, 1e3, { log: true }),
  kernel: categorical(['linear', 'rbf', 'poly'], { rbf: { gamma: float(1e-4, 10) }, poly: { degree: int(2, 5) } }),
};
type Svm = ConfigOf<typeof svm>;
expectType<
  Mutual<
    Svm,
    | { C: number; kernel: 'linear' }
    | { C: number; kernel: 'rbf'; gamma: number }
    | { C: number; kernel: 'poly'; degree: number }
  >
>(true);
const narrow = (c: Svm): number => (c.kernel === 'rbf' ? c.gamma : c.kernel === 'poly' ? c.degree : c.C);

// A trainer inside the pipeline receives the typed config without annotations.
const events$ = study(
  { space, objective: { metric: 'loss', mode: 'min' } },
  pipe(
    sampleWith(randomSampler()),
    trainWith((trial) => {
      expectType<Mutual<typeof trial.config, { lr: number; act: 'relu' | 'tanh' }>>(true);
      // @ts-expect-error 'sigmoid' is not a choice
      const bad: typeof trial.config.act = 'sigmoid';
      void bad;
      return of({ step: 1, metrics: { loss: trial.config.lr } });
    }),
    fifo(),
  ),
);
expectType<Equal<typeof events$, Observable<TrialEvent<ConfigOf<typeof space>>>>>(true);
const best$ = events$.pipe(bestSoFar());
expectType<Equal<typeof best$, Observable<Best<ConfigOf<typeof space>>>>>(true);

// Scheduler operators preserve the config type.
const op: SchedulerOperator = fifo();
void op;
// Hyperband's bracket order is one of two names.
const seq: SchedulerOperator = hyperband({ maxStep: 81, brackets: 'sequential' });
void seq;
// @ts-expect-error 'inOrder' is not a bracket order
const badOrder = () => hyperband({ brackets: 'inOrder' });

// A pipeline producing runs of the wrong config type is rejected.
const wrong = (trial: Trial<{ momentum: number }>) => of({ step: 1, metrics: { loss: trial.config.momentum } });
// prettier-ignore
// @ts-expect-error the trainer wants a field the space does not have
study({ space, objective: { metric: 'loss', mode: 'min' } }, pipe(sampleWith(randomSampler()), trainWith(wrong)));

describe('public API types', () => {
  it('type-checks (see npm run typecheck)', () => {
    void narrow;
    void svm;
    void best$;
    void badOrder;
  });
});
