import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { pause, promote, stop } from '../../lib/decision.js';
import type { StudyState } from '../../lib/studyState.js';
import {
  allTrials,
  bestTrial,
  budgetSpent,
  freeSlots,
  hardStopped,
  foldStudy,
  pausedTrials,
  reduceStudy,
  runningTrials,
} from '../../lib/studyState.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import {
  deadlineReached,
  studyStarted,
  trialDecided,
  trialEnded,
  trialReported,
  trialStarted,
} from '../../lib/trialEvent.js';
import { AppendLog } from '../../lib/appendLog.js';
import { fakeTrial, report } from '../../testing/index.js';
import { studyInit } from '../helpers/studyInit.js';

const init = studyInit({ trials: 3, steps: 10 });
const fold = (events: TrialEvent[]): StudyState => foldStudy(init, events);
const t0 = fakeTrial('0', { x: 0.1 }, { number: 0 });
const t1 = fakeTrial('1', { x: 0.2 }, { number: 1 });
const rep = (id: string, step: number, loss: number, ck?: unknown) =>
  trialReported(id, report(step, { loss }, ck), -loss);

describe('reduceStudy and selectors', () => {
  it('tracks running, finished, best, steps and slots', () => {
    const s = fold([
      studyStarted(init),
      trialStarted(t0),
      trialStarted(t1),
      rep('0', 1, 0.5),
      rep('0', 2, 0.3),
      rep('1', 1, 0.2),
      trialEnded('0', 'completed'),
    ]);
    assert.deepEqual(
      runningTrials(s).map((r) => r.trial.id),
      ['1'],
    );
    assert.equal(freeSlots(s), 1);
    assert.equal(s.stepsUsed, 3);
    assert.equal(bestTrial(s)?.trial.id, '0');
    assert.equal(s.fresh, 2);
    assert.equal(budgetSpent(s), undefined);
    const s2 = reduceStudy(reduceStudy(s, rep('1', 2, 0.1)), trialEnded('1', 'completed'));
    assert.equal(bestTrial(s2)?.trial.id, '1');
    assert.equal(s2.finished, 2);
  });

  it('keeps paused trials with their checkpoint; a Promote is pending until its continuation starts; Stop finalises a paused trial', () => {
    let s = fold([
      studyStarted(init),
      trialStarted(t0),
      rep('0', 1, 0.5, 'ck1'),
      trialDecided(pause('0', 1)),
      trialEnded('0', 'paused'),
    ]);
    assert.deepEqual(
      pausedTrials(s).map((r) => [r.trial.id, r.checkpoint]),
      [['0', { step: 1, ref: 'ck1' }]],
    );
    s = reduceStudy(s, trialDecided(promote('0', 1, 3)));
    assert.equal(s.pending.length, 1);
    s = reduceStudy(s, trialStarted({ ...t0, segment: 1, startStep: 1, resumeFrom: 'ck1', budget: 3 }));
    assert.equal(s.pending.length, 0);
    assert.equal(s.fresh, 1); // a continuation is not a fresh trial
    s = reduceStudy(s, rep('0', 3, 0.4)); // steps 2 and 3 trained: 1 + 2 = 3 steps used
    assert.equal(s.stepsUsed, 3);
    s = fold([
      studyStarted(init),
      trialStarted(t0),
      trialDecided(pause('0', 1)),
      trialEnded('0', 'paused'),
      trialDecided(stop('0', 'loser', 1)),
    ]);
    assert.equal(s.trials.get('0')?.status, 'stopped');
    assert.equal(s.paused.size, 0);
  });

  it('budget: trials, steps, deadline', () => {
    assert.equal(budgetSpent(fold([studyStarted(init), trialStarted(t0), rep('0', 10, 1)])), 'steps');
    assert.equal(budgetSpent(fold([studyStarted(init), deadlineReached(5)])), 'deadline');
    const three = [0, 1, 2].map((i) => trialStarted(fakeTrial(String(i), { x: 0 }, { number: i })));
    assert.equal(budgetSpent(fold([studyStarted(init), ...three])), 'trials');
  });

  it("budget: cost adds up every trial's increases of its cost metric, then stops the running trials", () => {
    const costly = studyInit({ cost: { total: 5 } });
    const fit = (id: string, step: number, seconds: number) =>
      trialReported(id, report(step, { loss: 1, fit_seconds: seconds }), -1);
    const events = [studyStarted(costly), trialStarted(t0), trialStarted(t1), fit('0', 1, 1.5), fit('1', 1, 1)];
    let s = foldStudy(costly, events);
    assert.equal(s.costUsed, 2.5);
    assert.equal(budgetSpent(s), undefined);
    // Cumulative per trial: 1.5 -> 3 adds 1.5, a report without the metric adds nothing.
    s = reduceStudy(s, fit('0', 2, 3));
    s = reduceStudy(s, trialReported('1', report(2, { loss: 1 }), -1));
    assert.equal(s.costUsed, 4);
    s = reduceStudy(s, fit('1', 3, 2.5));
    assert.equal(s.costUsed, 5.5);
    assert.equal(budgetSpent(s), 'cost');
    assert.equal(hardStopped(s), true);
    // Another metric, named.
    const named = studyInit({ cost: { total: 10, metric: 'gpu_hours' } });
    const g = foldStudy(named, [
      studyStarted(named),
      trialStarted(t0),
      trialReported('0', report(1, { loss: 1, fit_seconds: 99, gpu_hours: 4 }), -1),
    ]);
    assert.equal(g.costUsed, 4);
    assert.equal(budgetSpent(g), undefined);
  });

  it('is pure: folding from an older state does not change newer ones (copy-on-branch log)', () => {
    const base = fold([studyStarted(init), trialStarted(t0)]);
    const a = reduceStudy(base, rep('0', 1, 0.5));
    const b = reduceStudy(base, trialEnded('0', 'failed'));
    assert.equal(a.log.size, 3);
    assert.equal(b.log.size, 3);
    assert.equal(a.log.at(2)?._tag, 'TrialReported');
    assert.equal(b.log.at(2)?._tag, 'TrialEnded');
    assert.equal(base.log.size, 2);
    assert.equal(base.trials.get('0')?.status, 'running');
    assert.deepEqual(
      allTrials(b).map((r) => r.status),
      ['failed'],
    );
  });

  it('AppendLog: since(cursor) returns only what a consumer has not seen', () => {
    const log = AppendLog.empty<number>().append(1).append(2).append(3);
    assert.deepEqual(log.since(1), [2, 3]);
    assert.deepEqual([...log], [1, 2, 3]);
  });
});
