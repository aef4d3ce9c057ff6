import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, pipe, take } from 'rxjs';
import { float } from '../../lib/distribution.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { studyStarted, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report } from '../../testing/index.js';
import { recordEvents, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { label, testScheduler } from '../helpers/timeline.js';
import { studyInit } from '../helpers/studyInit.js';

const init = studyInit({});
const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });
const r = report(1, { loss: 1 });
const unsubscribed = (id: string) =>
  trialEnded(id, 'stopped', { name: 'StudyUnsubscribed', message: 'the study was unsubscribed while the trial ran' });

describe('recordEvents', () => {
  it('passes every event through and hands it to the sink first', () =>
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const values = {
        s: studyStarted(init),
        a: trialStarted(A),
        r: trialReported('A', r, -1),
        e: trialEnded('A', 'completed'),
      };
      const sunk: TrialEvent[] = [];
      expectObservable(cold('s-a-r-e|', values).pipe(recordEvents((e) => sunk.push(e)))).toBe('s-a-r-e|', values);
      flush();
      assert.deepEqual(sunk, [values.s, values.a, values.r, values.e]);
    }));

  it('unsubscribed early, the sink gets one TrialEnded{stopped, StudyUnsubscribed} per trial still open, downstream nothing more', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const values = { s: studyStarted(init), a: trialStarted(A), b: trialStarted(B), e: trialEnded('A', 'completed') };
      const sunk: TrialEvent[] = [];
      const events = cold('s-a-b---e|', values);
      expectObservable(events.pipe(recordEvents((e) => sunk.push(e))), '^----!').toBe('s-a-b', values);
      expectSubscriptions(events.subscriptions).toBe('^----!');
      flush();
      assert.deepEqual(sunk, [values.s, values.a, values.b, unsubscribed('A'), unsubscribed('B')]);
    }));

  it('after completion nothing is added; after an error the open trials are closed with StudyErrored', () =>
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const values = { a: trialStarted(A), b: trialStarted(B), e: trialEnded('A', 'completed') };
      const done: TrialEvent[] = [];
      expectObservable(cold('a-e|', values).pipe(recordEvents((e) => done.push(e)))).toBe('a-e|', values);
      const errored: TrialEvent[] = [];
      expectObservable(cold('a-b#', values, new Error('boom')).pipe(recordEvents((e) => errored.push(e)))).toBe(
        'a-b#',
        values,
        new Error('boom'),
      );
      flush();
      assert.deepEqual(done, [values.a, values.e]);
      const closing = errored
        .slice(2)
        .map((e) => (e._tag === 'TrialEnded' ? `${e.trialId} ${e.outcome} ${e.error?.name}` : e._tag));
      assert.deepEqual(closing, ['A stopped StudyErrored', 'B stopped StudyErrored']);
    }));

  it('on a real study cut by take(), every trial the log saw start has an end in the log', () => {
    const ts = testScheduler();
    const log: TrialEvent<unknown>[] = [];
    ts.run(({ flush }) => {
      study(
        {
          space: { x: float(0, 1) },
          objective: { metric: 'loss', mode: 'min' },
          concurrency: 3,
          budget: { trials: 9 },
        },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => NEVER),
        ),
      )
        .pipe(
          recordEvents((e) => log.push(e)),
          take(3), // StudyStarted and two TrialStarted: the third trial starts on the same frame but is cut off
        )
        .subscribe();
      flush();
    });
    const started = log.filter((e) => e._tag === 'TrialStarted').length;
    assert.ok(started >= 2);
    assert.deepEqual(
      log.filter((e) => e._tag === 'TrialEnded').map(label),
      Array.from({ length: started }, (_, i) => `E ${i} stopped`),
    );
  });
});
