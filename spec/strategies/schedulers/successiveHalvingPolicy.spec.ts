import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { stop } from '../../../lib/decision.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { successiveHalvingPolicy } from '../../../strategies/schedulers/successiveHalvingPolicy.js';
import { decisionsOf, ev, trace } from '../../helpers/policyTrace.js';

// Rungs at steps 1 and 2, complete at 4, η = 2 → cohorts of 4: 4 @1 → 2 @2 → 1 @4.
const sh = () => successiveHalvingPolicy({ minStep: 1, maxStep: 4, reductionFactor: 2 });
const starts = ['A', 'B', 'C', 'D'].map((id) => ev.start(id));

describe('successiveHalvingPolicy', () => {
  it('pauses at each rung until the cohort is in, promotes the top ⌊n/η⌋, stops the rest, then completes', () => {
    const events: TrialEvent[] = [
      ...starts,
      ev.report('A', 1, -3),
      ev.report('B', 1, -1),
      ev.report('C', 1, -2),
      ev.report('D', 1, -4),
      ev.resume('B', 1, 1, 2),
      ev.report('B', 2, -0.5),
      ev.resume('C', 1, 1, 2),
      ev.report('C', 2, -0.2),
      ev.resume('C', 2, 2, 4),
      ev.report('C', 3, -0.1),
      ev.report('C', 4, -0.05),
      ev.end('C'),
    ];
    assert.deepEqual(trace(sh(), events).decisions, [
      '',
      '',
      '',
      '',
      'pause A@0',
      'pause B@0',
      'pause C@0',
      'stop D@0, promote B@1→2, promote C@1→2, stop A@0', // the arriving trial's own decision first
      '',
      'pause B@1',
      '',
      'pause C@1, promote C@2→4, stop B@1',
      '',
      '',
      '',
      '',
    ]);
  });
  it('arrival order does not matter: the rung is decided only when it is complete', () => {
    const scores: Record<string, number> = { A: -3, B: -1, C: -2, D: -4 };
    const decided = (order: string[]) => {
      const out = decisionsOf(sh(), [...starts, ...order.map((id) => ev.report(id, 1, scores[id] as number))]);
      const last = out[out.length - 1] as string;
      // The last arrival's own pause (when it is promoted) is not part of the rung's outcome.
      return last
        .replace(/^\d+: /, '')
        .split(', ')
        .filter((d) => !d.startsWith('pause'))
        .sort();
    };
    const expected = decided(['A', 'B', 'C', 'D']);
    for (const order of [
      ['D', 'C', 'B', 'A'],
      ['C', 'A', 'D', 'B'],
      ['B', 'D', 'A', 'C'],
    ])
      assert.deepEqual(decided(order), expected, order.join(''));
  });
  it('ties go to the earlier arrival', () => {
    const out = decisionsOf(sh(), [
      ...starts,
      ev.report('D', 1, -1),
      ev.report('A', 1, -2),
      ev.report('B', 1, -1),
      ev.report('C', 1, -2),
    ]);
    assert.deepEqual(out.slice(-1), ['7: stop C@0, promote D@1→2, promote B@1→2, stop A@0']);
  });
  it('a member that fails leaves the race; the rung is decided when the rest are in', () => {
    const out = decisionsOf(sh(), [
      ...starts,
      ev.report('A', 1, -3),
      ev.report('B', 1, -1),
      ev.report('C', 1, -2),
      ev.end('D', 'failed'),
    ]);
    // Three arrived: keep max(1, ⌊3/2⌋) = 1; decided on D's TrialEnded, about paused trials only.
    assert.deepEqual(out.slice(-1), ['7: promote B@1→2, stop A@0, stop C@0']);
  });
  it('another scheduler stopping a paused member takes it out of the race', () => {
    const out = decisionsOf(sh(), [
      ...starts,
      ev.report('A', 1, -3),
      ev.report('B', 1, -1),
      ev.decided(stop('A', 'upstream')),
      ev.report('C', 1, -2),
      ev.report('D', 1, -4),
    ]);
    // Three left in the race: ⌊3/2⌋ = 1 promoted.
    assert.deepEqual(out.slice(-1), ['8: stop D@0, promote B@1→2, stop C@0']);
  });
  it('an incomplete cohort keeps its members paused; the next cohort is independent', () => {
    const ids = ['0', '1', '2', '3', '4', '5'];
    const out = decisionsOf(sh(), [...ids.map((id) => ev.start(id)), ...ids.map((id, i) => ev.report(id, 1, -i))]);
    // Cohort 0 = trials 0–3 (decided at trial 3's arrival); cohort 1 = trials 4, 5, waiting for 2 more.
    assert.deepEqual(out, [
      '6: pause 0@0',
      '7: pause 1@0',
      '8: pause 2@0',
      '9: stop 3@0, promote 0@1→2, promote 1@1→2, stop 2@0',
      '10: pause 4@0',
      '11: pause 5@0',
    ]);
  });
  it('the default cohort is η^(number of rungs), so one trial reaches maxStep', () => {
    const p = successiveHalvingPolicy({ minStep: 1, maxStep: 9, reductionFactor: 3 }); // rungs 1, 3 → 9
    const ids = Array.from({ length: 9 }, (_, i) => String(i));
    const out = decisionsOf(p, [...ids.map((id) => ev.start(id)), ...ids.map((id, i) => ev.report(id, 1, i))]);
    assert.equal(out.length, 9);
    assert.match(out[8] as string, /^17: pause 8@0, promote 8@1→3, promote 7@1→3, promote 6@1→3, stop 0@0/);
  });
  it('minStep = maxStep: no rungs, every trial runs to the end', () => {
    const p = successiveHalvingPolicy({ minStep: 9, maxStep: 9, reductionFactor: 3 });
    assert.deepEqual(decisionsOf(p, [ev.start('A'), ev.report('A', 9, 1), ev.end('A')]), []);
  });
  it('bad options name the field and value', () => {
    const bad = (o: object, re: RegExp) =>
      assert.throws(
        () => successiveHalvingPolicy(o as never),
        (e: unknown) =>
          e instanceof InvalidOptionsError && e.message.startsWith('successiveHalving options') && re.test(e.message),
      );
    bad({ reductionFactor: 1 }, /reductionFactor must be an integer >= 2, got 1/);
    bad({ reductionFactor: 2.5 }, /reductionFactor must be an integer >= 2, got 2.5/);
    bad({ minStep: 10, maxStep: 5 }, /minStep \(10\) must be <= maxStep \(5\)/);
    bad({ minStep: 1.5 }, /minStep must be an integer >= 1, got 1.5/);
    bad({ maxStep: 'x' }, /maxStep must be an integer >= 1, got "x"/);
    bad({ cohortSize: 0 }, /cohortSize must be an integer >= 1, got 0/);
    bad({ eta: 3 }, /unknown option "eta" \(did you mean "reductionFactor"\?\)/);
  });
});
