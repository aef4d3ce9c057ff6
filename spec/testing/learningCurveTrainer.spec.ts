import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InvalidOptionsError } from '../../lib/errors.js';
import { eventMatcher } from '../../testing/eventMatcher.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { learningCurveTrainer } from '../../testing/learningCurveTrainer.js';

const curve = (c: { k: number }, t: number) => c.k / t;
const r = (step: number, k = 1) => ({ step, metrics: { loss: k / step }, checkpoint: step });

describe('learningCurveTrainer', () => {
  it('a fresh trial reports steps 1 … maxStep, one per stepDuration, each with its step as checkpoint', () =>
    new TestScheduler(eventMatcher).run(({ expectObservable }) => {
      const train = learningCurveTrainer({ curve, maxStep: 3, stepDuration: 2 });
      expectObservable(train(fakeTrial('A', { k: 1 }))).toBe('--a-b-(c|)', { a: r(1), b: r(2), c: r(3) });
    }));
  it('stops after its budget, and a continuation resumes at startStep + 1 up to the new budget', () =>
    new TestScheduler(eventMatcher).run(({ expectObservable }) => {
      const train = learningCurveTrainer({ curve, maxStep: 9 });
      expectObservable(train(fakeTrial('A', { k: 2 }, { budget: 2 }))).toBe('-a(b|)', { a: r(1, 2), b: r(2, 2) });
      const resumed = fakeTrial('A', { k: 2 }, { segment: 1, startStep: 2, resumeFrom: 2, budget: 4 });
      expectObservable(train(resumed)).toBe('-a(b|)', { a: r(3, 2), b: r(4, 2) });
    }));
  it('the same curve whether trained in one go or in segments (no step trained twice or skipped)', async () => {
    const train = learningCurveTrainer({ curve, maxStep: 9, stepDuration: 0 });
    const whole = await lastValueFrom(train(fakeTrial('A', { k: 3 })).pipe(toArray()));
    const parts = [];
    for (const [start, budget] of [
      [0, 1],
      [1, 3],
      [3, 9],
    ] as const) {
      const t = fakeTrial(
        'A',
        { k: 3 },
        start === 0 ? { budget } : { segment: 1, startStep: start, resumeFrom: start, budget },
      );
      parts.push(...(await lastValueFrom(train(t).pipe(toArray()))));
    }
    assert.deepEqual(parts, whole);
    assert.deepEqual(
      whole.map((x) => x.step),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });
  it('unsubscribing stops it before the next step', () =>
    new TestScheduler(eventMatcher).run(({ expectObservable }) => {
      const train = learningCurveTrainer({ curve, maxStep: 9 });
      expectObservable(train(fakeTrial('A', { k: 1 })), '^--!').toBe('-ab', { a: r(1), b: r(2) });
    }));
  it('a resume point that does not match its checkpoint fails the trial (it would train steps twice)', async () => {
    const train = learningCurveTrainer({ curve, maxStep: 9, stepDuration: 0 });
    await assert.rejects(
      lastValueFrom(train(fakeTrial('A', { k: 1 }, { segment: 1, startStep: 3, resumeFrom: 2 }))),
      /starts at step 3 but resumes from checkpoint 2/,
    );
    await assert.rejects(
      lastValueFrom(train(fakeTrial('A', { k: 1 }, { startStep: 3 }))),
      /starts at step 3 but resumes from checkpoint undefined/,
    );
  });
  it('a record of metrics is reported as is', async () => {
    const train = learningCurveTrainer<{ k: number }>({
      curve: (c, t) => ({ loss: c.k / t, acc: 1 - c.k / t }),
      maxStep: 2,
      stepDuration: 0,
    });
    assert.deepEqual(await lastValueFrom(train(fakeTrial('A', { k: 1 })).pipe(toArray())), [
      { step: 1, metrics: { loss: 1, acc: 0 }, checkpoint: 1 },
      { step: 2, metrics: { loss: 0.5, acc: 0.5 }, checkpoint: 2 },
    ]);
  });
  it('bad options name the field', () => {
    assert.throws(() => learningCurveTrainer({ curve, maxStep: 0 }), InvalidOptionsError);
    assert.throws(() => learningCurveTrainer({ curve, maxStep: 2.5 }), /maxStep must be an integer >= 1, got 2.5/);
    assert.throws(
      () => learningCurveTrainer({ curve, maxStep: 3, stepDuration: -1 }),
      /stepDuration must be a number >= 0/,
    );
  });
});
