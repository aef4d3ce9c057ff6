// Type-level tests for the trainer adapters and the result: this file must type-check (`npm run typecheck`).
import { describe, it } from 'node:test';
import { pipe } from 'rxjs';
import type { Observable } from 'rxjs';
import { categorical, float, fromAsync, fromAsyncIterable, initialStudyState, studyResult } from '../../lib/index.js';
import type { ConfigOf, MetricReport, StudyResult, StudyState, Trainer, TrialRow } from '../../lib/index.js';
import { sampleWith, study, toResult, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { commandTrainer } from '../../adapters/node/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const expectType = <T extends true>(_: T): void => undefined;

const space = { lr: float(1e-4, 1e-1, { log: true }), act: categorical(['relu', 'tanh']) };
type Cfg = ConfigOf<typeof space>;
const objective = { metric: 'loss', mode: 'min' } as const;

// Inside trainWith, fromAsync and fromAsyncIterable infer the typed config from the space.
const _result$ = study(
  { space, objective },
  pipe(
    sampleWith(randomSampler()),
    trainWith(
      fromAsync(async (trial, { report, signal }) => {
        expectType<Mutual<typeof trial.config, { lr: number; act: 'relu' | 'tanh' }>>(true);
        expectType<Equal<typeof signal, AbortSignal>>(true);
        expectType<Equal<ReturnType<typeof report>, Promise<void>>>(true);
        signal.throwIfAborted();
        await report(1, { loss: trial.config.lr });
      }),
    ),
  ),
).pipe(toResult());
expectType<Equal<typeof _result$, Observable<StudyResult<Cfg>>>>(true);

study(
  { space, objective },
  pipe(
    sampleWith(randomSampler()),
    trainWith(
      fromAsyncIterable(async function* (trial) {
        expectType<Mutual<typeof trial.config, { lr: number; act: 'relu' | 'tanh' }>>(true);
        yield { step: 1, metrics: { loss: trial.config.lr } };
      }),
    ),
  ),
);

// Defined on its own, a trainer takes the config type as a parameter and then fits the study.
const standalone = fromAsync<Cfg>(async (trial, { report }) => void (await report(1, { loss: trial.config.lr })));
expectType<Equal<typeof standalone, Trainer<Cfg>>>(true);
study({ space, objective }, pipe(sampleWith(randomSampler()), trainWith(standalone)));

// A command trainer's args function sees the typed trial.
const cmd = commandTrainer<Cfg>({ command: 'python3', args: (t) => ['train.py', '--act', t.config.act] });
study({ space, objective }, pipe(sampleWith(randomSampler()), trainWith(cmd)));
// Checked by the compiler only: at run time this throws the InvalidOptionsError it would deserve.
const _neverCalled = (): unknown =>
  // @ts-expect-error 'file' is not a config channel
  commandTrainer({ command: 'x', config: 'file' });

// Rows carry the typed config; a generator must yield MetricReports.
const state: StudyState<typeof space> = initialStudyState({ seed: 0, objective, space, concurrency: 1, budget: {} });
const result = studyResult(state);
expectType<Equal<typeof result, StudyResult<Cfg>>>(true);
expectType<Equal<(typeof result.trials)[number], TrialRow<Cfg>>>(true);
// @ts-expect-error a yielded value must be a MetricReport
fromAsyncIterable(async function* () {
  yield { step: 1 };
});
const _report: MetricReport = { step: 1, metrics: {} };

describe('trainer adapter types', () => {
  it('type-checks (see npm run typecheck)', () => {
    void _report;
    void result;
    void _neverCalled;
  });
});
