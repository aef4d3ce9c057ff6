import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER } from 'rxjs';
import type { Policy } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import { stop } from '../../lib/decision.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report, runsOf } from '../../testing/index.js';
import { chainSchedulers, execute, fromPolicy } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

/** Stops a trial whose loss at step 2 is above `threshold`. */
const stopWorseThan = (threshold: number): Policy<number> => ({
  name: 'stopWorseThan',
  init: () => 0,
  step: (seen, e) =>
    e._tag === 'TrialReported' && e.report.step === 2 && -e.score > threshold
      ? { state: seen + 1, decisions: [stop(e.trialId, `loss above ${threshold}`)] }
      : noDecision(seen),
});

/** When A reports step 2, stops B (a decision about another running trial). */
const aStopsB: Policy<null> = {
  name: 'aStopsB',
  init: () => null,
  step: (s, e) =>
    e._tag === 'TrialReported' && e.trialId === 'A' && e.report.step === 2
      ? { state: s, decisions: [stop('B', 'A says so')] }
      : noDecision(s),
};

const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = (step: number, loss: number) => report(step, { loss });
const rep = (id: string, step: number, loss: number) => trialReported(id, r(step, loss), -loss);

describe('fromPolicy', () => {
  it('emits a decision in the frame of the report that caused it and cancels that trainer on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ta = cold('a---------b---------c|', { a: r(1, 0.4), b: r(2, 0.3), c: r(3, 0.2) });
      const tb = cold('a---------b---------c|', { a: r(1, 0.8), b: r(2, 0.9), c: r(3, 0.7) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(
        fromPolicy(stopWorseThan(0.5)),
        execute(),
      );
      // prettier-ignore
      expectObservable(out).toBe('(wxab)----(cdse)----f(g|)', {
        w: trialStarted(A), x: trialStarted(B),
        a: rep('A', 1, 0.4), b: rep('B', 1, 0.8),
        c: rep('A', 2, 0.3), d: rep('B', 2, 0.9),
        s: trialDecided(stop('B', 'loss above 0.5')), e: trialEnded('B', 'stopped'),
        f: rep('A', 3, 0.2), g: trialEnded('A', 'completed'),
      });
      expectSubscriptions(tb.subscriptions).toBe('^---------!');
      expectSubscriptions(ta.subscriptions).toBe('^--------------------!');
    }));

  it('ends another running trial on the frame a decision about it is made', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ta = cold('a---------b-----|', { a: r(1, 0.4), b: r(2, 0.3) });
      const tb = cold('a-------------------b|', { a: r(1, 0.8), b: r(2, 0.1) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(
        fromPolicy(aStopsB),
        execute(),
      );
      // prettier-ignore
      expectObservable(out).toBe('(wxab)----(cse)-(g|)', {
        w: trialStarted(A), x: trialStarted(B), a: rep('A', 1, 0.4), b: rep('B', 1, 0.8),
        c: rep('A', 2, 0.3), s: trialDecided(stop('B', 'A says so')), e: trialEnded('B', 'stopped'),
        g: trialEnded('A', 'completed'),
      });
      expectSubscriptions(tb.subscriptions).toBe('^---------!');
    }));

  it('never: passes a never-emitting source through', () =>
    testScheduler().run(({ expectObservable }) => {
      expectObservable(NEVER.pipe(fromPolicy(stopWorseThan(0.5)), execute())).toBe('');
    }));

  it('empty, one and many runs without decisions pass through unchanged', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(runsOf({ cold }, '|', {}).pipe(fromPolicy(stopWorseThan(0.5)), execute())).toBe('|');
      const ta = cold('-----a|', { a: r(1, 0.1) });
      expectObservable(
        runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(fromPolicy(stopWorseThan(0.5)), execute()),
      ).toBe('w----a(e|)', { w: trialStarted(A), a: rep('A', 1, 0.1), e: trialEnded('A', 'completed') });
    }));

  it('source error: the error passes through', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const err = new Error('upstream');
      expectObservable(runsOf({ cold }, '#', {}, { error: err }).pipe(fromPolicy(stopWorseThan(0.5)), execute())).toBe(
        '#',
        {},
        err,
      );
    }));

  it('early unsubscribe cancels every running trainer on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ta = cold('a---------b|', { a: r(1, 0.4), b: r(2, 0.3) });
      const tb = cold('a---------b|', { a: r(1, 0.6), b: r(2, 0.3) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(
        fromPolicy(stopWorseThan(0.5)),
        execute(),
      );
      expectObservable(out, '^------!').toBe('(wxab)', {
        w: trialStarted(A),
        x: trialStarted(B),
        a: rep('A', 1, 0.4),
        b: rep('B', 1, 0.6),
      });
      expectSubscriptions(ta.subscriptions).toBe('^------!');
      expectSubscriptions(tb.subscriptions).toBe('^------!');
    }));

  it('a throwing policy errors the stream (a bug is never swallowed) and cancels the trainer', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const boom: Policy<null> = {
        name: 'boom',
        init: () => null,
        step: (s, e) => {
          if (e._tag === 'TrialReported') throw new Error('policy bug');
          return noDecision(s);
        },
      };
      const ta = cold('--a---|', { a: r(1, 0.4) });
      const out = runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(fromPolicy(boom), execute());
      expectObservable(out).toBe('w-#', { w: trialStarted(A) }, new Error('policy bug'));
      expectSubscriptions(ta.subscriptions).toBe('^-!');
    }));

  it('chainSchedulers: a downstream policy sees the upstream decisions and ends runs upstream on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      // Downstream: when it sees B stopped, it stops A too.
      const followB: Policy<null> = {
        name: 'followB',
        init: () => null,
        step: (s, e) =>
          e._tag === 'TrialDecided' && e.decision._tag === 'Stop' && e.decision.trialId === 'B'
            ? { state: s, decisions: [stop('A', 'B was stopped')] }
            : noDecision(s),
      };
      const chained = chainSchedulers(fromPolicy(aStopsB), fromPolicy(followB));
      assert.deepEqual(
        chained.policies.map((p) => p.name),
        ['aStopsB', 'followB'],
      );
      const ta = cold('a---------b---------c|', { a: r(1, 0.4), b: r(2, 0.3), c: r(3, 0.2) });
      const tb = cold('a-------------------b|', { a: r(1, 0.8), b: r(2, 0.1) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(chained, execute());
      // prettier-ignore
      expectObservable(out).toBe('(wxab)----(csyfe|)', {
        w: trialStarted(A), x: trialStarted(B), a: rep('A', 1, 0.4), b: rep('B', 1, 0.8),
        c: rep('A', 2, 0.3), s: trialDecided(stop('B', 'A says so')),
        y: trialDecided(stop('A', 'B was stopped')), f: trialEnded('A', 'stopped'), e: trialEnded('B', 'stopped'),
      });
      expectSubscriptions(ta.subscriptions).toBe('^---------!');
      expectSubscriptions(tb.subscriptions).toBe('^---------!');
    }));

  it('chainSchedulers: early unsubscribe cancels every trainer through every operator', () =>
    testScheduler().run(({ cold, expectSubscriptions }) => {
      const ta = cold('--a---------b|', { a: r(1, 0.4), b: r(2, 0.3) });
      const sub = runsOf({ cold }, 'A|', { A: ta }, { trials: { A } })
        .pipe(chainSchedulers(fromPolicy(stopWorseThan(0.5)), fromPolicy(aStopsB)), execute())
        .subscribe();
      cold('-----a').subscribe(() => sub.unsubscribe());
      expectSubscriptions(ta.subscriptions).toBe('^----!');
    }));
});
