import type { Subscription } from 'rxjs';
import { Observable, pipe, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { askTell } from '../lib/askTell.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { Policy } from '../lib/policy.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import type { Trial, TrialId } from '../lib/trial.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { study } from '../operators/study.js';
import { sampleWith } from '../operators/sampleWith.js';
import { trainWith } from '../operators/trainWith.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { report } from './fakeTrainer.js';

/** The study both drivers run: a one-parameter space, 24 trials, 3 at once, curves up to `maxStep`. */
export interface DriverSetup {
  readonly space: SearchSpace;
  readonly seed: number;
  readonly trials: number;
  readonly concurrency: number;
  readonly maxStep: number;
}

/** The loss of trial `t` at `step`: a learning curve that depends on its config. */
const lossOf = (t: Trial, step: number): number => {
  const x = t.config['x'] as number;
  return (x * x + 0.1) * (1 + 3 / step);
};
/** Virtual ms between two reports of a trial: unequal, so trials overtake each other. */
const periodOf = (t: Trial): number => 1 + (t.number % 3);
const lastStepOf = (t: Trial, maxStep: number): number => Math.min(maxStep, t.budget ?? maxStep);

/** When a trainer segment ran, in virtual frames. */
export interface TrainerRecord {
  readonly id: TrialId;
  readonly segment: number;
  readonly subscribed: number;
  unsubscribed?: number;
  /** True if the trainer completed on its own (it was not cut). */
  completed: boolean;
}

/** What the reactive driver saw: every event with its frame, and every trainer segment. */
export interface ReactiveRun {
  readonly events: ReadonlyArray<TrialEvent>;
  readonly frames: ReadonlyArray<number>;
  readonly trainers: ReadonlyArray<TrainerRecord>;
  readonly error?: unknown;
}

/**
 * Runs `study(pipe(sampleWith(randomSampler()), trainWith(curves), scheduler))` in virtual time: each
 * trainer reports one step every `periodOf(trial)` frames from `startStep + 1` to its budget, with the
 * step as checkpoint, and records when it was subscribed and unsubscribed.
 */
export const reactiveRun = (scheduler: SchedulerOperator, setup: DriverSetup): ReactiveRun => {
  const ts = new TestScheduler(() => undefined);
  const trainers: TrainerRecord[] = [];
  const frames: number[] = [];
  let events: TrialEvent[] = [];
  let error: unknown;
  const trainer = (t: Trial): Observable<MetricReport> =>
    new Observable<MetricReport>((sub) => {
      const rec: TrainerRecord = { id: t.id, segment: t.segment, subscribed: ts.now(), completed: false };
      trainers.push(rec);
      const last = lastStepOf(t, setup.maxStep);
      const done = (): void => {
        rec.completed = true;
        sub.complete();
      };
      let action: Subscription | undefined;
      if (t.startStep >= last) done();
      else
        action = ts.schedule(
          function (step = t.startStep + 1) {
            sub.next(report(step, { loss: lossOf(t, step) }, step));
            if (sub.closed) return;
            if (step >= last) done();
            else this.schedule(step + 1, periodOf(t));
          },
          periodOf(t),
          t.startStep + 1,
        );
      return () => {
        rec.unsubscribed = ts.now();
        action?.unsubscribe();
      };
    });
  study(
    {
      space: setup.space,
      objective: { metric: 'loss', mode: 'min' },
      seed: setup.seed,
      concurrency: setup.concurrency,
      budget: { trials: setup.trials },
      scheduler: ts,
    },
    pipe(sampleWith(randomSampler()), trainWith(trainer), scheduler),
  )
    .pipe(
      (s) =>
        new Observable<TrialEvent>((o) =>
          s.subscribe({
            next: (e) => {
              frames.push(ts.now());
              o.next(e as TrialEvent);
            },
            error: (e: unknown) => o.error(e),
            complete: () => o.complete(),
          }),
        ),
      toArray(),
    )
    .subscribe({ next: (e) => (events = e), error: (e: unknown) => (error = e) });
  ts.flush();
  return error === undefined ? { events, frames, trainers } : { events, frames, trainers, error };
};

/**
 * Drives `askTell` exactly as {@link reactiveRun} drives the study: the same trainers in the same
 * virtual time, timers fired in (time, creation) order as rxjs's virtual scheduler fires them, new
 * trials asked whenever a slot is free, a trial whose run a decision ended no longer reported.
 */
export const askTellRun = (
  scheduler: SchedulerOperator | ReadonlyArray<SchedulerOperator>,
  setup: DriverSetup,
): ReadonlyArray<TrialEvent> => {
  const s = askTell({
    space: setup.space,
    objective: { metric: 'loss', mode: 'min' },
    sampler: randomSampler(),
    seed: setup.seed,
    concurrency: setup.concurrency,
    budget: { trials: setup.trials },
    scheduler,
  });
  interface Tick {
    readonly time: number;
    readonly seq: number;
    readonly trial: Trial;
    readonly step: number;
  }
  let queue: Tick[] = [];
  let seq = 0;
  let now = 0;
  const isRunning = (t: Trial): boolean => {
    const r = s.state.trials.get(t.id);
    return r?.status === 'running' && r.trial.segment === t.segment;
  };
  const fill = (): void => {
    while (s.state.running.size < setup.concurrency) {
      const t = s.ask() as Trial | undefined;
      if (!t) return;
      if (t.startStep >= lastStepOf(t, setup.maxStep)) s.tell(t.id);
      else queue.push({ time: now + periodOf(t), seq: seq++, trial: t, step: t.startStep + 1 });
    }
  };
  fill();
  while (queue.length > 0) {
    queue.sort((a, b) => a.time - b.time || a.seq - b.seq);
    const tick = queue.shift() as Tick;
    if (!isRunning(tick.trial)) continue;
    now = tick.time;
    const { trial: t, step } = tick;
    s.report(t.id, step, { loss: lossOf(t, step) }, step);
    fill();
    if (!isRunning(t)) continue;
    if (step >= lastStepOf(t, setup.maxStep)) {
      s.tell(t.id);
      fill();
    } else queue.push({ time: now + periodOf(t), seq: seq++, trial: t, step: step + 1 });
    queue = queue.filter((q) => isRunning(q.trial));
  }
  return s.events as ReadonlyArray<TrialEvent>;
};

/**
 * The policy, with its state sent through `JSON.stringify` and `JSON.parse` before every step (and after
 * `init`): a policy whose state survives that decides exactly as the original.
 */
export const jsonRoundTripped = <S>(policy: Policy<S>): Policy<S> => {
  const trip = (s: S): S => {
    const text = JSON.stringify(s);
    return (text === undefined ? undefined : JSON.parse(text)) as S;
  };
  return {
    name: policy.name,
    init: (study) => trip(policy.init(study)),
    step: (s, e) => {
      const r = policy.step(trip(s), e);
      return { state: trip(r.state), decisions: r.decisions };
    },
  };
};
