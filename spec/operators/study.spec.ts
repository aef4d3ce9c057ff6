import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { NEVER, asapScheduler, from, lastValueFrom, map, of, pipe, throwError, toArray, timer } from 'rxjs';
import { categorical, float, int } from '../../lib/distribution.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Sampler } from '../../lib/sampler.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { InvalidOptionsError, TrainerContractError } from '../../lib/errors.js';
import { report } from '../../testing/fakeTrainer.js';
import { bestSoFar, sampleWith, study, trainWith } from '../../operators/index.js';
import { enqueue, gridSampler, randomSampler } from '../../strategies/index.js';
import { label, testScheduler, timeline } from '../helpers/timeline.js';

const space = { x: float(-5, 5), act: categorical(['relu', 'tanh']) };
const objective = { metric: 'loss', mode: 'min' } as const;
const quad = (x: number) => ({ loss: x * x });

describe('study', () => {
  it('never exceeds concurrency, refills a slot on the frame it frees, completes when the budget is spent and nothing runs', () => {
    const ts = testScheduler();
    const lines: string[] = [];
    let maxRunning = 0;
    ts.run(({ cold, flush }) => {
      const runs: Record<string, Observable<MetricReport>> = {
        '0': cold('--a|', { a: report(1, { loss: 1 }) }),
        '1': cold('-----a|', { a: report(1, { loss: 2 }) }),
        '2': cold('--a|', { a: report(1, { loss: 3 }) }),
      };
      let running = 0;
      study(
        { space, objective, seed: 1, concurrency: 2, budget: { trials: 3 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => runs[t.id] as Observable<MetricReport>),
        ),
      ).subscribe({
        next: (e) => {
          if (e._tag === 'TrialStarted') maxRunning = Math.max(maxRunning, ++running);
          if (e._tag === 'TrialEnded') running--;
          lines.push(`${ts.now()}: ${label(e)}`);
        },
        complete: () => lines.push(`${ts.now()}: |`),
      });
      flush();
    });
    assert.equal(maxRunning, 2);
    assert.deepEqual(lines, [
      '0: study',
      '0: S 0',
      '0: S 1',
      '2: R 0@1',
      '3: E 0 completed',
      '3: S 2', // the freed slot is refilled on the same frame
      '5: R 1@1',
      '5: R 2@1',
      '6: E 1 completed',
      '6: E 2 completed',
      '6: |', // exactly when the last trial ends
    ]);
  });

  it('works with synchronous trainers (of(...))', async () => {
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 3, concurrency: 2, budget: { trials: 7 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => of(report(1, quad(t.config.x)), report(2, quad(t.config.x / 2)))),
        ),
      ).pipe(toArray()),
    );
    const ended = events.filter((e) => e._tag === 'TrialEnded');
    assert.equal(ended.length, 7);
    assert.ok(ended.every((e) => e._tag === 'TrialEnded' && e.outcome === 'completed'));
    assert.equal(events.filter((e) => e._tag === 'TrialReported').length, 14);
  });

  it('early unsubscribe cancels every running trainer on that frame', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectSubscriptions }) => {
      const A = cold('-----a-----b|', { a: report(1, { loss: 1 }), b: report(2, { loss: 0.5 }) });
      const B = cold('--------a--|', { a: report(1, { loss: 2 }) });
      const C = cold('--a|', { a: report(1, { loss: 3 }) });
      const runs: Record<string, Observable<MetricReport>> = { '0': A, '1': B, '2': C };
      const sub = study(
        { space, objective, concurrency: 3, budget: { trials: 10 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => runs[t.id] ?? NEVER),
        ),
      ).subscribe();
      cold('-------a').subscribe(() => sub.unsubscribe());
      expectSubscriptions(A.subscriptions).toBe('^------!');
      expectSubscriptions(B.subscriptions).toBe('^------!');
      expectSubscriptions(C.subscriptions).toBe('^--!'); // finished on its own before
    });
  });

  it('a trainer that throws, errors, or reports NaN/Infinity/no objective ends failed with the reason; the study goes on and the sampler sees it', async () => {
    const seen: string[][] = [];
    const spy: Sampler<number> = {
      name: 'spy',
      init: () => 0,
      ask: (n, s) => {
        seen.push([...s.trials.values()].map((r) => `${r.trial.id}:${r.status}`));
        return [{ x: n, act: 'relu' }, n + 1];
      },
    };
    const trainers: Array<() => Observable<MetricReport>> = [
      () => {
        throw new Error('thrown synchronously');
      },
      () => throwError(() => new Error('errored')),
      () => of(report(1, { loss: NaN })),
      () => of(report(1, { loss: Infinity })),
      () => of(report(1, { acc: 0.5 })),
      () => of(report(1, { loss: 0.25 })),
    ];
    const events = await lastValueFrom(
      study(
        { space, objective, budget: { trials: 6 } },
        pipe(
          sampleWith(spy),
          trainWith((t) => (trainers[t.number] as () => Observable<MetricReport>)()),
        ),
      ).pipe(toArray()),
    );
    const ends = events.filter((e) => e._tag === 'TrialEnded');
    assert.deepEqual(
      ends.map((e) => (e._tag === 'TrialEnded' ? [e.outcome, e.error?.message] : [])),
      [
        ['failed', 'thrown synchronously'],
        ['failed', 'errored'],
        ['failed', 'trial 2: metric "loss" is NaN at step 1'],
        ['failed', 'trial 3: metric "loss" is Infinity at step 1'],
        ['failed', 'trial 4: report at step 1 has no objective metric "loss" (got ["acc"])'],
        ['completed', undefined],
      ],
    );
    assert.deepEqual(seen[5], ['0:failed', '1:failed', '2:failed', '3:failed', '4:failed']);
  });

  it('is deterministic: same seed, concurrency 3, trainers finishing out of order → deep-equal events; another seed differs', () => {
    const make = (seed: number) =>
      study(
        { space, objective, seed, concurrency: 3, budget: { trials: 12 } },
        pipe(
          sampleWith(randomSampler()),
          // Durations depend on the config, so completions are out of order.
          trainWith((t) =>
            timer(1 + Math.round(Math.abs(t.config.x) * 3)).pipe(map(() => report(1, quad(t.config.x)))),
          ),
        ),
      );
    const run = (seed: number) => timeline(() => make(seed));
    const collect = (seed: number) => {
      let events: TrialEvent[] = [];
      testScheduler().run(({ flush }) => {
        make(seed)
          .pipe(toArray())
          .subscribe((e) => (events = e as TrialEvent[]));
        flush();
      });
      return events;
    };
    const a = run(42);
    assert.deepEqual(run(42), a);
    assert.deepEqual(collect(42), collect(42));
    assert.notDeepEqual(collect(43), collect(42));
    // completions really were out of order
    const ends = a.filter((l) => l.includes(' E ')).map((l) => Number(l.split(' ')[2]));
    assert.notDeepEqual(
      ends,
      [...ends].sort((p, q) => p - q),
    );
  });

  // A cost budget cuts running work as a step budget does: each trial reports fit_seconds = its step, so
  // both budgets of 5 run out at the third report.
  for (const [what, budget] of [
    ['a step budget', { steps: 5 }],
    ["a cost budget (the trials' fit_seconds so far)", { cost: { total: 5 } }],
  ] as const)
    it(`spends ${what}: running trials are stopped on the frame it runs out`, () => {
      const lines = timeline(() =>
        study(
          { space, objective, concurrency: 2, budget },
          pipe(
            sampleWith(randomSampler()),
            trainWith(() => timer(1, 2).pipe(map((i) => report(i + 1, { loss: 1 / (i + 1), fit_seconds: i + 1 })))),
          ),
        ),
      );
      assert.deepEqual(lines, [
        '0: study',
        '0: S 0',
        '0: S 1',
        '1: R 0@1',
        '1: R 1@1',
        '3: R 0@2',
        '3: R 1@2',
        '5: R 0@3',
        '5: D stop 0',
        '5: E 0 stopped',
        '5: D stop 1',
        '5: E 1 stopped',
        '5: |',
      ]);
    });

  it('names a bad cost budget before anything runs', () => {
    for (const [cost, message] of [
      [{ total: -1 }, /budget.cost.total must be a finite number >= 0, got -1/],
      [{ total: 5, metric: '' }, /budget.cost.metric must be a non-empty string/],
      [{ total: 5, per: 'trial' }, /budget.cost: unknown option "per"/],
      [60, /budget.cost must be an object \{ total, metric\? \}, got 60/],
    ] as const)
      assert.throws(
        () =>
          study(
            { space, objective, budget: { cost: cost as never } },
            pipe(
              sampleWith(randomSampler()),
              trainWith(() => of(report(1, { loss: 1 }))),
            ),
          ).subscribe(),
        (e: unknown) => e instanceof InvalidOptionsError && message.test(e.message),
      );
  });

  it('stops at a deadline taken from the injected scheduler (virtual time)', () => {
    const ts = testScheduler();
    const lines: string[] = [];
    ts.run(({ flush }) => {
      study(
        { space, objective, concurrency: 1, budget: { deadline: 7 }, scheduler: ts },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => timer(3).pipe(map(() => report(1, { loss: 1 })))),
        ),
      ).subscribe({
        next: (e) => lines.push(`${ts.now()}: ${label(e)}`),
        complete: () => lines.push(`${ts.now()}: |`),
      });
      flush();
    });
    assert.deepEqual(lines, [
      '0: study',
      '0: S 0',
      '3: R 0@1',
      '3: E 0 completed',
      '3: S 1',
      '6: R 1@1',
      '6: E 1 completed',
      '6: S 2',
      '7: deadline',
      '7: D stop 2',
      '7: E 2 stopped',
      '7: |',
    ]);
  });

  it('takes configs from any Observable, one per free slot, and ends when it completes', async () => {
    const configs = [
      { x: 1, act: 'relu' },
      { x: 2, act: 'tanh' },
      { x: 3, act: 'relu' },
    ] as const;
    const events = await lastValueFrom(
      study(
        { space, objective, concurrency: 2 },
        pipe(
          sampleWith(from(configs)),
          trainWith((t) => of(report(1, quad(t.config.x)))),
        ),
      ).pipe(toArray()),
    );
    assert.deepEqual(
      events.flatMap((e) => (e._tag === 'TrialStarted' ? [e.trial.config] : [])),
      configs,
    );
  });

  it('accepts configs arriving later from an asynchronous source', async () => {
    const later = from([{ x: 0.5, act: 'tanh' as const }], asapScheduler);
    const best = await lastValueFrom(
      study(
        { space, objective },
        pipe(
          sampleWith(later),
          trainWith((t) => of(report(1, quad(t.config.x)))),
        ),
      ).pipe(bestSoFar()),
    );
    assert.equal(best.value, 0.25);
  });

  it('ends when the grid is exhausted', async () => {
    const events = await lastValueFrom(
      study(
        { space: { a: int(1, 3), b: categorical(['x', 'y']) }, objective, concurrency: 2 },
        pipe(
          sampleWith(gridSampler()),
          trainWith((t) => of(report(1, { loss: t.config.a }))),
        ),
      ).pipe(toArray()),
    );
    assert.equal(events.filter((e) => e._tag === 'TrialStarted').length, 6);
  });

  it('runs enqueued configs first', async () => {
    const events = await lastValueFrom(
      study(
        { space, objective, budget: { trials: 3 } },
        pipe(
          sampleWith(enqueue([{ x: 0.1, act: 'tanh' }], randomSampler())),
          trainWith((t) => of(report(1, quad(t.config.x)))),
        ),
      ).pipe(toArray()),
    );
    const first = events.find((e) => e._tag === 'TrialStarted');
    assert.deepEqual(first?._tag === 'TrialStarted' && first.trial.config, { x: 0.1, act: 'tanh' });
  });

  describe('bad input gets a named error naming the field and value, before any trial starts', () => {
    const run = (make: () => Observable<TrialEvent<unknown>>) => timeline(make);
    it('concurrency < 1 (thrown synchronously by study)', () => {
      assert.throws(
        () =>
          study(
            { space, objective, concurrency: 0 },
            pipe(
              sampleWith(randomSampler()),
              trainWith(() => NEVER),
            ),
          ),
        (e: unknown) =>
          e instanceof InvalidOptionsError && /concurrency must be an integer >= 1, got 0/.test(e.message),
      );
    });
    it('a malformed objective or budget', () => {
      assert.throws(
        () =>
          study(
            { space, objective: { metric: 'loss', mode: 'up' as 'min' }, budget: { trials: -1 } },
            pipe(
              sampleWith(randomSampler()),
              trainWith(() => NEVER),
            ),
          ),
        (e: unknown) =>
          e instanceof InvalidOptionsError &&
          /objective.mode: "up" is not "min" \| "max"/.test(e.message) &&
          /budget.trials must be an integer >= 0, got -1/.test(e.message),
      );
    });
    it('an enqueued config outside the space', () => {
      const lines = run(() =>
        study(
          { space, objective, budget: { trials: 1 } },
          pipe(
            sampleWith(enqueue([{ x: 9, act: 'relu' }], randomSampler())),
            trainWith(() => NEVER),
          ),
        ),
      );
      assert.deepEqual(lines, ['0: study', '0: # enqueue: enqueue[0]: x: 9 is outside float [-5, 5]']);
    });
    it('a trainer that returns something that is not an Observable', () => {
      const lines = run(() =>
        study(
          { space, objective, budget: { trials: 1 } },
          pipe(sampleWith(randomSampler()), trainWith((() => Promise.resolve(1)) as never)),
        ),
      );
      assert.equal(lines.length, 2);
      assert.match(
        lines[1] as string,
        /# trainer: for trial 0 the trainer returned an object \(Promise\), not an Observable/,
      );
      assert.throws(() => {
        throw new TrainerContractError('0', 'x');
      }, /TrainerContractError|trainer/);
    });
    it('a pipeline that does not return an Observable', () => {
      const lines = run(() => study({ space, objective }, (() => undefined) as never));
      assert.match(lines.join('\n'), /pipeline returned undefined instead of an Observable/);
    });
  });
});
