import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { float } from '../../../lib/distribution.js';
import type { Decision, Fork } from '../../../lib/decision.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import type { Trial } from '../../../lib/trial.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { derive, rngFromSeed } from '../../../lib/rng.js';
import { TEST_OBJECTIVE, fakeTrial } from '../../../testing/fakeTrainer.js';
import type { PbtOptions, PbtState } from '../../../strategies/schedulers/pbtPolicy.js';
import { pbtPolicy } from '../../../strategies/schedulers/pbtPolicy.js';

const base: PbtOptions = { perturbationInterval: 5, mutations: { lr: float(0.001, 1) } };
const lrs: Record<string, number> = { A: 0.1, B: 0.2, C: 0.3, D: 0.4, E: 0.5 };
const start = (id: string, overrides: Partial<Trial> = {}): TrialEvent =>
  trialStarted(fakeTrial(id, { lr: lrs[id] ?? 0.05 }, overrides));
/** A report with a checkpoint (unless `ckpt` is false); score = higher is better. */
const rep = (id: string, step: number, score: number, ckpt = true): TrialEvent =>
  trialReported(
    id,
    ckpt ? { step, metrics: { loss: -score }, checkpoint: `${id}@${step}` } : { step, metrics: { loss: -score } },
    score,
  );

/** Folds events through the policy and returns every decision with the index of its event. */
const run = (options: PbtOptions, events: ReadonlyArray<TrialEvent>, seed: number | string = 0) => {
  const p = pbtPolicy(options);
  let s: PbtState = p.init({ seed, objective: TEST_OBJECTIVE });
  const out: { at: number; d: Decision }[] = [];
  events.forEach((e, at) => {
    const r = p.step(s, e);
    s = r.state;
    for (const d of r.decisions) out.push({ at, d });
  });
  return { decisions: out, state: s };
};
const label = (d: Decision): string =>
  d._tag === 'Fork'
    ? `fork ${d.replaced}<-${d.parent}@${d.step}`
    : d._tag === 'Promote'
      ? `promote ${d.trialId}`
      : d._tag === 'Pause'
        ? `pause ${d.trialId}`
        : `stop ${d.trialId}`;
const labels = (r: ReturnType<typeof run>) => r.decisions.map(({ at, d }) => `${at}: ${label(d)}`);

/** Members reporting steps 1..n in lockstep with fixed scores. */
const lockstep = (scores: Record<string, number>, steps: number, ckpt = true): TrialEvent[] => {
  const ids = Object.keys(scores);
  const out: TrialEvent[] = ids.map((id) => start(id));
  for (let step = 1; step <= steps; step++)
    for (const id of ids) out.push(rep(id, step, (scores[id] as number) + step / 1000, ckpt));
  return out;
};

describe('pbtPolicy: options', () => {
  const problems = (o: PbtOptions): string[] => {
    try {
      pbtPolicy(o);
    } catch (e) {
      assert.ok(e instanceof InvalidOptionsError);
      return [...e.info.problems];
    }
    return [];
  };
  it('refuses bad options, naming the field and value', () => {
    for (const [o, msg] of [
      [{ quantileFraction: 0 }, 'quantileFraction must be in (0, 0.5], got 0'],
      [{ quantileFraction: 0.6 }, 'quantileFraction must be in (0, 0.5], got 0.6'],
      [{ quantileFraction: Number.NaN }, 'quantileFraction must be in (0, 0.5], got NaN'],
      [{ perturbationInterval: 0.5 }, 'perturbationInterval must be a number >= 1 (steps), got 0.5'],
      [{ population: 1 }, 'population must be an integer >= 2, got 1'],
      [{ population: 2.5 }, 'population must be an integer >= 2, got 2.5'],
      [{ synchronous: true }, 'population is required in synchronous mode'],
      [{ burnIn: -1 }, 'burnIn must be a number >= 0, got -1'],
      [{ resampleProbability: 1.5 }, 'resampleProbability must be in [0, 1], got 1.5'],
      [{ perturbationFactors: [] }, 'perturbationFactors must be a non-empty list of numbers > 0, got []'],
      [{ maxStep: 0 }, 'maxStep must be a number > 0, got 0'],
    ] as const) {
      const p = problems({ ...base, ...o });
      assert.equal(p.length, 1, `${JSON.stringify(o)}: ${p.join('; ')}`);
      assert.ok((p[0] as string).startsWith(msg), `${p[0]} should start with ${msg}`);
    }
    assert.deepEqual(problems({ mutations: {} }), [
      'mutations: give at least one parameter to mutate, or an explore function',
    ]);
    assert.match(problems({ mutations: { lr: [] } })[0] as string, /^mutations\.lr: choices must not be empty/);
    assert.deepEqual(problems({ explore: (c) => c }), []);
    assert.deepEqual(problems(base), []);
  });
});

