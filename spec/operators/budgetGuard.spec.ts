import { describe, it } from 'node:test';
import type { Observable } from 'rxjs';
import { NEVER } from 'rxjs';
import { stop } from '../../lib/decision.js';
import type { StudyState } from '../../lib/studyState.js';
import { foldStudy } from '../../lib/studyState.js';
import {
  deadlineReached,
  studyStarted,
  trialDecided,
  trialEnded,
  trialReported,
  trialStarted,
} from '../../lib/trialEvent.js';
import { fakeTrial, report, runsOf } from '../../testing/index.js';
import { execute } from '../../operators/index.js';
import { budgetGuard } from '../../operators/budgetGuard.js';
import { testScheduler } from '../helpers/timeline.js';
import { studyInit } from '../helpers/studyInit.js';

const init = studyInit({ deadline: 10 });
const s0 = foldStudy(init, [studyStarted(init)]);
const spent = foldStudy(init, [studyStarted(init), deadlineReached(10)]);
const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = (step: number) => report(step, { loss: 1 });

describe('budgetGuard', () => {
  it('never and empty run streams', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const states = cold<StudyState>('a', { a: s0 });
      expectObservable(NEVER.pipe(budgetGuard(states), execute())).toBe('');
      expectObservable(runsOf({ cold }, '|', {}).pipe(budgetGuard(states), execute())).toBe('|');
    }));

  it('runs pass untouched while the budget lasts', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const states = cold<StudyState>('a', { a: s0 });
      const ta = cold('--a|', { a: r(1) });
      expectObservable(runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(budgetGuard(states), execute())).toBe(
        'w-a(e|)',
        {
          w: trialStarted(A),
          a: trialReported('A', r(1), -1),
          e: trialEnded('A', 'completed'),
        },
      );
    }));

  it('when the budget is spent, every running run is stopped on that frame and its trainer cancelled', () =>
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const states: Observable<StudyState> = hot('a---------b', { a: s0, b: spent });
      const ta = cold('------a------b|', { a: r(1), b: r(2) });
      const tb = cold('-------------a|', { a: r(1) });
      const out = runsOf({ cold }, '(AB|)', { A: ta, B: tb }, { trials: { A, B } }).pipe(
        budgetGuard(states),
        execute(),
      );
      expectObservable(out).toBe('(wx)--a---(styz|)', {
        w: trialStarted(A),
        x: trialStarted(B),
        a: trialReported('A', r(1), -1),
        s: trialDecided(stop('A', 'budget: deadline')),
        t: trialEnded('A', 'stopped'),
        y: trialDecided(stop('B', 'budget: deadline')),
        z: trialEnded('B', 'stopped'),
      });
      expectSubscriptions(ta.subscriptions).toBe('^---------!');
      expectSubscriptions(tb.subscriptions).toBe('^---------!');
    }));

  it('source error passes through; early unsubscribe cancels the trainer', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const states = cold<StudyState>('a', { a: s0 });
      expectObservable(runsOf({ cold }, '#', {}, { error: new Error('up') }).pipe(budgetGuard(states), execute())).toBe(
        '#',
        {},
        new Error('up'),
      );
      const ta = cold('-----a|', { a: r(1) });
      expectObservable(
        runsOf({ cold }, 'A|', { A: ta }, { trials: { A } }).pipe(budgetGuard(states), execute()),
        '^--!',
      ).toBe('w', {
        w: trialStarted(A),
      });
      expectSubscriptions(ta.subscriptions).toBe('^--!');
    }));
});
