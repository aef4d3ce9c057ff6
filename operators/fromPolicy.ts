import type { Observable } from 'rxjs';
import { Observable as Obs, Subscription, defer, map } from 'rxjs';
import type { Policy } from '../lib/policy.js';
import type { SchedulerOperator, TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialDecided, trialEnded } from '../lib/trialEvent.js';
import { endOutcome, endedBy } from '../lib/decision.js';
import type { Decision } from '../lib/decision.js';
import type { TrialId } from '../lib/trial.js';

/**
 * The single lifter from a pure {@link Policy} to a scheduler operator. Per subscription it holds the
 * policy state, runs every event of every run through `policy.step` in order, emits the event and
 * then one `TrialDecided` per decision in the same frame (for a run's own `TrialEnded`, the decisions
 * it causes come just before it, so they are not lost downstream), and ends a run right after a terminal
 * decision about it (its trainer is unsubscribed on that frame, and `TrialEnded{stopped|paused}`
 * follows). A terminal decision about *another* running trial ends that run too, on the same frame.
 * A policy that throws errors the study (a bug is never swallowed).
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
 * @return A function that returns the runs with the policy's decisions appended and cut where decided.
 */
export const fromPolicy =
  <S>(policy: Policy<S>): SchedulerOperator =>
  <C>(runs$: Observable<TrialRun<C>>): Observable<TrialRun<C>> =>
    defer(() => {
      let state: S | undefined;
      let initialised = false;
      // Closers of the runs currently live through this operator, by trial id.
      const live = new Map<TrialId, (tail: TrialEvent<C>[]) => void>();

      const step = (e: TrialEvent<C>, trialRef: TrialRun<C>['trial']): readonly Decision[] => {
        if (!initialised) {
          state = policy.init(trialRef.study);
          initialised = true;
        }
        const r = policy.step(state as S, e as TrialEvent);
        state = r.state;
        return r.decisions;
      };

      const wrap = (run: TrialRun<C>): TrialRun<C> => ({
        trial: run.trial,
        events: new Obs<TrialEvent<C>>((subscriber) => {
          const id = run.trial.id;
          let ended = false;
          const inner = new Subscription();
          const close = (tail: TrialEvent<C>[]): void => {
            if (ended) return;
            ended = true;
            live.delete(id);
            for (const t of tail) subscriber.next(t);
            subscriber.complete();
            inner.unsubscribe();
          };
          live.set(id, close);
          inner.add(
            run.events.subscribe({
              next: (e) => {
                if (ended) return;
                let decisions: readonly Decision[];
                try {
                  decisions = step(e, run.trial);
                } catch (err) {
                  ended = true;
                  live.delete(id);
                  subscriber.error(err);
                  return;
                }
                // Decisions caused by a run's own end come before it: downstream (budgetGuard, execute) treats
                // the run as over at its TrialEnded, and the study must not look finished in between.
                const ownEnd = e._tag === 'TrialEnded' && e.trialId === id;
                if (ownEnd) {
                  ended = true;
                  live.delete(id);
                } else subscriber.next(e);
                let own: Decision | undefined;
                for (const d of decisions) {
                  const target = endedBy(d);
                  if (target === id && !ended) {
                    subscriber.next(trialDecided(d));
                    own ??= d;
                  } else {
                    subscriber.next(trialDecided(d));
                    if (target !== undefined) live.get(target)?.([trialEnded(target, endOutcome(d))]);
                  }
                }
                if (ownEnd) subscriber.next(e);
                if (own) close([trialEnded(id, endOutcome(own))]);
              },
              error: (err: unknown) => {
                live.delete(id);
                subscriber.error(err);
              },
              complete: () => {
                live.delete(id);
                subscriber.complete();
              },
            }),
          );
          if (ended) inner.unsubscribe();
          return () => {
            if (live.get(id) === close) live.delete(id);
            inner.unsubscribe();
          };
        }),
      });

      return runs$.pipe(map(wrap));
    });
