import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { medianStoppingPolicy } from '../../../strategies/schedulers/medianStoppingPolicy.js';
import { percentileStoppingPolicy } from '../../../strategies/schedulers/percentileStoppingPolicy.js';
import { decisionsOf, ev } from '../../helpers/policyTrace.js';

/** Completed trials c0…c(n−1) whose score at step s is curves[i][s − 1]. */
const completed = (curves: number[][]): TrialEvent[] =>
  curves.flatMap((c, i) => [ev.start(`c${i}`), ...c.map((v, s) => ev.report(`c${i}`, s + 1, v)), ev.end(`c${i}`)]);
// Five completed trials; at every step their scores are -5 … -1, so the median is -3.
const five = completed([0, 1, 2, 3, 4].map((i) => [-5 + i, -5 + i, -5 + i, -5 + i]));

describe('medianStoppingPolicy (Optuna MedianPruner semantics)', () => {
  it('stops a trial whose best so far is below the median of completed trials at the same step', () => {
    const out = decisionsOf(medianStoppingPolicy(), [
      ...five,
      ev.start('x'),
      ev.report('x', 1, -2),
      ev.report('x', 2, -4),
    ]);
    assert.deepEqual(out, [], 'best so far (-2) is above the median (-3): no stop at step 2');
    const out2 = decisionsOf(medianStoppingPolicy(), [...five, ev.start('x'), ev.report('x', 1, -3.5)]);
    assert.deepEqual(out2, [`${five.length + 1}: stop x`]);
  });
  it('equal to the median is not below it', () => {
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), [...five, ev.start('x'), ev.report('x', 1, -3)]), []);
  });
  it('waits for nStartupTrials completed trials (default 5)', () => {
    const four = five.slice(0, 4 * 6);
    assert.equal(four.filter((e) => e._tag === 'TrialEnded').length, 4);
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), [...four, ev.start('x'), ev.report('x', 1, -100)]), []);
    assert.deepEqual(
      decisionsOf(medianStoppingPolicy({ nStartupTrials: 4 }), [...four, ev.start('x'), ev.report('x', 1, -100)]),
      [`${four.length + 1}: stop x`],
    );
  });
  it('only completed trials count: running, stopped and failed ones do not', () => {
    const events = [
      ...five,
      ev.start('r'),
      ev.report('r', 1, 100), // running, would raise the median
      ev.start('f'),
      ev.report('f', 1, 100),
      ev.end('f', 'failed'),
      ev.start('x'),
      ev.report('x', 1, -3.5),
    ];
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), events), [`${events.length - 1}: stop x`]);
  });
  it('compares at exactly the same step; with no completed value there, nothing is decided', () => {
    const short = completed([0, 1, 2, 3, 4].map((i) => [-5 + i])); // only step 1
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), [...short, ev.start('x'), ev.report('x', 2, -100)]), []);
  });
  it('nWarmupSteps: no decision before that step', () => {
    const events = [...five, ev.start('x'), ev.report('x', 1, -9), ev.report('x', 2, -9)];
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ nWarmupSteps: 2 }), events), [`${five.length + 2}: stop x`]);
  });
  it('intervalSteps: only the first report in each window after warm-up is checked', () => {
    // Completed medians: -6 at step 1, -3 at steps 2–4. w is fine at step 1 and below the median after.
    const curves = completed([0, 1, 2, 3, 4].map((i) => [-8 + i, -5 + i, -5 + i, -5 + i]));
    const w = [...curves, ev.start('w'), ...[1, 2, 3, 4].map((s) => ev.report('w', s, -5))];
    const n = curves.length + 1;
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), w), [`${n + 1}: stop w`], 'every step: stopped at step 2');
    // Windows of 3: [0,3) was checked at step 1, so step 2 is not; step 3 opens [3,6).
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ intervalSteps: 3 }), w), [`${n + 2}: stop w`]);
    // A first report at step 2 is the first of [0,3), so it is checked.
    const late = [...curves, ev.start('z'), ev.report('z', 2, -5)];
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ intervalSteps: 3 }), late), [`${n}: stop z`]);
  });
  it('intervalSteps with a long first window', () => {
    const curves = completed([0, 1, 2, 3, 4].map((i) => Array.from({ length: 8 }, () => -5 + i)));
    const e = [...curves, ev.start('x'), ...[1, 2, 3, 4, 5, 6, 7, 8].map((s) => ev.report('x', s, -4))];
    // warm-up 2, interval 3 → checks at steps 2, 5, 8 (each the first report in [2,5), [5,8), [8,11)).
    const at = decisionsOf(medianStoppingPolicy({ nWarmupSteps: 2, intervalSteps: 3 }), e);
    assert.deepEqual(at, [`${curves.length + 2}: stop x`]);
  });
  it('maxStep: a report at the last step is never judged', () => {
    const events = [...five, ev.start('x'), ev.report('x', 4, -9)];
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ maxStep: 4 }), events), []);
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ maxStep: 5 }), events), [`${five.length + 1}: stop x`]);
  });
  it('nMinTrials: fewer completed values at the step → no decision', () => {
    const events = [...five, ev.start('x'), ev.report('x', 1, -9)];
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ nMinTrials: 6 }), events), []);
    assert.deepEqual(decisionsOf(medianStoppingPolicy({ nMinTrials: 5 }), events), [`${five.length + 1}: stop x`]);
  });
  it('the policy forgets a trial it stopped, and the same events give the same decisions', () => {
    const events = [...five, ev.start('x'), ev.report('x', 1, -9), ev.report('x', 2, -9)];
    const a = decisionsOf(medianStoppingPolicy(), events);
    assert.deepEqual(a, [`${five.length + 1}: stop x`], 'a late report about a stopped trial decides nothing');
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), events), a);
  });
  it('out of order: the reference is the completed trials before the report, in event order', () => {
    // c5 reported -99 at step 1 before the startup trials completed (no stopping then); whether it has
    // completed when x reports step 1 decides x: median -3.5 with it, -3 without it.
    const head = [ev.start('c5'), ev.report('c5', 1, -99), ...five, ev.start('x')];
    const completesFirst = [...head, ev.end('c5'), ev.report('x', 1, -3.2)];
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), completesFirst), []);
    const reportsFirst = [...head, ev.report('x', 1, -3.2), ev.end('c5')];
    assert.deepEqual(decisionsOf(medianStoppingPolicy(), reportsFirst), [`${head.length}: stop x`]);
  });
});

