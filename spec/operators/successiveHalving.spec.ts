import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { pause, promote, stop } from '../../lib/decision.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { execute } from '../../operators/execute.js';
import { successiveHalving } from '../../operators/successiveHalving.js';
import { successiveHalvingPolicy } from '../../strategies/schedulers/successiveHalvingPolicy.js';
import { rp, schedulerChecklist, ts } from '../helpers/schedulerChecklist.js';

const rep = (id: string, r: MetricReport) => trialReported(id, r, -(r.metrics['loss'] as number));
const S = (id: string, number: number) => trialStarted(fakeTrial(id, {}, { number }));

describe('successiveHalving', () => {
  // Cohorts of 2, η = 2, one rung at step 1, complete at 2.
  const options = { minStep: 1, maxStep: 2, reductionFactor: 2, cohortSize: 2 };
  const op = () => successiveHalving(options);
  schedulerChecklist(op, () => successiveHalvingPolicy(options));

  it('one: a lone trial waits at the rung for its cohort (paused, trainer cut on that frame)', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('10ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      expectObservable(runsOf({ cold }, '(A|)', { A }).pipe(op(), execute())).toBe('s 9ms (ape|)', {
        s: S('A', 0),
        a: rep('A', rp(1, 0.5)),
        p: trialDecided(pause('A', 0)),
        e: trialEnded('A', 'paused'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 9ms !');
    }));

  it('many: the arrival that completes the cohort decides it in its frame: promote the best, stop the rest', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('10ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      const B = cold('15ms a 9ms (b|)', { a: rp(1, 0.6), b: rp(2, 0.1) });
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(op(), execute());
      // 10: A arrives, paused. 15: B arrives and completes the cohort; A (0.5) beats B (0.6): B's own
      // stop comes first, then A's promotion to maxStep.
      expectObservable(out).toBe('(st) 6ms (ape) (bxyf|)', {
        s: S('A', 0),
        t: S('B', 1),
        a: rep('A', rp(1, 0.5)),
        p: trialDecided(pause('A', 0)),
        e: trialEnded('A', 'paused'),
        b: rep('B', rp(1, 0.6)),
        x: trialDecided(stop('B', 'successive halving: not in the top 1 of 2 at step 1', 0)),
        y: trialDecided(promote('A', 1, 2)),
        f: trialEnded('B', 'stopped'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 14ms !');
    }));

  it('out of order: the same cohort decided the same way whatever order its members arrive in', () => {
    const decided = (aAt: number, bAt: number): string[] => {
      const out: string[] = [];
      ts().run(({ cold, flush }) => {
        const A = cold(`${aAt}ms a 9ms (b|)`, { a: rp(1, 0.5), b: rp(2, 0.4) });
        const B = cold(`${bAt}ms a 9ms (b|)`, { a: rp(1, 0.6), b: rp(2, 0.1) });
        runsOf({ cold }, '(AB|)', { A, B })
          .pipe(op(), execute())
          .subscribe((e) => {
            const d = e._tag === 'TrialDecided' ? e.decision : undefined;
            if (d && (d._tag === 'Stop' || d._tag === 'Promote')) out.push(`${d._tag} ${d.trialId}`);
          });
        flush();
      });
      return out.sort();
    };
    assert.deepEqual(decided(10, 15), ['Promote A', 'Stop B']);
    assert.deepEqual(decided(15, 10), ['Promote A', 'Stop B']);
  });

  it('bad options throw from the operator factory, naming the field', () => {
    assert.throws(() => successiveHalving({ reductionFactor: 1 }), InvalidOptionsError);
    assert.throws(() => successiveHalving({ minStep: 3, maxStep: 2 }), /minStep \(3\) must be <= maxStep \(2\)/);
    assert.throws(() => successiveHalving({ cohortSize: 2.5 }), /cohortSize must be an integer >= 1, got 2.5/);
  });
});
