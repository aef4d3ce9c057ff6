import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { stop } from '../../lib/decision.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { execute } from '../../operators/execute.js';
import { medianStopping } from '../../operators/medianStopping.js';
import { percentileStopping } from '../../operators/percentileStopping.js';
import { medianStoppingPolicy } from '../../strategies/schedulers/medianStoppingPolicy.js';
import { percentileStoppingPolicy } from '../../strategies/schedulers/percentileStoppingPolicy.js';
import { rp, schedulerChecklist, ts } from '../helpers/schedulerChecklist.js';

const rep = (id: string, r: MetricReport) => trialReported(id, r, -(r.metrics['loss'] as number));
const S = (id: string, number: number) => trialStarted(fakeTrial(id, {}, { number }));

describe('medianStopping', () => {
  const op = () => medianStopping({ nStartupTrials: 1 });
  schedulerChecklist(op, () => medianStoppingPolicy({ nStartupTrials: 1 }));

  it('one: nothing to compare with, the trial runs to the end', () =>
    ts().run(({ cold, expectObservable }) => {
      const A = cold('10ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      expectObservable(runsOf({ cold }, '(A|)', { A }).pipe(op(), execute())).toBe('s 9ms a 9ms (be|)', {
        s: S('A', 0),
        a: rep('A', rp(1, 0.5)),
        b: rep('A', rp(2, 0.4)),
        e: trialEnded('A', 'completed'),
      });
    }));

  it('many: a trial below the median of completed trials at that step is stopped in that frame', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('10ms a 4ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) }); // completes at 15
      const B = cold('20ms a 9ms b 9ms (c|)', { a: rp(1, 0.7), b: rp(2, 0.3), c: rp(3, 0.2) });
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(op(), execute());
      expectObservable(out).toBe('(st) 6ms a 4ms (bf) 1ms (cxe|)', {
        s: S('A', 0),
        t: S('B', 1),
        a: rep('A', rp(1, 0.5)),
        b: rep('A', rp(2, 0.4)),
        f: trialEnded('A', 'completed'),
        c: rep('B', rp(1, 0.7)),
        x: trialDecided(stop('B', 'medianStopping: best score -0.7 < 50th percentile -0.5 at step 1')),
        e: trialEnded('B', 'stopped'),
      });
      expectSubscriptions(B.subscriptions).toBe('^ 19ms !');
    }));

  it('percentileStopping: a strict percentile stops what the median keeps', () => {
    const stopped = (percentile?: number): string[] => {
      const out: string[] = [];
      ts().run(({ cold, flush }) => {
        const runs = {
          A: cold('10ms (a|)', { a: rp(1, 0.1) }),
          B: cold('10ms (a|)', { a: rp(1, 0.2) }),
          C: cold('10ms (a|)', { a: rp(1, 0.3) }),
          D: cold('20ms a 9ms (b|)', { a: rp(1, 0.16), b: rp(2, 0.1) }),
        };
        const op2 =
          percentile === undefined
            ? medianStopping({ nStartupTrials: 3 })
            : percentileStopping({ percentile, nStartupTrials: 3 });
        runsOf({ cold }, '(ABCD|)', runs)
          .pipe(op2, execute())
          .subscribe((e) => e._tag === 'TrialEnded' && e.outcome === 'stopped' && out.push(e.trialId));
        flush();
      });
      return out;
    };
    // Completed losses at step 1: 0.1, 0.2, 0.3. D's 0.16 beats the median (0.2) but not the 25th
    // percentile (0.15).
    assert.deepEqual(stopped(), []);
    assert.deepEqual(stopped(25), ['D']);
  });

  it('bad options throw from the operator factory, naming the field', () => {
    assert.throws(() => medianStopping({ intervalSteps: 0 }), InvalidOptionsError);
    assert.throws(() => percentileStopping({ percentile: -1 }), /percentile must be a number in \[0, 100\], got -1/);
    assert.throws(() => percentileStoppingPolicy({ percentile: 50, nMinTrials: 0 }), /nMinTrials/);
  });
});
