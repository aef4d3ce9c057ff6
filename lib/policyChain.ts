import type { Config } from './config.js';
import type { Decision } from './decision.js';
import type { Policy } from './policy.js';
import type { StudyRef, TrialId } from './trial.js';
import type { SchedulerOperator } from './trialRun.js';
import type { TrialEvent } from './trialEvent.js';
import { applyPolicy } from './applyPolicy.js';
import { InvalidOptionsError, show } from './errors.js';

/**
 * A scheduler operator that carries the pure policies it applies, in pipe order. Every operator made by
 * `fromPolicy` (asha, hyperband, pbt, …) is one, and so is a `chainSchedulers` of them, which is what
 * lets `askTell` run the same schedulers a reactive study pipes.
 */
export interface PolicyScheduler extends SchedulerOperator {
  readonly policies: ReadonlyArray<Policy<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The policies a scheduler (or a list of schedulers, in pipe order) applies.
 *
 * @example
 * ```ts
 * policiesOf([hyperband({ maxStep: 27 }), medianStopping()]).map((p) => p.name); // ['hyperband', 'medianStopping']
 * ```
 * @param scheduler One operator, or a list in pipe order.
 * @param field How to name it in an error (default `scheduler`).
 * @param where Who is asking, for the error (default `policiesOf`).
 * @throws InvalidOptionsError naming the position of a function that carries no policy (a hand-written
 *   operator cannot be replayed outside a stream: lift a pure policy with `fromPolicy` instead).
 */
export const policiesOf = (
  scheduler: SchedulerOperator | ReadonlyArray<SchedulerOperator>,
  field = 'scheduler',
  where = 'policiesOf',
): ReadonlyArray<Policy<unknown>> => {
  const list: ReadonlyArray<unknown> = Array.isArray(scheduler) ? scheduler : [scheduler];
  const problems: string[] = [];
  const policies = list.flatMap((s, i) => {
    const p = (s as Partial<PolicyScheduler> | undefined)?.policies;
    if (typeof s === 'function' && Array.isArray(p)) return p as ReadonlyArray<Policy<unknown>>;
    const at = Array.isArray(scheduler) ? `${field}[${i}]` : field;
    problems.push(
      typeof s === 'function'
        ? `${at} is an operator that carries no policy (${s.name || 'anonymous'}): make it with fromPolicy(policy)`
        : `${at} must be a scheduler made by fromPolicy (asha, hyperband, …), got ${show(s)}`,
    );
    return [];
  });
  if (problems.length > 0) throw new InvalidOptionsError(where, problems);
  return policies;
};

/** What one event does once it has passed every policy of a chain. */
export interface ChainStep<C = Config> {
  /** The events that come out of the last policy, in order: what a study's log records. */
  readonly events: ReadonlyArray<TrialEvent<C>>;
  /** Runs a decision ended in this step, with the first decision that ended each. */
  readonly endedBy: ReadonlyMap<TrialId, Decision>;
}

/** A chain of policies driven one event at a time (see {@link policyChain}). */
export interface PolicyChain<C = Config> {
  /** Feeds one event of `run` through the chain. `study` initialises a policy on its first event. */
  feed(event: TrialEvent<C>, run: TrialId, study: StudyRef): ChainStep<C>;
}

const NONE: ReadonlyMap<TrialId, Decision> = new Map();

/**
 * Drives policies in pipe order exactly as chained scheduler operators do, without streams: each event
 * goes through {@link applyPolicy} for the first policy, and each of its outputs, depth first, through
 * the next, so every downstream policy sees the upstream's `TrialDecided` and `TrialEnded` events. A run
 * is live from its `TrialStarted` to its `TrialEnded`; once a policy ends it, the upstream policies
 * emit nothing more about it (as an unsubscribed upstream run would not). This is the `askTell` driver.
 *
 * @example
 * ```ts
 * const chain = policyChain(policiesOf([hyperband({ maxStep: 27 }), medianStopping()]));
 * const { events } = chain.feed(trialStarted(trial), trial.id, trial.study);
 * ```
 */
export const policyChain = <C = Config>(policies: ReadonlyArray<Policy<unknown>>): PolicyChain<C> => {
  const states: unknown[] = [];
  const ready: boolean[] = policies.map(() => false);
  const open = new Set<TrialId>();
  return {
    feed(event, run, study) {
      if (policies.length === 0) return { events: [event], endedBy: NONE };
      if (event._tag === 'TrialStarted' && event.trial.id === run) open.add(run);
      const closed = policies.map(() => new Set<TrialId>());
      const events: TrialEvent<C>[] = [];
      const endedBy = new Map<TrialId, Decision>();
      const liveAt = (k: number, id: TrialId): boolean => open.has(id) && !closed[k]!.has(id);
      const deliver = (k: number, on: TrialId, e: TrialEvent<C>): void => {
        const policy = policies[k];
        if (!policy) return void events.push(e);
        if (!liveAt(k, on)) return;
        if (!ready[k]) {
          states[k] = policy.init(study);
          ready[k] = true;
        }
        const r = applyPolicy(policy, states[k], e, on, (id) => liveAt(k, id));
        states[k] = r.state;
        for (const o of r.out) {
          if (!liveAt(k, o.run)) continue;
          if (o.ends) {
            // Ending a run at policy k unsubscribes it upstream too.
            for (let j = 0; j <= k; j++) closed[j]!.add(o.run);
            if (o.decision && !endedBy.has(o.run)) endedBy.set(o.run, o.decision);
          }
          deliver(k + 1, o.run, o.event);
        }
      };
      deliver(0, run, event);
      for (const c of closed) for (const id of c) open.delete(id);
      return { events, endedBy };
    },
  };
};
