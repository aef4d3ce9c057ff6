import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, map } from 'rxjs';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { TrainerContractError } from '../../lib/errors.js';
import type { Trial } from '../../lib/trial.js';
import { fakeTrial, report } from '../../testing/index.js';
import { execute, trainWith } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

const A = fakeTrial('A', { x: 1 }, { number: 0 });
const B = fakeTrial('B', { x: 2 }, { number: 1 });
const r = (step: number, loss: number) => report(step, { loss });

describe('trainWith', () => {
  it('never and empty sources', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(
        NEVER.pipe(
          trainWith(() => NEVER),
          execute(),
        ),
      ).toBe('');
      expectObservable(
        cold<Trial>('|').pipe(
          trainWith(() => NEVER),
          execute(),
        ),
      ).toBe('|');
    }));

  it('one and many trials: started, one event per report with the score, ended', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const trials = cold('A----B|', { A, B });
      const out = trials.pipe(
        trainWith((t) => cold('--a|', { a: r(1, t.config['x'] as number) })),
        execute(),
      );
      expectObservable(out).toBe('s-ae-t-b(f|)', {
        s: trialStarted(A),
        a: trialReported('A', r(1, 1), -1),
        e: trialEnded('A', 'completed'),
        t: trialStarted(B),
        b: trialReported('B', r(1, 2), -2),
        f: trialEnded('B', 'completed'),
      });
    }));

  it('source error passes through; early unsubscribe cancels the trainer', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(
        cold<Trial>('#').pipe(
          trainWith(() => NEVER),
          execute(),
        ),
      ).toBe('#');
      const t = cold('-----a|', { a: r(1, 1) });
      expectObservable(
        cold('A', { A }).pipe(
          trainWith(() => t),
          execute(),
        ),
        '^--!',
      ).toBe('s', { s: trialStarted(A) });
      expectSubscriptions(t.subscriptions).toBe('^--!');
    }));

  it('a throwing trainer, an erroring one and a NaN report end as failed; the stream goes on', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const trials = cold<Trial>('A----B----(C|)', { A, B, C: fakeTrial('C', {}, { number: 2 }) });
      const out = trials.pipe(
        trainWith((t) => {
          if (t.id === 'A') throw new Error('sync throw');
          if (t.id === 'B') return cold('-#', {}, new Error('async error'));
          return cold('-a', { a: r(1, NaN) }).pipe(map((x) => x));
        }),
        execute(),
      );
      expectObservable(out).toBe('(se)-tf---u(g|)', {
        s: trialStarted(A),
        e: trialEnded('A', 'failed', { name: 'Error', message: 'sync throw' }),
        t: trialStarted(B),
        f: trialEnded('B', 'failed', { name: 'Error', message: 'async error' }),
        u: trialStarted(fakeTrial('C', {}, { number: 2 })),
        g: trialEnded('C', 'failed', { name: 'TrialFailedError', message: 'trial C: metric "loss" is NaN at step 1' }),
      });
    }));

  it('a trainer returning a non-Observable is a TrainerContractError naming the trial and what it returned', () => {
    let error: unknown;
    testScheduler().run(({ cold, flush }) => {
      cold('A', { A })
        .pipe(trainWith((() => 42) as never), execute())
        .subscribe({ error: (e: unknown) => (error = e) });
      flush();
    });
    assert.ok(error instanceof TrainerContractError);
    assert.match((error as Error).message, /trial A the trainer returned number 42, not an Observable/);
  });
});
