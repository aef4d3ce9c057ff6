import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { float, int } from '../../../lib/distribution.js';
import type { Decision, Fork } from '../../../lib/decision.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import type { Policy } from '../../../lib/policy.js';
import type { Trial } from '../../../lib/trial.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { TEST_OBJECTIVE, fakeTrial } from '../../../testing/fakeTrainer.js';
import type { Pb2Options } from '../../../strategies/schedulers/pb2Policy.js';
import { pb2Policy } from '../../../strategies/schedulers/pb2Policy.js';
import type { PbtExplorer } from '../../../strategies/schedulers/pbtExplorer.js';
import type { PbtState } from '../../../strategies/schedulers/pbtPolicy.js';
import { pbtPolicy } from '../../../strategies/schedulers/pbtPolicy.js';

const start = (id: string, lr: number, overrides: Partial<Trial> = {}): TrialEvent =>
  trialStarted(fakeTrial(id, { lr, other: 'kept' }, overrides));
const rep = (id: string, step: number, score: number): TrialEvent =>
  trialReported(id, { step, metrics: { loss: -score }, checkpoint: `${id}@${step}` }, score);

const fold = (p: Policy<PbtState>, events: ReadonlyArray<TrialEvent>) => {
  let s = p.init({ seed: 7, objective: TEST_OBJECTIVE });
  const out: Decision[] = [];
  for (const e of events) {
    const r = p.step(s, e);
    s = r.state;
    out.push(...r.decisions);
  }
  return { decisions: out, state: s };
};

/**
 * A population of 4 on lr ∈ [0, 1], where reward grows at rate 1 − |lr − 0.7| per step; every 5 steps
 * each member reports; forked children start from the parent's checkpoint and keep the schedule going.
 */
const simulate = (options: Pb2Options, rounds: number) => {
  const p = pb2Policy(options);
  let s = p.init({ seed: 7, objective: TEST_OBJECTIVE });
  const live = new Map<string, { lr: number; r: number; from: number }>();
  const forks: Fork[] = [];
  let next = 0;
  const apply = (e: TrialEvent) => {
    const r = p.step(s, e);
    s = r.state;
    return r.decisions;
  };
  for (const lr of [0.05, 0.2, 0.45, 0.95]) {
    const id = String(next++);
    live.set(id, { lr, r: 0, from: 0 });
    apply(start(id, lr));
  }
  for (let k = 1; k <= rounds; k++) {
    const step = 5 * k;
    for (const [id, m] of [...live]) {
      m.r += (step - m.from) * (1 - Math.abs(m.lr - 0.7));
      m.from = step;
      for (const d of apply(rep(id, step, m.r))) {
        if (d._tag !== 'Fork') continue;
        forks.push(d);
        live.delete(id);
        const child = String(next++);
        const parent = live.get(d.parent) ?? { r: m.r };
        const lr = d.config['lr'] as number;
        live.set(child, { lr, r: parent.r, from: d.step });
        apply(start(child, lr, { lineage: [d.parent], startStep: d.step, resumeFrom: d.checkpoint }));
      }
    }
  }
  return { forks, state: s };
};

