import { Observable, isObservable } from 'rxjs';
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
 * and no continuation is pending. The sampler's RNG is derived from the study seed. At the first state it
 * refuses, with an `InvalidOptionsError`, a study that could never end: a budget with no trials, steps or
 * deadline and a sampler that is not `finite` (an Observable source may complete, so it is allowed).
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

      // A budget with no trials, steps or deadline and a sampler that never runs out would run forever
      // (with a synchronous trainer, in one tick): refuse it at the first state, before any trial starts.
      let checked = false;
      const endless = (state: StudyState<S>): void => {
        checked = true;
        const b = state.budget;
        if (isObservable(source) || source.finite === true) return;
        if (b.trials !== undefined || b.steps !== undefined || b.deadline !== undefined) return;
        throw new InvalidOptionsError('study options', [
          `budget has no trials, steps or deadline and the sampler ${show(source.name)} never runs out: set budget.trials, budget.steps or budget.deadline (a sampler that does run out can say so with finite: true)`,
        ]);
      };

      const emit = (t: Trial): void => {
        awaiting = t;
        subscriber.next(t as Trial<ConfigOf<S>>);
      };

      const onState = (state: StudyState<S>): void => {
        if (!checked) endless(state);
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
      const sub = states$.subscribe({
        next: (s) => {
          last = s;
          try {
            onState(s);
          } catch (e) {
            subscriber.error(e);
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        sub.unsubscribe();
        external?.unsubscribe();
      };
    });
}