describe('percentileStoppingPolicy', () => {
  it('percentile 25 of a minimised metric keeps only the best quarter', () => {
    // Completed scores at step 1: -5 … -1; the 25th percentile of the losses 1 … 5 is 2 → score cutoff -2.
    const at = (score: number) =>
      decisionsOf(percentileStoppingPolicy({ percentile: 25 }), [...five, ev.start('x'), ev.report('x', 1, score)]);
    assert.deepEqual(at(-2.1), [`${five.length + 1}: stop x`]);
    assert.deepEqual(at(-2), []);
  });
  it('percentile 75 is lenient', () => {
    const at = (score: number) =>
      decisionsOf(percentileStoppingPolicy({ percentile: 75 }), [...five, ev.start('x'), ev.report('x', 1, score)]);
    assert.deepEqual(at(-3.9), []);
    assert.deepEqual(at(-4.1), [`${five.length + 1}: stop x`]);
  });
  it('bad options name the field and value', () => {
    const bad = (o: object, re: RegExp) =>
      assert.throws(
        () => percentileStoppingPolicy(o as never),
        (e: unknown) => e instanceof InvalidOptionsError && re.test(e.message),
      );
    bad({ percentile: 101 }, /percentile must be a number in \[0, 100\], got 101/);
    bad({ percentile: 50, intervalSteps: 0 }, /intervalSteps must be an integer >= 1, got 0/);
    bad({ percentile: 50, nStartupTrials: 1.5 }, /nStartupTrials must be an integer >= 0, got 1.5/);
    bad({ percentile: 50, nWarmupSteps: -1 }, /nWarmupSteps must be an integer >= 0, got -1/);
    bad({ percentile: 50, nMinTrials: 0 }, /nMinTrials must be an integer >= 1, got 0/);
    bad({ percentile: 50, warmup: 3 }, /unknown option "warmup" \(did you mean "nWarmupSteps"\?\)/);
    bad({ percentile: 50, maxStep: 0 }, /maxStep must be an integer >= 1, got 0/);
    assert.throws(
      () => medianStoppingPolicy({ percentile: 30 } as never),
      /medianStopping options: unknown option "percentile"/,
    );
  });
});
