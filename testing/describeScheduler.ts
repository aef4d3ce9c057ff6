import { describe as nodeDescribe, it as nodeIt } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { NEVER, lastValueFrom, pipe, range, map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { float } from '../lib/distribution.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded } from '../lib/trialEvent.js';
import type { Trial } from '../lib/trial.js';
import { endOutcome, endedBy } from '../lib/decision.js';
import { errorInfo } from '../lib/errors.js';
import type { PolicyScheduler } from '../lib/policyChain.js';
import { policiesOf } from '../lib/policyChain.js';
import { fromPolicy, chainSchedulers } from '../operators/fromPolicy.js';
import type { DriverSetup } from './schedulerDrivers.js';
import { askTellRun, jsonRoundTripped, reactiveRun } from './schedulerDrivers.js';
import { execute } from '../operators/execute.js';
import { study } from '../operators/study.js';
import { sampleWith } from '../operators/sampleWith.js';
import { trainWith } from '../operators/trainWith.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { eventMatcher } from './eventMatcher.js';
import { report } from './fakeTrainer.js';
import { runsOf } from './runsOf.js';
import type { SuiteFns } from './describeSampler.js';

/** Options of {@link describeScheduler}. */
export interface DescribeSchedulerOptions {
  /** The max step the curves of the end-to-end check run to (default 27). */
  readonly maxStep?: number;
  readonly suite?: SuiteFns;
}

const curve = (t: Trial, maxStep: number): Observable<MetricReport> => {
  const x = t.config['x'] as number;
  const from = t.startStep + 1;
  const to = Math.min(maxStep, t.budget ?? maxStep);
  return range(from, Math.max(0, to - from + 1)).pipe(
    map((step) => report(step, { loss: (x * x + 0.1) * (1 + 3 / step) }, step)),
  );
};

/**
 * The four marble checks every scheduler operator passes: never, empty, source error, and early
 * unsubscription cancelling every trainer on that frame. Part of {@link describeScheduler}.
 *
 * @internal
 */
export const schedulerCoreChecks = (
  factory: () => SchedulerOperator,
  it: (name: string, fn: () => void) => unknown,
): void => {
  const ts = () => new TestScheduler(eventMatcher);
  const r = (step: number, loss: number) => report(step, { loss }, step);
  it('never: a source that never emits gives an output that never emits', () =>
    ts().run(({ cold, expectObservable }) => {
      expectObservable(factory()(NEVER).pipe(execute())).toBe('');
      void cold;
    }));
  it('empty: an empty source completes', () =>
    ts().run(({ cold, expectObservable }) => {
      expectObservable(runsOf({ cold }, '|', {}).pipe(factory(), execute())).toBe('|');
    }));
  it('source error: passes the error through', () =>
    ts().run(({ cold, expectObservable }) => {
      expectObservable(runsOf({ cold }, '#', {}, { error: new Error('boom') }).pipe(factory(), execute())).toBe(
        '#',
        {},
        new Error('boom'),
      );
    }));
  // The first reports come after the unsubscribe frame, so a scheduler with a rung at step 1 cannot
  // legitimately have ended a run before it.
  it('early unsubscribe: every running trainer is cancelled on that frame', () =>
    ts().run(({ cold, expectSubscriptions }) => {
      const A = cold('-----a----b----c----d|', { a: r(1, 0.5), b: r(2, 0.4), c: r(3, 0.3), d: r(4, 0.2) });
      const B = cold('-----a----b----c----d|', { a: r(1, 0.6), b: r(2, 0.5), c: r(3, 0.4), d: r(4, 0.3) });
      const out = runsOf({ cold }, '(AB|)', { A, B }).pipe(factory(), execute());
      const sub = out.subscribe();
      cold('---a').subscribe(() => sub.unsubscribe());
      expectSubscriptions(A.subscriptions).toBe('^--!');
      expectSubscriptions(B.subscriptions).toBe('^--!');
    }));
};

/**
 * The conformance suite every scheduler operator must pass (ours and users'), in virtual time:
 * never and empty sources, source errors, early unsubscription cancelling every trainer on that frame,
 * a failing trainer ending as `TrialEnded{failed}` (or as the decision that ended it first) instead of
 * a stream error, every run ending with exactly one `TrialEnded`, identical output for identical input,
 * an end-to-end study where every trial ends completed, stopped or paused and every promotion resumes
 * from its checkpoint, and every Stop, Pause or Fork of a running trial unsubscribing its trainer on
 * the decision's frame. For an operator made by `fromPolicy` (it carries its policy), also: the
 * reactive study and `askTell`, driven by the same trainers in the same virtual time, give identical
 * full event logs, and the policy decides the same when its state goes through `JSON.stringify` and
 * `JSON.parse` before every step.
 *
 * @example
 * ```ts
 * describeScheduler('myScheduler', () => fromPolicy(myPolicy({ threshold: 0.5 })));
 * ```
 */
export const describeScheduler = (
  name: string,
  factory: () => SchedulerOperator,
  options: DescribeSchedulerOptions = {},
): void => {
  const { describe, it } = options.suite ?? { describe: nodeDescribe, it: nodeIt };
  const maxStep = options.maxStep ?? 27;
  const ts = () => new TestScheduler(eventMatcher);
  const r = (step: number, loss: number) => report(step, { loss }, step);

  describe(`scheduler conformance: ${name}`, () => {
    schedulerCoreChecks(factory, it);
    it('a trainer error ends its trial as failed; the stream goes on', () => {
      let events: TrialEvent[] = [];
      ts().run(({ cold, flush }) => {
        const A = cold('a----#', { a: r(1, 0.5) }, new Error('trainer died'));
        const B = cold('a----b----c|', { a: r(1, 0.6), b: r(2, 0.5), c: r(3, 0.4) });
        runsOf({ cold }, '(AB|)', { A, B })
          .pipe(factory(), execute(), toArray())
          .subscribe((e) => (events = e));
        flush();
      });
      const endedA = events.filter((e) => e._tag === 'TrialEnded' && e.trialId === 'A');
      assert.equal(endedA.length, 1, 'A must end exactly once');
      // A ends failed with the trainer's error, unless a decision ended it first (after its only report).
      const first = events.findIndex((e) => e._tag === 'TrialDecided' && endedBy(e.decision) === 'A');
      const decided = events[first];
      assert.deepEqual(
        endedA[0],
        decided?._tag === 'TrialDecided'
          ? trialEnded('A', endOutcome(decided.decision))
          : trialEnded('A', 'failed', errorInfo(new Error('trainer died'))),
      );
      assert.equal(
        events.filter((e) => e._tag === 'TrialEnded' && e.trialId === 'B').length,
        1,
        'B must end exactly once',
      );
    });
    it('every run ends exactly once, and decisions name known trials; output is deterministic', () => {
      const once = (): TrialEvent[] => {
        let events: TrialEvent[] = [];
        ts().run(({ cold, flush }) => {
          const runs: Record<string, Observable<MetricReport>> = {};
          const letters = 'ABCDEFGH';
          for (const [i, l] of [...letters].entries()) {
            const v = (k: number) => r(k, (i % 3) + 1 / k + i / 10);
            runs[l] = cold('a-b-c-d-e-f-g-h-i|', {
              a: v(1),
              b: v(2),
              c: v(3),
              d: v(4),
              e: v(5),
              f: v(6),
              g: v(7),
              h: v(8),
              i: v(9),
            });
          }
          runsOf({ cold }, 'A-B-C-D-E-F-G-H|', runs)
            .pipe(factory(), execute(), toArray())
            .subscribe((e) => (events = e));
          flush();
        });
        return events;
      };
      const events = once();
      const known = new Set(events.flatMap((e) => (e._tag === 'TrialStarted' ? [e.trial.id] : [])));
      for (const id of known)
        assert.equal(
          events.filter((e) => e._tag === 'TrialEnded' && e.trialId === id).length,
          1,
          `trial ${id} must end exactly once`,
        );
      for (const e of events)
        if (e._tag === 'TrialDecided') {
          const target = endedBy(e.decision) ?? (e.decision._tag === 'Promote' ? e.decision.trialId : undefined);
          assert.ok(target === undefined || known.has(target), `decision about unknown trial ${target}`);
        }
      assert.deepEqual(once(), events);
    });
    it('end to end: the study completes, every trial ends completed, stopped or paused, promotions resume', async () => {
      const run = () =>
        lastValueFrom(
          study(
            {
              space: { x: float(-2, 2) },
              objective: { metric: 'loss', mode: 'min' },
              seed: 5,
              concurrency: 3,
              budget: { trials: 24 },
            },
            pipe(
              sampleWith(randomSampler()),
              trainWith((t) => curve(t, maxStep)),
              factory(),
            ),
          ).pipe(toArray()),
        );
      const events = await run();
      const status = new Map<string, string>();
      const lastStep = new Map<string, number>();
      for (const e of events) {
        if (e._tag === 'TrialStarted') {
          status.set(e.trial.id, 'running');
          if (e.trial.segment > 0)
            assert.equal(e.trial.startStep, lastStep.get(e.trial.id), 'a promotion must resume from its checkpoint');
        }
        if (e._tag === 'TrialReported') lastStep.set(e.trialId, e.report.step);
        if (e._tag === 'TrialEnded') status.set(e.trialId, e.outcome);
        if (e._tag === 'TrialDecided' && e.decision._tag === 'Stop' && status.get(e.decision.trialId) === 'paused')
          status.set(e.decision.trialId, 'stopped');
      }
      const started = events.flatMap((e) => (e._tag === 'TrialStarted' && e.trial.segment === 0 ? [e.trial] : []));
      const forks = events.filter((e) => e._tag === 'TrialDecided' && e.decision._tag === 'Fork').length;
      assert.equal(started.filter((t) => t.lineage.length === 0).length, 24, 'exactly the 24 budgeted fresh trials');
      assert.equal(started.length - 24, forks, 'one child per Fork');
      assert.equal(status.size, started.length);
      for (const [id, s] of status) assert.ok(['completed', 'stopped', 'paused'].includes(s), `trial ${id} ended ${s}`);
      assert.deepEqual(await run(), events);
    });
    const setup: DriverSetup = { space: { x: float(-2, 2) }, seed: 5, trials: 24, concurrency: 3, maxStep };
    const carried = (): PolicyScheduler | undefined => {
      const op = factory();
      return Array.isArray((op as Partial<PolicyScheduler>).policies) ? (op as PolicyScheduler) : undefined;
    };
    it('every Stop and Pause of a running trial cancels its trainer on the decision’s frame', () => {
      const run = reactiveRun(factory(), setup);
      assert.equal(run.error, undefined);
      const segment = new Map<string, number>();
      run.events.forEach((e, i) => {
        if (e._tag === 'TrialStarted') segment.set(e.trial.id, e.trial.segment);
        if (e._tag === 'TrialEnded') segment.delete(e.trialId);
        if (e._tag !== 'TrialDecided' || e.decision._tag === 'Promote') return;
        const id = endedBy(e.decision) as string;
        const seg = segment.get(id);
        if (seg === undefined) return; // about a trial that is not running (paused, ended): nothing to cancel
        const trainer = run.trainers.find((t) => t.id === id && t.segment === seg);
        assert.ok(trainer, `no trainer for trial ${id} segment ${seg}`);
        assert.equal(trainer.completed, false, `trial ${id}: its trainer ran to its end despite ${e.decision._tag}`);
        assert.equal(trainer.unsubscribed, run.frames[i], `trial ${id}: trainer not cancelled on the decision's frame`);
      });
    });
    it('reactive study and ask/tell give identical event logs (same seed, same trainers, virtual time)', () => {
      const op = carried();
      if (!op) return; // a hand-written operator carries no policy: only a study can run it
      const reactive = reactiveRun(op, setup);
      assert.equal(reactive.error, undefined);
      assert.deepEqual(askTellRun(carried() as PolicyScheduler, setup), reactive.events);
    });
    it('policy state survives a JSON round trip: the same events give the same decisions', () => {
      const op = carried();
      if (!op) return;
      const plain = askTellRun(op, setup);
      const tripped = chainSchedulers(
        ...policiesOf(carried() as PolicyScheduler).map((p) => fromPolicy(jsonRoundTripped(p))),
      );
      assert.deepEqual(askTellRun(tripped, setup), plain);
    });
  });
};
