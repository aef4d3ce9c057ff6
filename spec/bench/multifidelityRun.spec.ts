import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultProblemsPath, loadProblems } from '../../bench/problems/loadProblems.js';
import type { Problem } from '../../bench/problems/loadProblems.js';
import { loss, observed } from '../../bench/problems/learningCurve.js';
import { mfProtocol, mfRun } from '../../bench/multifidelityRun.js';
import { mfRecorder } from '../../bench/multifidelityRecorder.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { pause, stop } from '../../lib/decision.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';

const lc = loadProblems(defaultProblemsPath, { only: ['lc_hartmann6'] }).problems[0] as Problem;

describe('multi-fidelity bench runs (lc_hartmann6)', () => {
  it('reads the protocol from the problem', () => {
    assert.deepEqual(mfProtocol(lc), {
      budget: 3240,
      checkpoints: [810, 1620, 3240],
      fidelity: { minStep: 1, maxStep: 81 },
    });
  });
  it('without pruning: exactly 40 complete trials, snapshots after the 10th, 20th and 40th', () => {
    const r = mfRun(lc, 'random_nopruning', 0);
    assert.equal(r.epochs_consumed, 3240);
    assert.deepEqual([r.n_started, r.n_completed, r.n_pruned, r.n_truncated], [40, 40, 0, 0]);
    assert.deepEqual(
      ['810', '1620', '3240'].map((k) => [r.checkpoints[k]?.n_started, r.checkpoints[k]?.n_completed]),
      [
        [10, 10],
        [20, 20],
        [40, 40],
      ],
    );
    // The incumbent is the trial with the lowest noisy final loss; its regret uses the noise-free loss.
    const finals = r.trials.map(([, , , v]) => v as number);
    assert.equal(r.checkpoints['3240']?.best_final_observed, Math.min(...finals));
  });
  it('the reactive study() and the ask/tell loop make the same trials, epoch for epoch', () => {
    for (const m of ['random_asha_promote', 'random_hyperband', 'random_median']) {
      const a = mfRun(lc, m, 3, 'asktell');
      const b = mfRun(lc, m, 3, 'study');
      assert.deepEqual(
        b.trials.map(([n, e, , v]) => [n, e, v]),
        a.trials.map(([n, e, , v]) => [n, e, v]),
        m,
      );
      assert.deepEqual(b.checkpoints['3240']?.best_final_observed, a.checkpoints['3240']?.best_final_observed);
      assert.equal(a.epochs_consumed, 3240);
      assert.equal(b.epochs_consumed, 3240);
    }
  });
  it('promotions resume: no epoch of any trial is trained twice (epochs per trial ≤ 81, total = budget)', () => {
    const r = mfRun(lc, 'random_asha_promote_eta3', 1);
    assert.ok(r.n_promotions > 0);
    assert.ok(r.trials.every(([, e]) => e >= 1 && e <= 81));
    assert.equal(
      r.trials.reduce((a, [, e]) => a + e, 0),
      3240,
    );
  });
});

describe('mfRecorder', () => {
  const rec = () =>
    mfRecorder({ maxStep: 3, checkpoints: [2, 4], optimum: 0, trueFinal: (c) => c['x'] as number, metric: 'loss' });
  const t = (id: string, n: number, x: number) => trialStarted(fakeTrial(id, { x }, { number: n }));
  const r = (id: string, step: number, v: number) => trialReported(id, { step, metrics: { loss: v } }, -v);
  it('labels trials C/P/T/S and snapshots after the epoch’s decisions, before the next trial', () => {
    const k = rec();
    [
      t('0', 0, 0.5),
      r('0', 1, 0.9),
      r('0', 2, 0.8), // consumed 2: snapshot after this epoch's decision
      trialDecided(stop('0', 'asha: below')),
      trialEnded('0', 'stopped'),
      t('1', 1, 0.1),
      r('1', 1, 0.7),
      r('1', 2, 0.6),
      r('1', 3, 0.55), // complete: consumed 5
      trialEnded('1', 'completed'),
      t('2', 2, 0.2),
      r('2', 1, 0.65),
      trialDecided(pause('2', 0)),
      trialEnded('2', 'paused'),
      t('3', 3, 0.3),
      r('3', 1, 0.6),
      trialDecided(stop('3', 'budget: steps')),
      trialEnded('3', 'stopped'),
    ].forEach(k.push);
    const out = k.finish();
    assert.deepEqual(out.trials, [
      [0, 2, 'P', 0.8],
      [1, 3, 'C', 0.55],
      [2, 1, 'S', 0.65],
      [3, 1, 'T', 0.6],
    ]);
    assert.deepEqual(out.checkpoints['2'], {
      n_started: 1,
      n_completed: 0,
      n_pruned: 1,
      n_paused: 0,
      best_final_observed: null,
      incumbent_true_final: null,
      regret: null,
      best_true_final: null,
      best_observed_any: 0.8,
    });
    assert.equal(out.checkpoints['4']?.n_started, 2, 'the epoch that reached 4 was trial 1’s second');
    assert.deepEqual(out.trace, [[5, 0.55, 0.1]]);
    assert.equal(out.epochs_consumed, 7);
  });
  it('uses the learning curve of the shared problem (noise keyed by seed, trial, epoch)', () => {
    const x = lc.json.test_vectors[0]?.params ?? {};
    assert.notEqual(observed(lc.json, x, 5, 0, 0), observed(lc.json, x, 5, 0, 1));
    assert.ok(Math.abs(observed(lc.json, x, 5, 0, 0) - loss(lc.json, x, 5)) < 0.1);
  });
});
