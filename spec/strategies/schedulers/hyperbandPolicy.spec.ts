import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Policy } from '../../../lib/policy.js';
import { stop } from '../../../lib/decision.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { groupedPolicy } from '../../../strategies/schedulers/groupedPolicy.js';
import { hyperbandPolicy } from '../../../strategies/schedulers/hyperbandPolicy.js';
import { hashedChoice } from '../../../strategies/schedulers/hashedChoice.js';
import { decisionsOf, ev, trace } from '../../helpers/policyTrace.js';

// Brackets for minStep 1, maxStep 9, η 3: b0 rungs [1, 3] cohorts of 9; b1 rung [3] cohorts of 5; b2 none (3).
const hb = (mode?: 'sync' | 'stop' | 'promote') =>
  hyperbandPolicy({ minStep: 1, maxStep: 9, reductionFactor: 3, ...(mode ? { mode } : {}) });
const ids = Array.from({ length: 60 }, (_, i) => String(i));
const bracketOf = (id: string, seed = 0) => hashedChoice(seed, `hyperband/${id}`, [9, 5, 3]);

describe('groupedPolicy', () => {
  // A toy policy: stop the second trial reported in a group.
  const secondStops: Policy<number> = {
    name: 'second',
    init: () => 0,
    step: (n, e) =>
      e._tag === 'TrialReported'
        ? { state: n + 1, decisions: n === 1 ? [stop(e.trialId, 'second')] : [] }
        : { state: n, decisions: [] },
  };
  const byParity = () =>
    groupedPolicy(
      'parity',
      (t) => t.number % 2,
      () => secondStops,
    );

  it('keeps each group’s state apart and routes every event of a trial to its group', () => {
    const out = decisionsOf(byParity(), [
      ev.start('0'),
      ev.start('1'),
      ev.start('2'),
      ev.start('3'),
      ev.report('0', 1, 0), // group 0: first
      ev.report('1', 1, 0), // group 1: first
      ev.report('2', 1, 0), // group 0: second → stop
      ev.report('3', 1, 0), // group 1: second → stop
    ]);
    assert.deepEqual(out, ['6: stop 2', '7: stop 3']);
  });
  it('a forked child joins its parent’s group; events about unknown trials are ignored', () => {
    const out = decisionsOf(byParity(), [
      ev.start('0'),
      ev.start('5', { number: 5, lineage: ['0'] }), // odd number, but its parent is in group 0
      ev.report('0', 1, 0),
      ev.report('5', 1, 0),
      ev.report('9', 1, 0),
    ]);
    assert.deepEqual(out, ['3: stop 5']);
  });
});

