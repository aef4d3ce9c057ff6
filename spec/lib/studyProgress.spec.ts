import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { float } from '../../lib/distribution.js';
import type { StudyProgress } from '../../lib/studyProgress.js';
import { budgetProgress, initialProgress, reduceProgress } from '../../lib/studyProgress.js';
import type { Budget, TrialEvent } from '../../lib/trialEvent.js';
import { deadlineReached, studyStarted, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report } from '../../testing/index.js';

const started = (budget: Budget, mode: 'min' | 'max' = 'min') =>
  studyStarted({ seed: 0, objective: { metric: 'loss', mode }, concurrency: 2, budget, space: { x: float(0, 1) } });
const S = (id: string, overrides = {}) => trialStarted(fakeTrial(id, { x: 0 }, overrides));
const R = (id: string, step: number, loss: number, mode: 'min' | 'max' = 'min') =>
  trialReported(id, report(step, { loss }), mode === 'min' ? -loss : loss);
const C = (id: string, step: number, seconds: number) =>
  trialReported(id, report(step, { loss: 1, fit_seconds: seconds }), -1);
const fold = (events: TrialEvent[]): StudyProgress => events.reduce(reduceProgress, initialProgress);
const counts = (p: StudyProgress) => ({
  started: p.started,
  running: p.running,
  paused: p.paused,
  completed: p.completed,
  stopped: p.stopped,
  failed: p.failed,
  done: p.done,
  stepsUsed: p.stepsUsed,
  best: p.best && [p.best.trialId, p.best.value],
  live: p.live.size,
});

describe('reduceProgress', () => {
  // prettier-ignore
  const cases: Array<[string, TrialEvent[], Partial<ReturnType<typeof counts>>]> = [
    ['nothing yet', [], { started: 0, running: 0, done: 0, best: undefined, live: 0 }],
    ['a running trial', [started({}), S('0'), R('0', 1, 0.5)],
      { started: 1, running: 1, done: 0, stepsUsed: 1, best: undefined, live: 1 }],
    ['completed, stopped and failed trials; the best is the lowest loss of a completed trial',
      [started({}), S('0'), S('1'), S('2'), R('0', 3, 0.5), R('1', 1, 0.1), R('2', 2, 0.3), R('0', 4, 0.4),
        trialEnded('0', 'completed'), trialEnded('1', 'stopped'), trialEnded('2', 'failed', { name: 'Error', message: 'x' })],
      { started: 3, running: 0, completed: 1, stopped: 1, failed: 1, done: 3, stepsUsed: 7, best: ['0', 0.4], live: 0 }],
    ['a paused trial resumed (same id, next segment) counts once; its steps continue',
      [started({}), S('0'), R('0', 1, 0.5), trialEnded('0', 'paused'), S('0', { segment: 1, startStep: 1 }),
        R('0', 3, 0.2), trialEnded('0', 'completed')],
      { started: 1, running: 0, paused: 0, completed: 1, done: 1, stepsUsed: 3, best: ['0', 0.2], live: 0 }],
    ['while paused', [started({}), S('0'), R('0', 1, 0.5), trialEnded('0', 'paused')],
      { running: 0, paused: 1, done: 0, live: 1 }],
    ['a PBT child is not a fresh trial: it is not counted against the trial budget',
      [started({}), S('0'), trialEnded('0', 'completed'), S('1', { lineage: ['0'] }), trialEnded('1', 'completed')],
      { started: 1, completed: 2, done: 1 }],
    ['an event about an unknown trial changes nothing', [started({}), R('9', 1, 0.5), trialEnded('9', 'completed')],
      { started: 0, completed: 0, stepsUsed: 0, best: undefined }],
    ['a later, better trial replaces the best; a worse one does not',
      [started({}), S('0'), R('0', 1, 0.5), trialEnded('0', 'completed'), S('1'), R('1', 1, 0.2),
        trialEnded('1', 'completed'), S('2'), R('2', 1, 0.3), trialEnded('2', 'completed')],
      { best: ['1', 0.2] }],
  ];
  for (const [what, events, expected] of cases)
    it(what, () => {
      const got = counts(fold(events));
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, got[k as keyof typeof got]])), expected);
    });

  it("the best value is in the objective's own sign (max)", () => {
    const p = fold([started({}, 'max'), S('0'), R('0', 1, 0.9, 'max'), trialEnded('0', 'completed')]);
    assert.deepEqual(p.best, { trialId: '0', score: 0.9, value: 0.9 });
    const q = fold([started({}), S('0'), R('0', 1, 0.9), trialEnded('0', 'completed')]);
    assert.deepEqual(q.best, { trialId: '0', score: -0.9, value: 0.9 });
  });

  it('keeps the budget and objective of StudyStarted, and notes the deadline', () => {
    const p = fold([started({ trials: 5, deadline: 1000 }), deadlineReached(1000)]);
    assert.deepEqual(
      [p.budget, p.objective, p.deadlineReached],
      [{ trials: 5, deadline: 1000 }, { metric: 'loss', mode: 'min' }, true],
    );
  });
});

describe('budgetProgress', () => {
  const done = (n: number) =>
    Array.from({ length: n }, (_, i) => [S(String(i)), trialEnded(String(i), 'completed')]).flat();
  // prettier-ignore
  const cases: Array<[string, TrialEvent[], number, { fraction: number | undefined; etaMs: number | undefined }]> = [
    ['no budget: nothing to measure', [started({}), ...done(3)], 10_000, { fraction: undefined, etaMs: undefined }],
    ['trials: nothing done yet, no ETA', [started({ trials: 4 })], 10_000, { fraction: 0, etaMs: undefined }],
    ['trials: the rate so far', [started({ trials: 4 }), ...done(1)], 10_000, { fraction: 0.25, etaMs: 30_000 }],
    ['trials: no time passed, no ETA', [started({ trials: 4 }), ...done(1)], 0, { fraction: 0.25, etaMs: undefined }],
    ['trials: all done', [started({ trials: 2 }), ...done(2)], 10_000, { fraction: 1, etaMs: 0 }],
    ['steps', [started({ steps: 10 }), S('0'), R('0', 2, 1)], 4_000, { fraction: 0.2, etaMs: 16_000 }],
    ['cost: the increases of each trial\'s cost metric', [started({ cost: { total: 8 } }), S('0'), S('1'), C('0', 1, 1),
      C('1', 1, 0.5), C('0', 2, 2.5), R('1', 2, 1)], 6_000, { fraction: 0.375, etaMs: 10_000 }],
    ['deadline: the time left', [started({ deadline: 60_000 })], 15_000, { fraction: 0.25, etaMs: 45_000 }],
    ['deadline reached', [started({ deadline: 60_000 }), deadlineReached(60_000)], 60_001, { fraction: 1, etaMs: 0 }],
    ['several budgets: the most spent fraction, the earliest end',
      [started({ trials: 4, deadline: 60_000 }), ...done(2)], 10_000, { fraction: 0.5, etaMs: 10_000 }],
    ['several budgets, one without a rate yet', [started({ trials: 4, deadline: 60_000 })], 10_000,
      { fraction: 1 / 6, etaMs: 50_000 }],
  ];
  for (const [what, events, elapsed, expected] of cases)
    it(what, () => assert.deepEqual(budgetProgress(fold(events), elapsed), expected));
});
