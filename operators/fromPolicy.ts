import type { Observable } from 'rxjs';
import { defer, map } from 'rxjs';
import type { Policy } from '../lib/policy.js';
import type { SchedulerOperator, TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { TrialId } from '../lib/trial.js';
import type { PolicyScheduler } from '../lib/policyChain.js';
import { policiesOf } from '../lib/policyChain.js';
import { applyPolicy } from '../lib/applyPolicy.js';
import type { RunRelay } from './relayRun.js';
import { relayRun } from './relayRun.js';

/**
 * The single lifter from a pure {@link Policy} to a scheduler operator. Per subscription it holds the
 * policy state and applies the policy to every event of every run, in order, with {@link applyPolicy}
 * (the rule `askTell` follows too): the event, then one `TrialDecided` per decision in the same frame
 * (for a run's own `TrialEnded`, the decisions it causes come just before it, so they are not lost
 * downstream), and a run ends right after a terminal decision about it (its trainer is unsubscribed on
 * that frame, even a synchronous one, and `TrialEnded{stopped|paused}` follows). A terminal decision
 * about *another* running trial ends that run too, on the same frame. A policy that throws errors the
 * study (a bug is never swallowed). The operator carries its policy (`.policies`), so `askTell` can
 * run it too.
 *
 * ```
 * run A:  ──a────a────a────|
 * run B:  ──b────b────(b)          b's second report fails the rule
 * out B:  ──b────(bxe)|            x = TrialDecided(stop B), e = TrialEnded(B, stopped); trainer B: ^─────!
 * ```
 *
 * ## Example
 * ```ts
 * const stopSlow = fromPolicy(myPolicy({ threshold: 0.5 }));
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainer), stopSlow));
 * ```
 * @param policy The pure scheduler.
 * @return A function that returns the runs with the policy's decisions appended and cut where decided,
 *   carrying `policies: [policy]`.
 */
export const fromPolicy = <S>(policy: Policy<S>): PolicyScheduler =>
  Object.assign(
    <C>(runs$: Observable<TrialRun<C>>): Observable<TrialRun<C>> =>
      defer(() => {
        let state: S | undefined;
        let initialised = false;
        // The runs currently live through this operator, by trial id.
        const live = new Map<TrialId, RunRelay<C>>();
        const isLive = (id: TrialId): boolean => live.get(id)?.ended === false;

        const wrap = (run: TrialRun<C>): TrialRun<C> => ({
          trial: run.trial,
          events: relayRun<TrialEvent<C>, C>(run.trial.id, run.events, (self) => {
            const id = run.trial.id;
            live.set(id, self);
            self.add(() => {
              if (live.get(id) === self) live.delete(id);
            });
            return {
              next: (e) => {
                let out;
                try {
                  if (!initialised) {
                    state = policy.init(run.trial.study);
                    initialised = true;
                  }
                  const r = applyPolicy(policy, state as S, e, id, isLive);
                  state = r.state;
                  out = r.out;
                } catch (err) {
                  return self.error(err);
                }
                for (const o of out) live.get(o.run)?.emit(o.event);
              },
            };
          }),
        });

        return runs$.pipe(map(wrap));
      }),
    { policies: [policy] as const },
  );

/**
 * Chains scheduler operators made by {@link fromPolicy} into one, as `pipe()` does, keeping their
 * policies (in pipe order) so that `askTell` can run the same chain.
 *
 * ## Example
 * ```ts
 * const scheduler = chainSchedulers(hyperband({ maxStep: 27 }), medianStopping());
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainer), scheduler));
 * askTell({ ...options, sampler: randomSampler(), scheduler });
 * ```
 * @param schedulers Operators made by `fromPolicy`, or chains of them.
 * @return One operator applying them in order, carrying all their policies.
 * @throws InvalidOptionsError for an operator that carries no policy.
 */
export const chainSchedulers = (...schedulers: ReadonlyArray<SchedulerOperator>): PolicyScheduler => {
  const policies = policiesOf(schedulers, 'schedulers', 'chainSchedulers');
  const chained = <C>(runs$: Observable<TrialRun<C>>): Observable<TrialRun<C>> =>
    schedulers.reduce((acc: Observable<TrialRun<C>>, op) => op(acc), runs$);
  return Object.assign(chained, { policies });
};
