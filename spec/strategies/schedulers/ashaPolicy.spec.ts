import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { ashaPolicy } from '../../../strategies/schedulers/ashaPolicy.js';
import { decisionsOf, ev, trace } from '../../helpers/policyTrace.js';

const r = ev.report;

describe('ashaPolicy, stopping form (Ray AsyncHyperBandScheduler)', () => {
  // η = 4, rungs at steps 1 and 4, complete at 16; cutoff = 75th percentile of the rung so far.
  const stopForm = () => ashaPolicy({ minStep: 1, maxStep: 16, reductionFactor: 4 });

  it('judges each arrival against the rung so far, this trial excluded; stopped trials stay recorded', () => {
    const { decisions } = trace(stopForm(), [
      ev.start('A'),
      r('A', 1, -1), // empty rung: kept
      ev.start('B'),
      r('B', 1, -2), // cutoff = p75([-1]) = -1
      ev.start('C'),
      r('C', 1, -0.5), // cutoff = p75([-2, -1]) = -1.25
      ev.start('D'),
      r('D', 1, -1.2), // cutoff = p75([-2, -1, -0.5]) = -0.75
      r('A', 2, -0.9),
      r('A', 3, -0.8), // no rung between 1 and 4
      r('A', 4, -0.7), // rung 1 is empty: kept
      r('C', 4, -0.75), // cutoff = p75([-0.7]) = -0.7
      r('A', 16, -9), // at maxStep: never judged
    ]);
    assert.deepEqual(decisions, ['', '', '', 'stop B@0', '', '', '', 'stop D@0', '', '', '', 'stop C@1', '']);
  });
  it('the first trial of the study is recorded like any other (Optuna #3088 records none before a completion)', () => {
    const out = decisionsOf(stopForm(), [ev.start('0'), r('0', 1, -1), ev.start('1'), r('1', 1, -5)]);
    assert.deepEqual(out, ['3: stop 1@0']);
  });
  it('one rung per report: a sparse report is recorded only at the highest rung it reached', () => {
    const { state } = trace(stopForm(), [ev.start('A'), r('A', 5, -1), ev.start('B'), r('B', 1, -9)]);
    assert.deepEqual(state.rungs.get('0:1')?.scores, [-1]);
    assert.deepEqual(state.rungs.get('0:0')?.scores, [-9], 'A was not recorded at step 1, so B faced an empty rung');
  });
  it('out of order: decisions depend only on event order, never on start order or the step clock', () => {
    // X and Y start in this order; which arrives at the rung first decides who is judged against whom.
    const run = (first: string, second: string) =>
      decisionsOf(stopForm(), [
        ev.start('X'),
        ev.start('Y'),
        r(first, 1, first === 'X' ? -1 : -2),
        r(second, 1, second === 'X' ? -1 : -2),
      ]);
    assert.deepEqual(run('X', 'Y'), ['3: stop Y@0'], 'Y arrives second and is below X: stopped');
    assert.deepEqual(run('Y', 'X'), [], 'Y arrives first into an empty rung and X is better: nobody stopped');
    // Same events, same decisions.
    assert.deepEqual(run('X', 'Y'), run('X', 'Y'));
  });
});

