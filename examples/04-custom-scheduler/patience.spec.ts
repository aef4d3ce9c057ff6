// How a user marble-tests a custom scheduler with rxhpo/testing (see README "Testing your own scheduler").
import { describe, it } from 'node:test';
import { TestScheduler } from 'rxjs/testing';
import { stop, trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/index.js';
import { describeScheduler, eventMatcher, fakeTrial, report, runsOf } from '../../testing/index.js';
import { execute } from '../../operators/index.js';
import { patience } from './patience.js';

const A = fakeTrial('A', {}, { number: 0 });
const loss = (step: number, l: number) => report(step, { loss: l });
const seen = (step: number, l: number) => trialReported('A', loss(step, l), -l);

describe('patience scheduler', () => {
  it('stops a trial after 2 reports without improvement, on the frame of the second, and cancels its trainer', () =>
    new TestScheduler(eventMatcher).run(({ cold, expectObservable, expectSubscriptions }) => {
      const trainer = cold('a----b----c----d----e|', {
        a: loss(1, 0.5),
        b: loss(2, 0.4),
        c: loss(3, 0.45),
        d: loss(4, 0.41),
        e: loss(5, 0.3),
      });
      const out = runsOf({ cold }, 'A|', { A: trainer }, { trials: { A } }).pipe(patience(2), execute());
      // prettier-ignore
      expectObservable(out).toBe('(sa)-b----c----(dxe|)', {
        s: trialStarted(A), a: seen(1, 0.5), b: seen(2, 0.4), c: seen(3, 0.45), d: seen(4, 0.41),
        x: trialDecided(stop('A', 'no improvement in 2 reports')), e: trialEnded('A', 'stopped'),
      });
      expectSubscriptions(trainer.subscriptions).toBe('^--------------!');
    }));
});

describeScheduler('patience(2)', () => patience(2));
