import { describe as nodeDescribe, it as nodeIt } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { NEVER, lastValueFrom, pipe, range, map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { float } from '../lib/distribution.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import type { Trial } from '../lib/trial.js';
import { endedBy } from '../lib/decision.js';
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
 * The conformance suite every scheduler operator must pass (ours and users'), in virtual time:
 * never and empty sources, source errors, early unsubscription cancelling every trainer on that frame,
 * a failing trainer ending as `TrialEnded{failed}` instead of a stream error, every run ending with
 * exactly one `TrialEnded`, identical output for identical input, and an end-to-end study where every
 * trial ends completed, stopped or paused and every promotion resumes from its checkpoint.
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
      assert.equal(endedA.length, 1);
      assert.ok(
        endedA[0]?._tag === 'TrialEnded' &&
          (endedA[0].outcome === 'failed' || endedA[0].outcome === 'stopped' || endedA[0].outcome === 'paused'),
      );
      assert.ok(
        events.some((e) => e._tag === 'TrialEnded' && e.trialId === 'B'),
        'B never ended',
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
      assert.equal(status.size >= 24, true);
      for (const [id, s] of status) assert.ok(['completed', 'stopped', 'paused'].includes(s), `trial ${id} ended ${s}`);
      assert.deepEqual(await run(), events);
    });
  });
};
