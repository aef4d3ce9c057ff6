import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, pipe, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Policy } from '../../lib/policy.js';
import type { SchedulerOperator } from '../../lib/trialRun.js';
import { float } from '../../lib/distribution.js';
import { eventMatcher } from '../../testing/eventMatcher.js';
import { report } from '../../testing/fakeTrainer.js';
import { learningCurveTrainer } from '../../testing/learningCurveTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { execute } from '../../operators/execute.js';
import { schedulerCoreChecks } from '../../testing/describeScheduler.js';
import { fromPolicy } from '../../operators/fromPolicy.js';
import { sampleWith } from '../../operators/sampleWith.js';
import { study } from '../../operators/study.js';
import { trainWith } from '../../operators/trainWith.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';

/** A TestScheduler asserting with the test kit's matcher. */
export const ts = (): TestScheduler => new TestScheduler(eventMatcher);

/** A report with the step as its checkpoint. */
export const rp = (step: number, loss: number) => report(step, { loss }, step);

/** The policy, except that it throws at the first report of trial `id` (a bug in a policy). */
export const throwingAt = <S>(policy: Policy<S>, id: string): Policy<S> => ({
  ...policy,
  step: (s, e) => {
    if (e._tag === 'TrialReported' && e.trialId === id) throw new Error(`policy bug at trial ${id}`);
    return policy.step(s, e);
  },
});

/**
 * The parts of the marble checklist every scheduler operator shares: the test kit's core checks (never,
 * empty, source error, early unsubscription cancelling every trainer on that frame), and a policy that
 * throws (the stream errors on that frame, trainers are unsubscribed, and inside a study the study errors).
 */
export const schedulerChecklist = <S>(operator: () => SchedulerOperator, policy: () => Policy<S>): void => {
  schedulerCoreChecks(operator, it);
  it('a policy that throws errors the stream on that frame and unsubscribes the running trainers', () => {
    let aEnded: number | undefined;
    ts().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const A = cold('10ms a 19ms b 9ms (c|)', { a: rp(1, 0.5), b: rp(2, 0.4), c: rp(3, 0.3) });
      const B = cold('20ms a 9ms (b|)', { a: rp(1, 0.45), b: rp(2, 0.4) });
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(fromPolicy(throwingAt(policy(), 'B')), execute());
      expectObservable(out.pipe(toArray())).toBe('20ms #', undefined, new Error('policy bug at trial B'));
      expectSubscriptions(B.subscriptions).toBe('^ 19ms !');
      flush();
      aEnded = A.subscriptions[0]?.unsubscribedFrame;
    });
    // A is still running unless the policy already paused or stopped it at step 1 (frame 10).
    assert.ok(aEnded === 20 || aEnded === 10, `A ended at ${aEnded}`);
  });
  it('a policy that throws errors the study', async () => {
    const run = study(
      { space: { x: float(0, 1) }, objective: { metric: 'loss', mode: 'min' }, seed: 1, budget: { trials: 3 } },
      pipe(
        sampleWith(randomSampler()),
        trainWith(learningCurveTrainer<{ x: number }>({ curve: (c, t) => c.x + 1 / t, maxStep: 3, stepDuration: 0 })),
        fromPolicy(throwingAt(policy(), '1')),
      ),
    );
    await assert.rejects(lastValueFrom(run), /policy bug at trial 1/);
  });
};
