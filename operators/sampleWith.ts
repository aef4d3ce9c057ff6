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

/** A source of configs: a pure sampler, or any Observable of configs (a list, a file, a service, a person). */
export type ConfigSource = Sampler<any> | Observable<Config>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Turns study states into trials: continuations first (Promote/Fork decisions, resumed from their
 * checkpoint), then fresh configs from `source`, one per free slot. It asks only when a slot is free
 * and the previous trial it emitted is already part of the state, so a model-based sampler never
 * samples on stale data. Completes when the budget is spent or the source is exhausted, nothing runs
 * and no continuation is pending. The sampler's RNG is derived from the study seed.
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
      let samplerState: unknown;
      let initialised = false;
      let exhausted = false;
      let externalDone = false;
      let awaiting: Trial | undefined;
      let last: StudyState<S> | undefined;
      const buffer: Config[] = [];

      // null = nothing to hand out now (exhausted, or an external source that has not sent more yet).
      const nextConfig = (state: StudyState<S>): Config | null => {
        if (isObservable(source)) {
          const c = buffer.shift();
          if (c === undefined) {
            if (externalDone) exhausted = true;
            return null;
          }
          const p = configProblems(state.space, c);
          if (p.length > 0) throw new InvalidOptionsError(`sampleWith: config ${show(c)}`, p);
          return c;
        }
        if (!initialised) {
          samplerState = source.init(state.space, rngFromSeed(derive(state.seed, `sampler:${source.name}`)));
          initialised = true;
        }
        const [config, next] = source.ask(samplerState, state);
        samplerState = next;
        if (config === null) exhausted = true;
        return config;
      };

      const emit = (t: Trial): void => {
        awaiting = t;
        subscriber.next(t as Trial<ConfigOf<S>>);
      };

      const onState = (state: StudyState<S>): void => {
        last = state;
        if (awaiting && state.trials.get(awaiting.id)?.trial !== awaiting) return;
        awaiting = undefined;
        const step = nextStep(state, exhausted);
        switch (step._tag) {
          case 'Continue':
            return emit(continuationTrial(state, step.continuation));
          case 'Ask': {
            const config = nextConfig(state);
            if (config !== null) return emit(freshTrial(state, config));
            if (nextStep(state, exhausted)._tag === 'Done') subscriber.complete();
            return;
          }
          case 'Done':
            return subscriber.complete();
          case 'Wait':
            return;
        }
      };
      const safely = (): void => {
        try {
          if (last && !awaiting) onState(last);
        } catch (e) {
          subscriber.error(e);
        }
      };

      const external = isObservable(source)
        ? source.subscribe({
            next: (c) => {
              buffer.push(c);
              safely();
            },
            error: (e: unknown) => subscriber.error(e),
            complete: () => {
              externalDone = true;
              safely();
            },
          })
        : undefined;
      // The study's feedback is trampolined on the queue scheduler: reacting in a queued action of our own
      // lets every event of one cause (a report, its decisions, the runs they end) reach the state first,
      // so trials start from the state `askTell` would ask from. `last` is always the newest state.
      let reacting = false;
      let queued: Subscription | undefined;
      const react = (): void => {
        reacting = false;
        queued = undefined;
        try {
          if (last) onState(last);
        } catch (e) {
          subscriber.error(e);
        }
      };
      const sub = states$.subscribe({
        next: (s) => {
          last = s;
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
