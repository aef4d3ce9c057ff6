import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { pause, promote, stop } from '../../lib/decision.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { asha } from '../../operators/asha.js';
import { execute } from '../../operators/execute.js';
import { ashaPolicy } from '../../strategies/schedulers/ashaPolicy.js';
import { rp, schedulerChecklist, ts } from '../helpers/schedulerChecklist.js';

const rep = (id: string, r: MetricReport) => trialReported(id, r, -(r.metrics['loss'] as number));
const S = (id: string, number: number) => trialStarted(fakeTrial(id, {}, { number }));

describe('asha (stopping form)', () => {
  // η = 2: rungs at steps 1 and 2, complete at 4.
  const op = () => asha({ minStep: 1, maxStep: 4, reductionFactor: 2 });
  schedulerChecklist(op, () => ashaPolicy({ minStep: 1, maxStep: 4, reductionFactor: 2 }));

  it('one: a lone trial is first into every rung and runs to the end untouched', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const v = { a: rp(1, 0.5), b: rp(2, 0.4), c: rp(3, 0.3), d: rp(4, 0.2) };
      const A = cold('10ms a 9ms b 9ms c 9ms (d|)', v);
      expectObservable(runsOf({ cold }, '(A|)', { A }).pipe(op(), execute())).toBe('s 9ms a 9ms b 9ms c 9ms (de|)', {
        s: S('A', 0),
        a: rep('A', v.a),
        b: rep('A', v.b),
        c: rep('A', v.c),
        d: rep('A', v.d),
        e: trialEnded('A', 'completed'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 39ms !');
    }));

  it('many: the stop sits in the frame of the report that caused it; that trainer ends on that frame', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = { a: rp(1, 0.5), b: rp(2, 0.4), c: rp(3, 0.3), d: rp(4, 0.2) };
      const b = { a: rp(1, 0.6), b: rp(2, 0.1), c: rp(3, 0.1), d: rp(4, 0.1) };
      const A = cold('10ms a 9ms b 9ms c 9ms (d|)', a);
      const B = cold('10ms a 9ms b 9ms c 9ms (d|)', b);
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(op(), execute());
      // Frame 10: B's step 1 (0.6) is below A's (0.5), the only score recorded there: stopped.
      expectObservable(out).toBe('(st) 6ms (abxe) 4ms c 9ms g 9ms (hf|)', {
        s: S('A', 0),
        t: S('B', 1),
        a: rep('A', a.a),
        b: rep('B', b.a),
        x: trialDecided(stop('B', 'asha: score -0.6 < cutoff -0.5 at step 1', 0)),
        e: trialEnded('B', 'stopped'),
        c: rep('A', a.b),
        g: rep('A', a.c),
        h: rep('A', a.d),
        f: trialEnded('A', 'completed'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 39ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 9ms !');
    }));

  it('out of order: a trial that starts first but arrives last at a rung faces everyone before it', () =>
    ts().run(({ cold, expectSubscriptions }) => {
      // A starts first but reports step 1 at frame 30; B and C got there at 10 and 20.
      const A = cold('30ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      const B = cold('10ms a 9ms b 9ms c 9ms (d|)', { a: rp(1, 0.3), b: rp(2, 0.3), c: rp(3, 0.3), d: rp(4, 0.3) });
      const C = cold('20ms a 9ms b 9ms c 9ms (d|)', { a: rp(1, 0.4), b: rp(2, 0.2), c: rp(3, 0.2), d: rp(4, 0.2) });
      runsOf({ cold }, '(ABC|)', { A, B, C }).pipe(op(), execute()).subscribe();
      // C (0.4) vs [B 0.3]: cutoff = B → stopped at 20. A (0.5) vs [B, C] → stopped at 30, whereas
      // arriving first it would have been kept.
      expectSubscriptions(C.subscriptions).toBe('^ 19ms !');
      expectSubscriptions(A.subscriptions).toBe('^ 29ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 39ms !');
    }));
});

describe('asha (promotion form)', () => {
  const op = () => asha({ minStep: 1, maxStep: 4, reductionFactor: 2, mode: 'promote' });
  schedulerChecklist(op, () => ashaPolicy({ minStep: 1, maxStep: 4, reductionFactor: 2, mode: 'promote' }));

  it('one: a lone trial pauses at the first rung (top ⌊1/η⌋ = 0), its trainer cut on that frame', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const v = { a: rp(1, 0.5), b: rp(2, 0.4) };
      const A = cold('10ms a 9ms (b|)', v);
      expectObservable(runsOf({ cold }, '(A|)', { A }).pipe(op(), execute())).toBe('s 9ms (ape|)', {
        s: S('A', 0),
        a: rep('A', v.a),
        p: trialDecided(pause('A', 0)),
        e: trialEnded('A', 'paused'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 9ms !');
    }));

  it('many: the arrival that makes a trial promotable pauses and promotes in its own frame', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('10ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      const B = cold('15ms a 9ms (b|)', { a: rp(1, 0.4), b: rp(2, 0.3) });
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(op(), execute());
      // 10: A alone in rung 0 → paused. 15: rung 0 = [B, A], top 1 = B → B pauses and is promoted.
      expectObservable(out).toBe('(st) 6ms (ape) (bqyf|)', {
        s: S('A', 0),
        t: S('B', 1),
        a: rep('A', rp(1, 0.5)),
        p: trialDecided(pause('A', 0)),
        e: trialEnded('A', 'paused'),
        b: rep('B', rp(1, 0.4)),
        q: trialDecided(pause('B', 0)),
        y: trialDecided(promote('B', 1, 2)),
        f: trialEnded('B', 'paused'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 14ms !');
    }));
});

describe('asha options', () => {
  it('bad options throw from the operator factory, naming the field', () => {
    assert.throws(() => asha({ reductionFactor: 1 }), InvalidOptionsError);
    assert.throws(() => asha({ minStep: 10, maxStep: 5 }), /minStep \(10\) must be <= maxStep \(5\)/);
    assert.throws(() => asha({ maxStep: 8.5 }), /maxStep must be an integer >= 1, got 8.5/);
  });
});
