import type { Subscription } from 'rxjs';
import { Observable, isObservable, queueScheduler } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { StudyState } from '../lib/studyState.js';
import type { Sampler } from '../lib/sampler.js';
import type { ConfigOf, SearchSpace } from '../lib/searchSpace.js';
import { configProblems } from '../lib/searchSpace.js';
import type { Trial } from '../lib/trial.js';
import { derive, rngFromSeed } from '../lib/rng.js';
import { continuationTrial, freshTrial, nextStep } from '../lib/nextTrial.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import type { TrialStarted } from '../lib/trialEvent.js';
import { ReplayDivergedError, markReplayed } from '../lib/replayCoordinator.js';
import { sameJson } from '../lib/sameJson.js';

/** A source of configs: a pure sampler, or any Observable of configs (a list, a file, a service, a person). */
export type ConfigSource = Sampler<any> | Observable<Config>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Turns study states into trials: continuations first (Promote/Fork decisions, resumed from their
 * checkpoint), then fresh configs from `source`, one per free slot. It asks only when a slot is free
 * and the previous trial it emitted is already part of the state, so a model-based sampler never
 * samples on stale data. Completes when the budget is spent or the source is exhausted, nothing runs
 * and no continuation is pending. The sampler's RNG is derived from the study seed. At the first state it
 * refuses, with an `InvalidOptionsError`, a study that could never end: a budget with no trials, steps or
 * deadline and a sampler that is not `finite` (an Observable source may complete, so it is allowed).
 * In a study resumed from a journal (`study`'s `replay` option) it starts the journal's trials instead,
 * one at a time as the replay reaches them, asking the sampler as the live study did (so its state ends
 * up where it was; an Observable source drops the configs the journal used), then goes on as above.
 *
 * ```
 * states:  S0──S1──S2──S3──…      (concurrency 2)
 * trials:  T0──T1──────T2──…      (T2 when a slot frees)
 * ```
 *
 * ## Example
 * ```ts
 * study({ space, objective, budget: { trials: 50 } }, pipe(sampleWith(randomSampler()), trainWith(trainer)));
 * study({ space, objective }, pipe(sampleWith(from(knownConfigs)), trainWith(trainer)));
 * ```
 * @param source A sampler, or an Observable of configs pulled one per free slot.
 * @return A function that returns an Observable of the trials to run.
 */
export function sampleWith(
  source: ConfigSource,
): <S extends SearchSpace>(states$: Observable<StudyState<S>>) => Observable<Trial<ConfigOf<S>>> {
  return <S extends SearchSpace>(states$: Observable<StudyState<S>>) =>
    new Observable<Trial<ConfigOf<S>>>((subscriber) => {
      const feed = isObservable(source) ? observableFeed(source) : samplerFeed(source);
      // The trial emitted last, until the state contains it: asking before would use stale data.
      let awaiting: Trial | undefined;
      let last: StudyState<S> | undefined;

      // A budget with no trials, steps or deadline and a sampler that never runs out would run forever
      // (with a synchronous trainer, in one tick): refuse it at the first state, before any trial starts.
      let checked = false;
      const endless = (state: StudyState<S>): void => {
        checked = true;
        const b = state.budget;
        if (isObservable(source) || source.finite === true) return;
        if (b.trials !== undefined || b.steps !== undefined || b.deadline !== undefined || b.cost !== undefined) return;
        throw new InvalidOptionsError('study options', [
          `budget has no trials, steps, deadline or cost and the sampler ${show(source.name)} never runs out: set budget.trials, budget.steps, budget.deadline or budget.cost (a sampler that does run out can say so with finite: true)`,
        ]);
      };

      const replaying = (state: StudyState<S>): boolean => state.replay !== undefined && !state.replay.finished;
      const onState = (state: StudyState<S>): void => {
        if (!checked) endless(state);
        if (replaying(state)) return;
        if (awaiting && state.trials.get(awaiting.id)?.trial !== awaiting) return;
        awaiting = undefined;
        const step = nextStep(state, feed.exhausted);
        if (step._tag === 'Done') return subscriber.complete();
        if (step._tag === 'Wait') return;
        const trial = step._tag === 'Continue' ? continuationTrial(state, step.continuation) : fresh(state);
        if (trial) {
          awaiting = trial;
          subscriber.next(trial as Trial<ConfigOf<S>>);
        } else if (nextStep(state, feed.exhausted)._tag === 'Done') subscriber.complete();
      };
      // Replaying a journal: start the trial the journal started, asking the sampler as the live study did.
      let attached = false;
      const replayStart = (e: TrialStarted, index: number): void => {
        const state = last;
        if (!state?.replay) return;
        const t = e.trial;
        const known = state.trials.get(t.id);
        let trial: Trial;
        try {
          if (!known && t.segment === 0 && t.lineage.length === 0) {
            const config = feed.skip(state);
            // Concurrency 1 asked at this very state; with more, the live ask may have come earlier.
            if (state.concurrency === 1 && config !== undefined && !sameJson(config, t.config))
              throw new ReplayDivergedError(
                index,
                `TrialStarted(${t.id}) with config ${show(t.config)}`,
                `config ${show(config)} from the sampler`,
              );
            trial = freshTrial(state, t.config);
          } else {
            const c = state.pending.find((p) =>
              p._tag === 'Promote' ? p.trialId === t.id : !known && t.lineage[t.lineage.length - 1] === p.parent,
            );
            if (!c)
              throw new ReplayDivergedError(
                index,
                `TrialStarted(${t.id}, segment ${t.segment})`,
                'no pending continuation for it',
              );
            trial = continuationTrial(state, c);
          }
        } catch (err) {
          return subscriber.error(err);
        }
        awaiting = undefined;
        subscriber.next(markReplayed(trial, state.replay) as Trial<ConfigOf<S>>);
      };
      const goLive = (): void => {
        awaiting = undefined;
        reactNow();
      };

      const fresh = (state: StudyState<S>): Trial | undefined => {
        const config = feed.next(state);
        return config === null ? undefined : freshTrial(state, config);
      };

      // The study's feedback is trampolined on the queue scheduler: reacting in a queued action of our own
      // lets every event of one cause (a report, its decisions, the runs they end) reach the state first,
      // so trials start from the state `askTell` would ask from. `last` is always the newest state.
      let reacting = false;
      let queued: Subscription | undefined;
      const reactNow = (): void => {
        try {
          if (last) onState(last);
        } catch (e) {
          subscriber.error(e);
        }
      };
      const react = (): void => {
        reacting = false;
        queued = undefined;
        reactNow();
      };
      // An external source's configs arrive on their own schedule: each may fill a slot that waited.
      const external = feed.arrivals?.subscribe({
        next: () => {
          if (!awaiting) reactNow();
        },
        error: (e: unknown) => subscriber.error(e),
      });
      const sub = states$.subscribe({
        next: (s) => {
          last = s;
          if (!attached && s.replay !== undefined) {
            attached = true;
            s.replay.attachSampler(replayStart, goLive);
          }
          if (replaying(s)) return;
          if (reacting) return;
          reacting = true;
          const action = queueScheduler.schedule(react);
          if (reacting) queued = action;
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        queued?.unsubscribe();
        sub.unsubscribe();
        external?.unsubscribe();
      };
    });
}

/** Where fresh configs come from: `next` gives one, or null for none now; `exhausted` once none will come. */
interface ConfigFeed {
  readonly next: (state: StudyState) => Config | null;
  /** Replay: consumes the config the live study took for a journaled fresh trial (undefined if not known yet). */
  readonly skip: (state: StudyState) => Config | undefined;
  readonly exhausted: boolean;
  /** For an external source: notifies each arrival (and the end), and errors with the source. */
  readonly arrivals?: Observable<void>;
}

/** A pure sampler, initialised on the first ask with an RNG derived from the study seed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const samplerFeed = (sampler: Sampler<any>): ConfigFeed => {
  let state: { readonly value: unknown } | undefined;
  let exhausted = false;
  const feed: ConfigFeed = {
    skip: (study) => feed.next(study) ?? undefined,
    next: (study) => {
      const current = state
        ? state.value
        : sampler.init(study.space, rngFromSeed(derive(study.seed, `sampler:${sampler.name}`)));
      const [config, value] = sampler.ask(current, study) as readonly [Config | null, unknown];
      state = { value };
      if (config === null) exhausted = true;
      return config;
    },
    get exhausted() {
      return exhausted;
    },
  };
  return feed;
};

/** Any Observable of configs, buffered and handed out one per free slot, each checked against the space. */
const observableFeed = (source: Observable<Config>): ConfigFeed => {
  const buffer: Config[] = [];
  let done = false;
  let exhausted = false;
  // Configs the replayed journal already used, to drop as they arrive.
  let skipped = 0;
  return {
    skip: () => {
      const c = buffer.shift();
      if (c === undefined) skipped += 1;
      return c;
    },
    next: (study) => {
      const c = buffer.shift();
      if (c === undefined) {
        if (done) exhausted = true;
        return null;
      }
      const p = configProblems(study.space, c);
      if (p.length > 0) throw new InvalidOptionsError(`sampleWith: config ${show(c)}`, p);
      return c;
    },
    get exhausted() {
      return exhausted;
    },
    arrivals: new Observable<void>((s) =>
      source.subscribe({
        next: (c) => {
          if (skipped > 0) {
            skipped -= 1;
            return;
          }
          buffer.push(c);
          s.next();
        },
        error: (e: unknown) => s.error(e),
        complete: () => {
          done = true;
          s.next();
        },
      }),
    ),
  };
};
