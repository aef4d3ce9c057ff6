import type { Config } from './config.js';
import type { Decision } from './decision.js';
import { endOutcome, endedBy } from './decision.js';
import type { Policy } from './policy.js';
import type { TrialId } from './trial.js';
import type { TrialEvent } from './trialEvent.js';
import { trialDecided, trialEnded } from './trialEvent.js';

/** One event an applied policy emits, on which trial's run, and whether that run ends with it. */
export interface PolicyOutput<C = Config> {
  /** The trial whose run carries the event (the event's own run, or the run a decision ends). */
  readonly run: TrialId;
  readonly event: TrialEvent<C>;
  /** The run is over after this event: close it (its trainer is unsubscribed). */
  readonly ends: boolean;
  /** For a `TrialEnded` a decision caused: that decision. */
  readonly decision?: Decision;
}

/** The result of {@link applyPolicy}: the policy's new state and what to emit, in order. */
export interface AppliedPolicy<S, C = Config> {
  readonly state: S;
  readonly out: ReadonlyArray<PolicyOutput<C>>;
}

/**
 * Applies a policy to one event of one run: the single rule every driver follows (`fromPolicy` for
 * streams, `askTell` for imperative code, your own driver). It steps the policy and returns, in order:
 *
 * - the event itself, then one `TrialDecided` per decision, all on the event's run;
 * - right after a terminal decision (Stop, Pause, Fork's `replaced`) about another trial whose run is
 *   live, that run's `TrialEnded{stopped|paused}`, which ends it;
 * - last, the run's own end: its own `TrialEnded` (decisions caused by a run's own end come just before
 *   it, so operators after this one, which treat the run as over at its `TrialEnded`, still see them),
 *   or the `TrialEnded` of the first terminal decision about it.
 *
 * A run ends at most once; decisions about trials that are not live (already ended, paused) end nothing.
 *
 * @example
 * ```ts
 * const { state, out } = applyPolicy(policy, s, trialReported('3', report, score), '3', (id) => running.has(id));
 * for (const o of out) { log.push(o.event); if (o.ends) running.delete(o.run); }
 * ```
 * @param policy The pure scheduler.
 * @param state Its current state (from `policy.init` for the first event).
 * @param event An event of run `run`.
 * @param run The trial whose run carries `event`.
 * @param isLive Whether another trial's run is live here (a decision about it ends it).
 * @return The new state and the outputs in emission order.
 */
export const applyPolicy = <S, C = Config>(
  policy: Policy<S>,
  state: S,
  event: TrialEvent<C>,
  run: TrialId,
  isLive: (id: TrialId) => boolean,
): AppliedPolicy<S, C> => {
  const step = policy.step(state, event as TrialEvent);
  const ownEnd = event._tag === 'TrialEnded' && event.trialId === run;
  const out: PolicyOutput<C>[] = ownEnd ? [] : [{ run, event, ends: false }];
  const ended = new Set<TrialId>();
  let own: Decision | undefined;
  for (const d of step.decisions) {
    out.push({ run, event: trialDecided(d), ends: false });
    const target = endedBy(d);
    if (target === undefined || ended.has(target)) continue;
    if (target === run) {
      if (!ownEnd) own ??= d;
    } else if (isLive(target)) {
      ended.add(target);
      out.push({ run: target, event: trialEnded(target, endOutcome(d)), ends: true, decision: d });
    }
  }
  if (ownEnd) out.push({ run, event, ends: true });
  else if (own) out.push({ run, event: trialEnded(run, endOutcome(own)), ends: true, decision: own });
  return { state: step.state, out };
};