describe('ashaPolicy, promotion form (ASHA paper)', () => {
  // η = 2, rungs at steps 1 and 2, complete at 4.
  const promoteForm = () => ashaPolicy({ minStep: 1, maxStep: 4, reductionFactor: 2, mode: 'promote' });

  it('pauses every arrival and runs get_job for the slot it frees: top ⌊n/η⌋, highest rung first', () => {
    const events: TrialEvent[] = [
      ev.start('A'),
      r('A', 1, -3), // rung 0 = [A]: top 0 → nothing to promote, a fresh trial takes the slot
      ev.start('B'),
      r('B', 1, -1), // rung 0 = [B, A]: top 1 = B, the arriving trial itself
      ev.resume('B', 1, 1, 2),
      r('B', 2, -0.8), // rung 1 = [B]: top 0; rung 0's top 1 is B, already promoted
      ev.start('C'),
      r('C', 1, -2), // rung 0 = [B, C, A]: top 1 = B
      ev.start('D'),
      r('D', 1, -0.5), // rung 0 = [D, B, C, A]: top 2 = D, B → D
      ev.resume('D', 1, 1, 2),
      r('D', 2, -0.3), // rung 1 = [D, B]: top 1 = D → to maxStep
      ev.resume('D', 2, 2, 4),
      r('D', 3, -0.2),
      r('D', 4, -0.1), // at maxStep: D's slot is about to free → get_job now; nothing is promotable
      ev.end('D'),
      ev.start('E'),
      r('E', 1, -5), // rung 0 has 5: top 2 = D, B, both promoted
      ev.start('F'),
      r('F', 1, -6), // rung 0 has 6: top 3 = D, B, C → C, paused since step 1, is promoted now
    ];
    assert.deepEqual(trace(promoteForm(), events).decisions, [
      '',
      'pause A@0',
      '',
      'pause B@0, promote B@1→2',
      '',
      'pause B@1',
      '',
      'pause C@0',
      '',
      'pause D@0, promote D@1→2',
      '',
      'pause D@1, promote D@2→4',
      '',
      '',
      '',
      '',
      '',
      'pause E@0',
      '',
      'pause F@0, promote C@1→2',
    ]);
  });
  it('promotions come from arrivals; a failure frees a slot but finds nothing waiting', () => {
    const head: TrialEvent[] = [
      ev.start('A'),
      ev.start('B'),
      ev.start('C'),
      r('A', 1, -1), // rung 0 = [A]: top 0
      r('B', 1, -2), // rung 0 = [A, B]: top 1 = A (paused) → A promoted for B's slot
      ev.resume('A', 1, 1, 2),
      r('C', 1, -3), // rung 0 = [A, B, C]: top 1 = A, promoted → C paused
      ev.start('D'),
      r('D', 1, -4), // 4 in rung 0: top 2 = A, B → B promoted for D's slot
    ];
    const out = decisionsOf(promoteForm(), [
      ...head,
      ev.resume('B', 1, 1, 2),
      ev.end('B', 'failed'),
      ev.start('E'),
      r('E', 1, 0),
    ]);
    assert.deepEqual(out, [
      '3: pause A@0',
      '4: pause B@0, promote A@1→2',
      '6: pause C@0',
      '8: pause D@0, promote B@1→2',
      '12: pause E@0, promote E@1→2', // rung 0 = [E, A, B, C, D]: top 2 = E, A → E
    ]);
    // B failing frees a slot, but nothing is promotable then (top 2 of [A, B, C, D] are promoted).
    const withCandidate = decisionsOf(promoteForm(), [
      ...head,
      ev.start('E'),
      r('E', 1, -5), // rung 0 has 5: top 2 = A, B (both promoted) → E paused
      ev.start('F'),
      r('F', 1, -6), // rung 0 has 6: top 3 = A, B, C → C
      ev.start('G'),
      r('G', 1, -7), // 7: top 3, all promoted
      ev.start('H'),
      ev.resume('B', 1, 1, 2),
      r('H', 1, -8), // 8: top 4 = A, B, C, D → D
      ev.end('B', 'failed'), // 8 entries, top 4 all promoted: nothing
    ]);
    assert.deepEqual(withCandidate.slice(4), [
      '10: pause E@0',
      '12: pause F@0, promote C@1→2',
      '14: pause G@0',
      '17: pause H@0, promote D@1→2',
    ]);
  });
  it('invariant: after every event, no paused trial in the top ⌊n/η⌋ of its rung is left unpromoted', () => {
    // A simulated study at concurrency 3 with pseudo-random scores: every arrival frees a slot and
    // runs get_job, and each arrival adds at most one candidate, so none is ever left waiting.
    const p = ashaPolicy({ minStep: 1, maxStep: 27, reductionFactor: 3, mode: 'promote' });
    let state = p.init({ seed: 0, objective: { metric: 'loss', mode: 'min' } });
    let x = 7;
    const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
    const quality = new Map<string, number>();
    const running = new Map<string, { step: number; budget: number }>();
    const queue: Array<{ id: string; start: number; budget: number }> = [];
    let fresh = 0;
    let promotions = 0;
    const apply = (e: TrialEvent) => {
      const out = p.step(state, e);
      state = out.state;
      for (const d of out.decisions) {
        if (d._tag === 'Pause' || d._tag === 'Stop') running.delete(d.trialId);
        if (d._tag === 'Promote') {
          promotions++;
          queue.push({ id: d.trialId, start: 0, budget: d.budget });
        }
      }
      for (const [key, rung] of state.rungs) {
        const top = rung.ranked.slice(0, Math.floor(rung.ranked.length / 3));
        for (const t of top)
          assert.ok(
            rung.promoted.has(t.id) || state.trials.get(t.id)?.status !== 'paused',
            `rung ${key}: ${t.id} is in the top and waits`,
          );
      }
    };
    for (let tick = 0; tick < 400; tick++) {
      while (running.size < 3) {
        const c = queue.shift();
        if (c) {
          const at = state.trials.get(c.id);
          assert.ok(at);
          running.set(c.id, { step: [1, 3, 9, 27].filter((m) => m < c.budget).pop() ?? 0, budget: c.budget });
          apply(ev.resume(c.id, 1, 1, c.budget));
        } else {
          const id = String(fresh++);
          quality.set(id, rand());
          running.set(id, { step: 0, budget: 27 });
          apply(ev.start(id));
        }
      }
      const ids = [...running.keys()];
      const id = ids[Math.floor(rand() * ids.length)] as string;
      const run = running.get(id) as { step: number; budget: number };
      run.step++;
      apply(r(id, run.step, (quality.get(id) as number) + 0.3 * rand() - 1 / run.step));
      if (running.has(id) && run.step >= run.budget) {
        running.delete(id);
        apply(ev.end(id));
      }
    }
    assert.ok(promotions > 20, `only ${promotions} promotions`);
  });
  it('out of order: a paused trial is settled by the rung as it stands at the next free slot', () => {
    // Same four arrivals (scores B > C > A > D) in two orders.
    const order = (ids: string[]) =>
      decisionsOf(promoteForm(), [
        ...ids.map((id) => ev.start(id)),
        ...ids.map((id) => r(id, 1, { A: -3, B: -1, C: -2, D: -4 }[id] as number)),
      ]);
    // B last: C wins the first slot with one rival ([C, A]); B, arriving into a rung of 4, promotes itself.
    assert.deepEqual(order(['A', 'C', 'D', 'B']), [
      '4: pause A@0',
      '5: pause C@0, promote C@1→2',
      '6: pause D@0',
      '7: pause B@0, promote B@1→2',
    ]);
    // B first: alone it is not in the top ⌊1/2⌋ = 0 and waits; the next free slot promotes it, the
    // fourth arrival's promotes C.
    assert.deepEqual(order(['B', 'A', 'C', 'D']), [
      '4: pause B@0',
      '5: pause A@0, promote B@1→2',
      '6: pause C@0',
      '7: pause D@0, promote C@1→2',
    ]);
  });
});

