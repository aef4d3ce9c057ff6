import { describe, it } from 'node:test';
import { NEVER, map, take } from 'rxjs';
import type { TrialRun } from '../../lib/trialRun.js';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report, runsOf } from '../../testing/index.js';
import { execute } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = (step: number, loss: number) => report(step, { loss });

describe('execute', () => {
  it('never and empty', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(NEVER.pipe(execute())).toBe('');
      expectObservable(cold<TrialRun>('|').pipe(execute())).toBe('|');
    }));

  it('merges runs concurrently in the order events happen, completing after the last run', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const ta = cold('----a|', { a: r(1, 1) });
      const tb = cold('-a----|', { a: r(1, 2) });
      expectObservable(runsOf({ cold }, 'A-B|', { A: ta, B: tb }, { trials: { A, B } }).pipe(execute())).toBe(
        'w-xbae--(f|)',
        {
          w: trialStarted(A),
          x: trialStarted(B),
          b: trialReported('B', r(1, 2), -2),
          a: trialReported('A', r(1, 1), -1),
          e: trialEnded('A', 'completed'),
          f: trialEnded('B', 'completed'),
        },
      );
    }));

  it('source error passes through; early unsubscribe cancels every run', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold<TrialRun>('#').pipe(execute())).toBe('#');
      const ta = cold('-----a|', { a: r(1, 1) });
      const tb = cold('------a|', { a: r(1, 1) });
      expectObservable(runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(execute()), '^--!').toBe(
        '(wx)',
        {
          w: trialStarted(A),
          x: trialStarted(B),
        },
      );
      expectSubscriptions(ta.subscriptions).toBe('^--!');
      expectSubscriptions(tb.subscriptions).toBe('^--!');
    }));

  it('a run cut without TrialEnded (a custom operator) still ends, as stopped, so no trial stays running', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ta = cold('--a--b--c|', { a: r(1, 1), b: r(2, 1), c: r(3, 1) });
      const cut = (run: TrialRun): TrialRun => ({ trial: run.trial, events: run.events.pipe(take(2)) });
      const runs = runsOf({ cold }, 'A|', { A: ta }, { trials: { A } });
      expectObservable(runs.pipe(map(cut), execute())).toBe('w-(ae|)', {
        w: trialStarted(A),
        a: trialReported('A', r(1, 1), -1),
        e: trialEnded('A', 'stopped', {
          name: 'RunCut',
          message: 'the run ended without TrialEnded (an operator cut it)',
        }),
      });
      expectSubscriptions(ta.subscriptions).toBe('^-!');
    }));
});
