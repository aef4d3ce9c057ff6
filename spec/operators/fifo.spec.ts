import { describe, it } from 'node:test';
import { NEVER } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report, runsOf } from '../../testing/index.js';
import { execute, fifo } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = (step: number, loss: number) => report(step, { loss });
const rep = (id: string, step: number, loss: number) => trialReported(id, r(step, loss), -loss);

describe('fifo (the null scheduler)', () => {
  it('never and empty', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(NEVER.pipe(fifo(), execute())).toBe('');
      expectObservable(runsOf({ cold }, '|', {}).pipe(fifo(), execute())).toBe('|');
    }));

  it('one and many runs pass through untouched, each to its own end, however bad their reports', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ta = cold('-----a----b|', { a: r(1, 9), b: r(2, 10) });
      const tb = cold('-----a------|', { a: r(1, 0.1) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(fifo(), execute());
      expectObservable(out).toBe('(wx)-(ab)-ce(y|)', {
        w: trialStarted(A),
        x: trialStarted(B),
        a: rep('A', 1, 9),
        b: rep('B', 1, 0.1),
        y: trialEnded('B', 'completed'),
        c: rep('A', 2, 10),
        e: trialEnded('A', 'completed'),
      });
      expectSubscriptions(ta.subscriptions).toBe('^----------!');
      expectSubscriptions(tb.subscriptions).toBe('^-----------!');
    }));

  it('source error passes through; early unsubscribe cancels every trainer on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(runsOf({ cold }, '#', {}, { error: new Error('up') }).pipe(fifo(), execute())).toBe(
        '#',
        {},
        new Error('up'),
      );
      const ta = cold('-----a|', { a: r(1, 1) });
      expectObservable(runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(fifo(), execute()), '^--!').toBe('w', {
        w: trialStarted(A),
      });
      expectSubscriptions(ta.subscriptions).toBe('^--!');
    }));

  it('a trainer error becomes TrialEnded{failed}, not a stream error', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const ta = cold<MetricReport>('--#', {}, new Error('boom'));
      expectObservable(runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(fifo(), execute())).toBe('w-(e|)', {
        w: trialStarted(A),
        e: trialEnded('A', 'failed', { name: 'Error', message: 'boom' }),
      });
    }));
});