describe('ashaPolicy, brackets', () => {
  it('assigns each trial a bracket by hash; bracket b starts at minStep·η^b and keeps its own rungs', () => {
    const p = () => ashaPolicy({ minStep: 1, maxStep: 16, reductionFactor: 2, brackets: 2 });
    const ids = Array.from({ length: 40 }, (_, i) => String(i));
    const brackets = trace(
      p(),
      ids.map((id) => ev.start(id)),
    ).state.trials;
    const inB1 = ids.filter((id) => brackets.get(id)?.bracket === 1);
    // Ray's weights ∝ exp(#rungs): 4 rungs vs 3 → P(bracket 1) = 1/(1 + e) ≈ 0.27.
    assert.ok(inB1.length > 0 && inB1.length < 20, `bracket 1 got ${inB1.length} of 40`);
    // Bracket-1 trials have no rung at step 1: only bracket-0 trials were recorded there.
    const { state } = trace(p(), [...ids.map((id) => ev.start(id)), ...ids.map((id) => r(id, 1, -Number(id)))]);
    assert.equal(state.rungs.get('0:0')?.scores.length, 40 - inB1.length);
    assert.equal(state.rungs.get('1:0'), undefined);
    const { state: at2 } = trace(p(), [...ids.map((id) => ev.start(id)), ...ids.map((id) => r(id, 2, -Number(id)))]);
    assert.equal(at2.rungs.get('1:0')?.scores.length, inB1.length);
    // The same ids land in the same brackets whatever the order.
    const rev = trace(
      p(),
      [...ids].reverse().map((id) => ev.start(id)),
    ).state.trials;
    assert.deepEqual(
      ids.map((id) => rev.get(id)?.bracket),
      ids.map((id) => brackets.get(id)?.bracket),
    );
  });
});

describe('ashaPolicy options', () => {
  it('bad options name the field and value', () => {
    const bad = (o: object, re: RegExp) =>
      assert.throws(
        () => ashaPolicy(o as never),
        (e: unknown) => e instanceof InvalidOptionsError && e.message.startsWith('asha options') && re.test(e.message),
      );
    bad({ reductionFactor: 1 }, /reductionFactor must be an integer >= 2, got 1/);
    bad({ minStep: 50, maxStep: 10 }, /minStep \(50\) must be <= maxStep \(10\)/);
    bad({ maxStep: 80.5 }, /maxStep must be an integer >= 1, got 80.5/);
    bad({ minStep: 0 }, /minStep must be an integer >= 1, got 0/);
    bad({ mode: 'pause' }, /mode must be 'stop' or 'promote', got "pause"/);
    bad({ brackets: 0 }, /brackets must be an integer >= 1, got 0/);
    bad({ minStep: 1, maxStep: 16, reductionFactor: 4, brackets: 4 }, /brackets \(4\) must be <= 3/);
    bad({ grace_period: 1 }, /unknown option "grace_period" \(did you mean "minStep"\?\)/);
  });
  it('defaults are Ray ASHAScheduler: rungs 1, 4, 16, 64 below max 100', () => {
    const { state } = trace(ashaPolicy(), [ev.start('A'), ...[1, 4, 16, 64, 99].map((s) => r('A', s, -1))]);
    assert.deepEqual([...state.rungs.keys()].sort(), ['0:0', '0:1', '0:2', '0:3']);
  });
});
