// The study's result, once, when it completes: never an EmptyError, even when every trial failed.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, of, pipe } from 'rxjs';
import { float, studyStarted, trialEnded, trialStarted } from '../../lib/index.js';
import { checkReport } from '../../lib/checkReport.js';
import type { StudyResult, TrialEvent } from '../../lib/index.js';
import { sampleWith, study, toResult, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { fakeTrial, report } from '../../testing/index.js';
import { testScheduler } from '../helpers/timeline.js';

const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;
const A = fakeTrial('A', { x: 0.5 }, { number: 0 });
const NONE = { running: 0, completed: 0, stopped: 0, paused: 0, failed: 0 };

describe('toResult', () => {
  it('emits one result when the events complete, with values in the loss sign', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const events = cold<TrialEvent>('s-a-r-e|', {
        s: studyStarted({ seed: 0, objective, concurrency: 1, budget: {}, space }),
        a: trialStarted(A),
        r: checkReport(A, report(1, { loss: 0.25 })),
        e: trialEnded('A', 'completed'),
      });
      const result: StudyResult = {
        trials: [{ number: 0, id: 'A', config: { x: 0.5 }, state: 'completed', lastStep: 1, value: 0.25 }],
        best: { number: 0, id: 'A', config: { x: 0.5 }, value: 0.25, step: 1, metrics: { loss: 0.25 } },
        counts: { ...NONE, completed: 1 },
      };
      expectObservable(events.pipe(toResult())).toBe('-------(r|)', { r: result });
    }));

  it('an empty stream, a stream without StudyStarted, and an error', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<TrialEvent>('|').pipe(toResult())).toBe('(r|)', {
        r: { trials: [], best: undefined, counts: NONE },
      });
      expectObservable(
        cold<TrialEvent>('a-e|', {
          a: trialStarted(A),
          e: trialEnded('A', 'failed', { name: 'Error', message: 'boom' }),
        }).pipe(toResult()),
      ).toBe('---(r|)', {
        r: {
          trials: [
            {
              number: 0,
              id: 'A',
              config: { x: 0.5 },
              state: 'failed',
              lastStep: undefined,
              value: undefined,
              error: 'boom',
            },
          ],
          best: undefined,
          counts: { ...NONE, failed: 1 },
        },
      });
      expectObservable(cold<TrialEvent>('a-#', { a: trialStarted(A) }).pipe(toResult())).toBe('--#');
    }));

  it('with failFast: false, a study whose trials all fail (a misspelled metric) gives a result naming why, not an EmptyError', async () => {
    const result = await lastValueFrom(
      study(
        { space, objective, seed: 1, budget: { trials: 3 }, failFast: false },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => of({ step: 1, metrics: { Loss: 1 } })),
        ),
      ).pipe(toResult()),
    );
    assert.equal(result.best, undefined);
    assert.deepEqual(result.counts, { ...NONE, failed: 3 });
    assert.deepEqual(
      result.trials.map((t) => t.error),
      [0, 1, 2].map((n) => `trial ${n}: report at step 1 has no objective metric "loss" (got ["Loss"])`),
    );
  });

  it('a max study: the best and every value in the accuracy sign; configs stay typed', async () => {
    const result = await lastValueFrom(
      study(
        { space, objective: { metric: 'acc', mode: 'max' }, seed: 2, budget: { trials: 5 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => of({ step: 1, metrics: { acc: t.config.x } })),
        ),
      ).pipe(toResult()),
    );
    const xs = result.trials.map((t) => t.config.x);
    assert.deepEqual(
      result.trials.map((t) => t.value),
      xs,
    );
    assert.equal(result.best?.value, Math.max(...xs));
    assert.equal(result.best?.config.x, Math.max(...xs));
  });
});
