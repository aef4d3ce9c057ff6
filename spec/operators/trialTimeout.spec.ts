import { describe, it } from 'node:test';
import { NEVER } from 'rxjs';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report, runsOf } from '../../testing/index.js';
import { execute, trialTimeout } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = (step: number) => report(step, { loss: 1 });
const timedOut = (id: string, ms: number) =>
  trialEnded(id, 'failed', {
    name: 'TrialTimeout',
    message: `trial ${id}: the run did not end within the trial timeout of ${ms} ms; its trainer was stopped`,
  });

describe('trialTimeout', () => {
  it('never and empty run streams', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(NEVER.pipe(trialTimeout(5), execute())).toBe('');
      expectObservable(runsOf({ cold }, '|', {}).pipe(trialTimeout(5), execute())).toBe('|');
    }));

  it('a run still going at the limit fails with TrialTimeout and its trainer is unsubscribed on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, time }) => {
      const ms = time('----------|');
      const hung = cold('--a-------------b|', { a: r(1), b: r(2) });
      expectObservable(runsOf({ cold }, 'A|', { A: hung }, { trials: { A } }).pipe(trialTimeout(ms), execute())).toBe(
        'w-a-------(e|)',
        { w: trialStarted(A), a: trialReported('A', r(1), -1), e: timedOut('A', ms) },
      );
      expectSubscriptions(hung.subscriptions).toBe('^---------!');
    }));

  it('a run that ends in time is untouched; each run has its own limit from its own start', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const quick = cold('--a|', { a: r(1) });
      const slow = cold('-----a----|', { a: r(1) });
      // B starts at frame 3, so its limit (7) falls at frame 10, before its trainer would complete at 13.
      const out = runsOf({ cold }, 'A--B|', { A: quick, B: slow }, { trials: { A, B } }).pipe(
        trialTimeout(7),
        execute(),
      );
      expectObservable(out).toBe('w-a(xe)-b-(f|)', {
        w: trialStarted(A),
        a: trialReported('A', r(1), -1),
        e: trialEnded('A', 'completed'),
        x: trialStarted(B),
        b: trialReported('B', r(1), -1),
        f: timedOut('B', 7),
      });
      expectSubscriptions(quick.subscriptions).toBe('^--!');
      expectSubscriptions(slow.subscriptions).toBe('---^------!');
    }));

  it('a limit beyond the 2^31-1 ms a timer can wait still fires at its time, not at once', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ms = 2 ** 31 + 5;
      const hung = cold('-a', { a: r(1) });
      expectObservable(runsOf({ cold }, 'A|', { A: hung }, { trials: { A } }).pipe(trialTimeout(ms), execute())).toBe(
        `wa ${ms - 2}ms (e|)`,
        { w: trialStarted(A), a: trialReported('A', r(1), -1), e: timedOut('A', ms) },
      );
      expectSubscriptions(hung.subscriptions).toBe(`^ ${ms - 1}ms !`);
    }));

  it('source error passes through; early unsubscribe cancels the trainer and the timer', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(runsOf({ cold }, '#', {}, { error: new Error('up') }).pipe(trialTimeout(5), execute())).toBe(
        '#',
        {},
        new Error('up'),
      );
      const hung = cold('-----a|', { a: r(1) });
      expectObservable(
        runsOf({ cold }, 'A|', { A: hung }, { trials: { A } }).pipe(trialTimeout(9), execute()),
        '^--!',
      ).toBe('w', { w: trialStarted(A) });
      expectSubscriptions(hung.subscriptions).toBe('^--!');
    }));
});