describe('hyperbandPolicy', () => {
  it('assigns trials to brackets by a hash of seed and id, weighted by bracket size', () => {
    const { state } = trace(
      hb(),
      ids.map((id) => ev.start(id)),
    );
    assert.deepEqual(
      ids.map((id) => state.groupOf.get(id)),
      ids.map((id) => bracketOf(id)),
    );
    const counts = [0, 1, 2].map((b) => ids.filter((id) => bracketOf(id) === b).length);
    assert.ok(
      counts.every((c) => c > 0),
      `counts ${counts}`,
    );
    assert.ok((counts[0] as number) > (counts[2] as number), `counts ${counts}`);
    const other = trace(
      hb(),
      ids.map((id) => ev.start(id)),
      { seed: 1, objective: { metric: 'loss', mode: 'min' } },
    );
    assert.notDeepEqual(
      ids.map((id) => other.state.groupOf.get(id)),
      ids.map((id) => state.groupOf.get(id)),
      'another seed, another assignment',
    );
  });
  it('sync: each bracket is successive halving in cohorts of its size; brackets never mix', () => {
    const b0 = ids.filter((id) => bracketOf(id) === 0);
    const b1 = ids.filter((id) => bracketOf(id) === 1);
    const b2 = ids.filter((id) => bracketOf(id) === 2);
    const events = [...ids.map((id) => ev.start(id)), ...ids.map((id) => ev.report(id, 1, Number(id)))];
    const out = decisionsOf(hb(), events);
    const about = (d: string) => (d.match(/(?:stop|pause|promote) (\d+)/g) ?? []).map((m) => m.split(' ')[1] as string);
    const named = new Set(out.flatMap(about));
    assert.ok(
      [...named].every((id) => b0.includes(id)),
      'only bracket 0 has a rung at step 1',
    );
    // The first full cohort of 9 (in start order) is decided at its ninth arrival: 3 promoted, 6 stopped.
    const cohort = b0.slice(0, 9);
    const last = out.find((d) => d.startsWith(`${ids.length + Number(cohort[8])}: `)) as string;
    assert.equal((last.match(/promote/g) ?? []).length, 3);
    assert.equal((last.match(/stop/g) ?? []).length, 6);
    assert.ok(about(last).every((id) => cohort.includes(id)));
    // Bracket 1 pauses at step 3 in cohorts of 5; bracket 2 never decides.
    const at3 = decisionsOf(hb(), [
      ...ids.map((id) => ev.start(id)),
      ...[...b1, ...b2].map((id) => ev.report(id, 3, 0)),
    ]);
    const firstFive = b1.slice(0, 5);
    assert.equal(at3.filter((d) => /promote/.test(d)).length, Math.floor(b1.length / 5));
    assert.ok(at3.flatMap(about).every((id) => b1.includes(id)));
    // The first cohort of 5 is decided at its fifth arrival: ⌊5/3⌋ = 1 promoted to maxStep, 4 stopped.
    const fifth = at3.find((d) => d.startsWith(`${ids.length + 4}: `)) as string;
    assert.equal((fifth.match(/promote \d+@1→9/g) ?? []).length, 1);
    assert.equal((fifth.match(/stop/g) ?? []).length, 4);
    assert.ok(about(fifth).every((id) => firstFive.includes(id)));
  });
  it('async stop: ASHA per bracket, judged against the bracket’s own rung', () => {
    const b0 = ids.filter((id) => bracketOf(id) === 0);
    const events = [...ids.map((id) => ev.start(id)), ...ids.map((id) => ev.report(id, 1, -Number(id)))];
    const out = decisionsOf(hb('stop'), events);
    // In bracket 0 every later arrival is worse than all before it: all but the first are stopped at step 1.
    assert.equal(out.length, b0.length - 1);
    assert.ok(out.every((d) => /stop (\d+)@0$/.test(d)));
  });
  it('async promote: ASHA promotion per bracket', () => {
    const events = [...ids.map((id) => ev.start(id)), ...ids.map((id) => ev.report(id, 1, Number(id)))];
    const out = decisionsOf(hb('promote'), events);
    const b0 = ids.filter((id) => bracketOf(id) === 0);
    assert.equal(out.length, b0.length, 'every bracket-0 arrival is paused');
    assert.ok(out.some((d) => d.includes('promote')));
  });
  it("sequential: trials fill whole brackets in start order, most aggressive first, with HpBandSter's sizes", () => {
    // minStep 1, maxStep 9, η 3: sMax = 2, sizes ⌊3/(s+1)⌋·3^s = 9, 3, 3 (hashed weights are 9, 5, 3).
    const seq = hyperbandPolicy({ minStep: 1, maxStep: 9, reductionFactor: 3, brackets: 'sequential' });
    const { state } = trace(
      seq,
      ids.slice(0, 32).map((id) => ev.start(id)),
    );
    const expected = [...Array(9).fill(0), ...Array(3).fill(1), ...Array(3).fill(2)];
    assert.deepEqual(
      ids.slice(0, 32).map((id) => state.groupOf.get(id)),
      [...expected, ...expected, 0, 0],
      'then the cycle starts again',
    );
    // Another seed does not move anyone: the order alone decides.
    const other = trace(
      seq,
      ids.slice(0, 32).map((id) => ev.start(id)),
      { seed: 7, objective: { metric: 'loss', mode: 'min' } },
    );
    assert.deepEqual(other.state.groupOf.toJS(), state.groupOf.toJS());
    // The middle bracket halves in cohorts of 3 (not 5): trials 9–11 are decided at the third arrival.
    const out = decisionsOf(seq, [
      ...ids.slice(0, 15).map((id) => ev.start(id)),
      ...['9', '10', '11'].map((id) => ev.report(id, 3, Number(id))),
    ]);
    assert.deepEqual(out, ['15: pause 9@0', '16: pause 10@0', '17: pause 11@0, promote 11@1→9, stop 9@0, stop 10@0']);
  });
  it('bad options name the field and value', () => {
    const bad = (o: object, re: RegExp) =>
      assert.throws(
        () => hyperbandPolicy(o as never),
        (e: unknown) =>
          e instanceof InvalidOptionsError && e.message.startsWith('hyperband options') && re.test(e.message),
      );
    bad({ reductionFactor: 1 }, /reductionFactor must be an integer >= 2, got 1/);
    bad({ minStep: 100, maxStep: 81 }, /minStep \(100\) must be <= maxStep \(81\)/);
    bad({ maxStep: 81.5 }, /maxStep must be an integer >= 1, got 81.5/);
    bad({ mode: 'async' }, /mode must be 'sync', 'stop' or 'promote', got "async"/);
    bad({ brackets: 'inOrder' }, /brackets must be 'hashed' or 'sequential', got "inOrder"/);
    bad({ max_resource: 81 }, /unknown option "max_resource" \(did you mean "maxStep"\?\)/);
  });
});