describe('pb2Policy', () => {
  const options: Pb2Options = { perturbationInterval: 5, bounds: { lr: [0, 1] }, maxStep: 1000 };

  it('forks bottom members with configs inside the bounds, copies the other parameters, and records each choice', () => {
    const { forks } = simulate(options, 8);
    assert.ok(forks.length >= 2, `only ${forks.length} forks`);
    for (const f of forks) {
      const lr = f.config['lr'] as number;
      assert.ok(lr >= 0 && lr <= 1, `lr ${lr} out of bounds`);
      assert.equal(f.config['other'], 'kept');
      if (Object.keys(f.mutation).length > 0) assert.equal(f.mutation['lr']?._tag, 'Custom');
    }
  });

  it('moves the population towards the best rate (lr 0.7) once it has data', () => {
    const { forks } = simulate(options, 12);
    const late = forks.slice(-4).map((f) => f.config['lr'] as number);
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    assert.ok(Math.abs(mean - 0.7) < 0.2, `late choices ${late.join(', ')}`);
  });

  it('is deterministic, and its state is JSON that gives the same decisions after a round trip', () => {
    const a = simulate(options, 6);
    const b = simulate(options, 6);
    assert.deepEqual(a.forks, b.forks);
    assert.deepEqual(JSON.parse(JSON.stringify(a.state)), a.state);
    const p = pb2Policy(options);
    const next = rep('x', 35, 1);
    assert.deepEqual(p.step(JSON.parse(JSON.stringify(a.state)) as PbtState, next), p.step(a.state, next));
  });

  it('is named pb2 and supports log-scale and int bounds', () => {
    assert.equal(pb2Policy(options).name, 'pb2');
    const { forks } = simulate({ ...options, bounds: { lr: float(0.01, 1, { log: true }) } }, 6);
    for (const f of forks) assert.ok((f.config['lr'] as number) >= 0.01);
    const ints = simulate({ ...options, bounds: { lr: int(0, 1) } }, 4).forks;
    for (const f of ints) assert.ok(Number.isInteger(f.config['lr']));
  });

  const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['no bounds', {}, /bounds must be an object/],
    ['empty bounds', { bounds: {} }, /at least one parameter/],
    ['reversed pair', { bounds: { lr: [1, 0] } }, /bounds\.lr must be \[low, high\].*\[1,0\]/],
    ['a categorical', { bounds: { act: { _tag: 'Categorical', choices: ['a'] } } }, /bounds\.act .*numbers only/],
    ['a typo', { bounds: { lr: [0, 1] }, perturbationIntervall: 3 }, /perturbationIntervall/],
    ['bad starts', { bounds: { lr: [0, 1] }, starts: 0 }, /starts must be an integer >= 1, got 0/],
    ['a bad PBT option', { bounds: { lr: [0, 1] }, quantileFraction: 0.9 }, /pb2 options: .*quantileFraction/],
  ];
  for (const [name, o, re] of bad)
    it(`throws InvalidOptionsError for ${name}`, () =>
      assert.throws(
        () => pb2Policy(o as Pb2Options),
        (e: unknown) => e instanceof InvalidOptionsError && re.test(e.message),
      ));
});

describe('pbtPolicy explorer extension point', () => {
  it('uses the explorer instead of the perturbation, and keeps its state in the policy state', () => {
    const seen: string[] = [];
    const halve: PbtExplorer<number> = {
      name: 'halve',
      init: () => 0,
      started: (n, t) => (seen.push(`start ${t.id}`), n),
      ready: (n, p) => (seen.push(`ready ${p.id}@${p.step}`), n),
      explore: (n, { parent }, rng) => {
        const lr = parent.config['lr'] as number;
        return [{ ...parent.config, lr: lr / 2 }, { lr: { _tag: 'Custom', from: lr, to: lr / 2 } }, rng, n + 1];
      },
    };
    const p = pbtPolicy({ perturbationInterval: 5, explorer: halve });
    const { decisions, state } = fold(p, [start('A', 0.4), start('B', 0.2), rep('A', 5, 2), rep('B', 5, 1)]);
    assert.deepEqual(
      decisions.map((d) => (d._tag === 'Fork' ? [d.replaced, d.parent, d.config['lr']] : d._tag)),
      [['B', 'A', 0.2]],
    );
    assert.equal(state.explorer, 1);
    assert.deepEqual(seen, ['start A', 'start B', 'ready A@5', 'ready B@5']);
  });
  it('refuses an explorer without an explore function', () =>
    assert.throws(
      () => pbtPolicy({ explorer: { name: 'x' } as unknown as PbtExplorer }),
      /explorer must be an object with an explore function/,
    ));
  it('leaves the state without an explorer field when none is given (PBT unchanged)', () => {
    const p = pbtPolicy({ perturbationInterval: 5, mutations: { lr: float(0, 1) } });
    assert.equal('explorer' in p.init({ seed: 1, objective: TEST_OBJECTIVE }), false);
  });
});