describe('pbtPolicy: asynchronous (Ray semantics)', () => {
  it('a member is ready every interval after burn-in; only a reporting bottom member is replaced', () => {
    // Interval 5, burn-in 7: ready points at 7 (the first step ≥ 7, and 7 − 0 ≥ 5), then 12, 17.
    // The worst member reports first at each step, so at step 7 it is ranked alone (no fork), and the
    // others rank above it (not the reporter: no fork); at 12 it is ranked against their step-7 scores.
    const o = { ...base, burnIn: 7, quantileFraction: 0.25 };
    const events = lockstep({ D: 0, C: 1, B: 2, A: 3 }, 12);
    const upTo = (step: number) => run(o, events.slice(0, 4 + step * 4)).state;
    assert.ok(upTo(6).members.every((m) => m.ready === undefined));
    assert.ok(upTo(7).members.every((m) => m.ready?.step === 7 && m.lastPerturbation === 7));
    assert.ok(upTo(11).members.every((m) => m.ready?.step === 7));
    const r = run(o, events);
    // D's step-12 report (index 4 + 11·4) is the first decision; A (on top) is at step 11 then.
    assert.deepEqual(labels(r)[0], `${4 + 11 * 4}: fork D<-A@11`);
  });

  it('ranks on stale scores: the score recorded at each member’s own last ready point', () => {
    // B's step-6 collapse is not a ready point: A, ready at 10, is still ranked against B's step-5 score.
    const events = [
      start('A'),
      start('B'),
      rep('A', 5, 1),
      rep('B', 5, 2),
      rep('B', 6, -100),
      rep('A', 10, 1.5), // 1.5 < B's stale 2: A is replaced by a child of B (from B's newest checkpoint)
    ];
    assert.deepEqual(labels(run({ ...base, quantileFraction: 0.5 }, events)), ['5: fork A<-B@6']);
  });

  it('k = ⌈N·q⌉ capped at ⌊N/2⌋; nothing with a single ranked member', () => {
    // Step 5 in order E, D, C, B, A (worst first): no fork. At step 10 C (third worst of 5) reports first:
    // with q = 0.5, k = ⌈2.5⌉ = 3 is capped to 2, so C is not bottom; E, reporting next, is.
    const ids = ['E', 'D', 'C', 'B', 'A'];
    const score: Record<string, number> = { A: 5, B: 4, C: 3, D: 2, E: 1 };
    const events = [
      ...ids.map((id) => start(id)),
      ...ids.map((id) => rep(id, 5, score[id] as number)),
      rep('C', 10, 3),
      rep('E', 10, 1),
    ];
    const r = run({ ...base, quantileFraction: 0.5 }, events);
    assert.equal(r.decisions.length, 1);
    const f = r.decisions[0]?.d as Fork;
    assert.equal(r.decisions[0]?.at, 11);
    assert.equal(f.replaced, 'E');
    assert.ok(['A', 'B'].includes(f.parent));
    assert.deepEqual(run(base, lockstep({ A: 1 }, 20)).decisions, []);
  });

  it('never chooses a parent without a checkpoint at or after its ready step; no eligible parent → no fork', () => {
    // A and B are on top; A reported its ready score (step 5) without a checkpoint (its newest is step 4).
    const events = [
      start('A'),
      start('B'),
      start('C'),
      start('D'),
      rep('A', 4, 10),
      rep('A', 5, 10, false),
      rep('B', 5, 9),
      rep('C', 5, 1),
      rep('D', 5, 0),
    ];
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const r = run({ ...base, quantileFraction: 0.5 }, events, seed);
      assert.deepEqual(labels(r), ['8: fork D<-B@5'], `seed ${seed}`);
    }
    // With no top member eligible, the bottom member just continues.
    const none = [start('A'), start('B'), rep('A', 5, 10, false), rep('B', 5, 0)];
    assert.deepEqual(run({ ...base, quantileFraction: 0.5 }, none).decisions, []);
  });

  it('does not perturb a member at its last step, and never forks from a checkpoint at a parent’s last step', () => {
    const atEnd = [start('A', { budget: 5 }), start('B', { budget: 5 }), rep('A', 5, 1), rep('B', 5, 0)];
    assert.deepEqual(run({ ...base, quantileFraction: 0.5 }, atEnd).decisions, []);
    const parentAtEnd = [start('A', { budget: 5 }), start('B'), rep('A', 5, 1), rep('B', 5, 0)];
    assert.deepEqual(run({ ...base, quantileFraction: 0.5 }, parentAtEnd).decisions, []);
    const viaOption = [start('A'), start('B'), rep('A', 5, 1), rep('B', 5, 0)];
    assert.deepEqual(run({ ...base, quantileFraction: 0.5, maxStep: 5 }, viaOption).decisions, []);
  });

  it('the fork carries the child’s budget (maxStep, else the parent’s), and the child inherits the parent’s last ready step', () => {
    const events = [
      start('A', { budget: 30 }),
      start('B', { budget: 30 }),
      rep('A', 5, 1),
      rep('A', 7, 1), // A's newest checkpoint: step 7 (its last ready point stays 5)
      rep('B', 5, 0), // B ready: replaced by a child of A at step 7
      start('C', { lineage: ['A'], startStep: 7, resumeFrom: 'A@7', budget: 30 }),
      rep('C', 8, -5),
      rep('C', 10, -5), // 10 − 5 ≥ 5: C is ready at 10 (Ray copies the parent's last perturbation time)
    ];
    const r = run({ ...base, quantileFraction: 0.5 }, events);
    assert.deepEqual(labels(r), ['4: fork B<-A@7', '7: fork C<-A@7']);
    assert.equal((r.decisions[0]?.d as Fork).budget, 30);
    assert.equal((run({ ...base, quantileFraction: 0.5, maxStep: 12 }, events).decisions[0]?.d as Fork).budget, 12);
  });

  it('is deterministic: same seed and events → same forks and mutations; the RNG lives in the state', () => {
    const events = lockstep({ A: 4, B: 3, C: 2, D: 1 }, 40);
    const o = { ...base, resampleProbability: 0.5, quantileFraction: 0.5 };
    const a = run(o, events, 'exp');
    const b = run(o, events, 'exp');
    assert.deepEqual(a, b);
    assert.ok(a.decisions.length >= 2);
    const c = run(o, events, 'other');
    assert.notDeepEqual(
      a.decisions.map(({ d }) => d),
      c.decisions.map(({ d }) => d),
    );
    assert.deepEqual(
      pbtPolicy(o).init({ seed: 'exp', objective: TEST_OBJECTIVE }).rng,
      rngFromSeed(derive('exp', 'pbt')),
    );
    assert.notDeepEqual(a.state.rng, rngFromSeed(derive('exp', 'pbt')));
  });
});

