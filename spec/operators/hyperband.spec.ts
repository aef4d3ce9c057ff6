import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { stop } from '../../lib/decision.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { execute } from '../../operators/execute.js';
import { hyperband } from '../../operators/hyperband.js';
import { hyperbandPolicy } from '../../strategies/schedulers/hyperbandPolicy.js';
import { hashedChoice } from '../../strategies/schedulers/hashedChoice.js';
import { rp, schedulerChecklist, ts } from '../helpers/schedulerChecklist.js';

const rep = (id: string, r: MetricReport) => trialReported(id, r, -(r.metrics['loss'] as number));
const S = (id: string, number: number) => trialStarted(fakeTrial(id, {}, { number }));

// minStep 1, maxStep 2, η 2 → bracket 0 (rung at step 1, weight 4) and bracket 1 (no rung, weight 1).
const options = { minStep: 1, maxStep: 2, reductionFactor: 2 } as const;
const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const inBracket = (b: number) => letters.filter((l) => hashedChoice(0, `hyperband/${l}`, [4, 1]) === b);
const [X, Y] = inBracket(0) as [string, string];
const [Z] = inBracket(1) as [string];

describe('hyperband', () => {
  for (const mode of ['sync', 'stop', 'promote'] as const)
    describe(`mode ${mode}`, () =>
      schedulerChecklist(
        () => hyperband({ ...options, mode }),
        () => hyperbandPolicy({ ...options, mode }),
      ));

  it('one: a trial of the no-halving bracket runs to the end', () =>
    ts().run(({ cold, expectObservable }) => {
      const runs = { [Z]: cold('10ms a 9ms (b|)', { a: rp(1, 0.9), b: rp(2, 0.8) }) };
      expectObservable(runsOf({ cold }, `(${Z}|)`, runs).pipe(hyperband(options), execute())).toBe(
        's 9ms a 9ms (be|)',
        { s: S(Z, 0), a: rep(Z, rp(1, 0.9)), b: rep(Z, rp(2, 0.8)), e: trialEnded(Z, 'completed') },
      );
    }));

  it('many (async stop): trials compete only within their bracket; the stop sits in its report’s frame', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const x = cold('10ms a 9ms (b|)', { a: rp(1, 0.5), b: rp(2, 0.4) });
      const y = cold('15ms a 9ms (b|)', { a: rp(1, 0.6), b: rp(2, 0.1) });
      const z = cold('12ms a 17ms (b|)', { a: rp(1, 0.9), b: rp(2, 0.8) }); // worst, but alone in bracket 1
      const runs = { [X]: x, [Y]: y, [Z]: z };
      const trials = {
        [X]: fakeTrial(X, {}, { number: 0 }),
        [Y]: fakeTrial(Y, {}, { number: 1 }),
        [Z]: fakeTrial(Z, {}, { number: 2 }),
      };
      const out = runsOf({ cold }, `(${X}${Y}${Z}|)`, runs, { trials }).pipe(
        hyperband({ ...options, mode: 'stop' }),
        execute(),
      );
      expectObservable(out).toBe('(stu) 5ms a 1ms c 2ms (bxe) (df) 6ms (gh|)', {
        s: S(X, 0),
        t: S(Y, 1),
        u: S(Z, 2),
        a: rep(X, rp(1, 0.5)),
        c: rep(Z, rp(1, 0.9)),
        b: rep(Y, rp(1, 0.6)),
        x: trialDecided(stop(Y, 'asha: score -0.6 < cutoff -0.5 at step 1', 0)),
        e: trialEnded(Y, 'stopped'),
        d: rep(X, rp(2, 0.4)),
        f: trialEnded(X, 'completed'),
        g: rep(Z, rp(2, 0.8)),
        h: trialEnded(Z, 'completed'),
      });
      expectSubscriptions(y.subscriptions).toBe('^ 14ms !');
      expectSubscriptions(z.subscriptions).toBe('^ 29ms !');
    }));

  it('bad options throw from the operator factory, naming the field', () => {
    assert.throws(() => hyperband({ reductionFactor: 1 }), InvalidOptionsError);
    assert.throws(() => hyperband({ minStep: 90 }), /minStep \(90\) must be <= maxStep \(81\)/);
    assert.throws(() => hyperband({ minStep: 0.5 }), /minStep must be an integer >= 1, got 0.5/);
  });
});
