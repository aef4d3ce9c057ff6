import { describe, it } from 'node:test';
import { NEVER } from 'rxjs';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report } from '../../testing/index.js';
import { bestSoFar } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';

const t = (id: string, x: number) => fakeTrial(id, { x });
const rep = (id: string, loss: number) => trialReported(id, report(1, { loss }), -loss);

describe('bestSoFar', () => {
  it('never, empty, error', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(NEVER.pipe(bestSoFar())).toBe('');
      expectObservable(cold<TrialEvent>('|').pipe(bestSoFar())).toBe('|');
      expectObservable(cold<TrialEvent>('#').pipe(bestSoFar())).toBe('#');
    }));

  it('emits the incumbent only when a completed trial beats it; stopped, paused and failed trials never count', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      // prettier-ignore
      const events = cold<TrialEvent>('abcdefghijklm|', {
        a: trialStarted(t('0', 5)), b: rep('0', 5), c: trialEnded('0', 'completed'),
        d: trialStarted(t('1', 3)), e: rep('1', 3), f: trialEnded('1', 'completed'),
        g: trialStarted(t('2', 4)), h: rep('2', 4), i: trialEnded('2', 'completed'),
        j: trialStarted(t('3', 1)), k: rep('3', 1), l: trialEnded('3', 'stopped'),
        m: trialEnded('9', 'failed'),
      });
      const best = (id: string, x: number, finished: number) => ({
        trialId: id,
        config: { x },
        value: x,
        score: -x,
        step: 1,
        metrics: { loss: x },
        finished,
      });
      expectObservable(events.pipe(bestSoFar())).toBe('--x--y-------|', { x: best('0', 5, 1), y: best('1', 3, 2) });
    }));

  it('early unsubscribe unsubscribes the source', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const events = cold<TrialEvent>('a---b', { a: trialStarted(t('0', 1)), b: rep('0', 1) });
      expectObservable(events.pipe(bestSoFar()), '^-!').toBe('');
      expectSubscriptions(events.subscriptions).toBe('^-!');
    }));
});