describe('pbtPolicy: synchronous', () => {
  const sync: PbtOptions = { ...base, synchronous: true, population: 3, quantileFraction: 0.25 };

  it('pauses members at the interval until all have reached it, then forks the bottom and resumes the rest', () => {
    const events = [
      start('A'),
      start('B'),
      start('C'),
      rep('A', 5, 3), // 3: pause A
      rep('C', 5, 1), // 4: pause C
      rep('B', 4, 2),
      rep('B', 5, 2), // 6: all there. ranks C < B < A: fork C (bottom, paused) + stop C, then resume A (top)
    ];
    const r = run(sync, events);
    assert.deepEqual(labels(r), ['3: pause A', '4: pause C', '6: fork C<-A@5', '6: stop C', '6: promote A']);
    assert.equal(r.state.round, 1);
    assert.equal(r.state.nextSync, 10);
  });

  it('the member completing the interval is forked itself when it is the bottom one (no stop: its run ends)', () => {
    const events = [start('A'), start('B'), start('C'), rep('A', 5, 3), rep('B', 5, 2), rep('C', 5, 1)];
    assert.deepEqual(labels(run(sync, events)), [
      '3: pause A',
      '4: pause B',
      '5: fork C<-A@5',
      '5: promote A',
      '5: promote B',
    ]);
  });

  it('waits for the whole population to join, even if every started member is there', () => {
    const events = [start('A'), start('B'), rep('A', 5, 3), rep('B', 5, 2)];
    assert.deepEqual(labels(run(sync, events)), ['2: pause A', '3: pause B']);
    const more = [...events, start('C'), rep('C', 5, 1)];
    assert.deepEqual(labels(run(sync, more)).slice(2), ['5: fork C<-A@5', '5: promote A', '5: promote B']);
  });

  it('a straggler that ends releases the members waiting for it (decided on its TrialEnded)', () => {
    const events = [
      start('A'),
      start('B'),
      start('C'),
      rep('A', 5, 3),
      rep('B', 5, 1),
      rep('C', 2, 9),
      trialEnded('C', 'failed'),
    ];
    assert.deepEqual(labels(run(sync, events)), [
      '3: pause A',
      '4: pause B',
      '6: fork B<-A@5',
      '6: stop B',
      '6: promote A',
    ]);
  });

  it('next interval = max(previous + interval, newest ready step)', () => {
    const events = [start('A'), start('B'), start('C'), rep('A', 5, 3), rep('B', 5, 2), rep('C', 13, 1)];
    const r = run(sync, events);
    assert.equal(r.state.nextSync, 13);
  });
});
