import { describe, it } from 'node:test';
import { promote } from '../../lib/decision.js';
import type { Policy } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report } from '../../testing/fakeTrainer.js';
import { runsOf } from '../../testing/runsOf.js';
import { execute, fromPolicy } from '../../operators/index.js';
import { budgetGuard } from '../../operators/budgetGuard.js';
import { testScheduler } from '../helpers/timeline.js';
import { NEVER } from 'rxjs';

// Resumes a waiting trial P when A ends (what synchronous PBT and SHA cohorts do when a member fails).
const onEnd: Policy<null> = {
  name: 'onEnd',
  init: () => null,
  step: (s, e) => (e._tag === 'TrialEnded' ? { state: s, decisions: [promote('P', 0, 9)] } : noDecision(s)),
};

describe('fromPolicy: decisions caused by a run’s own end', () => {
  it('come just before its TrialEnded, in the same frame', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const A = cold('a 5ms |', { a: report(1, { loss: 0.5 }) });
      const out = runsOf({ cold }, '(A|)', { A }).pipe(fromPolicy(onEnd), execute());
      expectObservable(out).toBe('(sa) 2ms (pe|)', {
        s: trialStarted(fakeTrial('A')),
        a: trialReported('A', report(1, { loss: 0.5 }), -0.5),
        p: trialDecided(promote('P', 0, 9)),
        e: trialEnded('A', 'completed'),
      });
    }));

  it('survive operators after it that treat the run as over at its TrialEnded (budgetGuard)', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const A = cold('a 5ms #', { a: report(1, { loss: 0.5 }) }, new Error('died'));
      const out = runsOf({ cold }, '(A|)', { A }).pipe(fromPolicy(onEnd), budgetGuard(NEVER), execute());
      expectObservable(out).toBe('(sa) 2ms (pe|)', {
        s: trialStarted(fakeTrial('A')),
        a: trialReported('A', report(1, { loss: 0.5 }), -0.5),
        p: trialDecided(promote('P', 0, 9)),
        e: trialEnded('A', 'failed', { name: 'Error', message: 'died' }),
      });
    }));
});
