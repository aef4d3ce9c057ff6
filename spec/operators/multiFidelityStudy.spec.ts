import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { pipe } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { float } from '../../lib/distribution.js';
import type { RngState } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { SchedulerOperator } from '../../lib/trialRun.js';
import type { Budget, TrialEvent } from '../../lib/trialEvent.js';
import type { StudyState } from '../../lib/studyState.js';
import { allTrials, foldStudy } from '../../lib/studyState.js';
import { eventMatcher } from '../../testing/eventMatcher.js';
import { learningCurveTrainer } from '../../testing/learningCurveTrainer.js';
import { asha } from '../../operators/asha.js';
import { hyperband } from '../../operators/hyperband.js';
import { medianStopping } from '../../operators/medianStopping.js';
import { percentileStopping } from '../../operators/percentileStopping.js';
import { sampleWith } from '../../operators/sampleWith.js';
import { study } from '../../operators/study.js';
import { successiveHalving } from '../../operators/successiveHalving.js';
import { trainWith } from '../../operators/trainWith.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';

const space = { x: float(0, 1), y: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;
// Crossing curves: fast starters (small y) are not the best at the end (x near 0.3 is).
const trainer = learningCurveTrainer<{ x: number; y: number }>({
  curve: (c, t) => (c.x - 0.3) ** 2 + 0.1 + (1 + c.y) * Math.exp(-t / (1 + 8 * c.y)),
  maxStep: 27,
});

const schedulers: Record<string, () => SchedulerOperator> = {
  medianStopping: () => medianStopping(),
  percentileStopping: () => percentileStopping({ percentile: 25, nStartupTrials: 3 }),
  successiveHalving: () => successiveHalving({ minStep: 1, maxStep: 27, reductionFactor: 3, cohortSize: 9 }),
  'asha stop': () => asha({ minStep: 1, maxStep: 27, reductionFactor: 3 }),
  'asha promote': () => asha({ minStep: 1, maxStep: 27, reductionFactor: 3, mode: 'promote' }),
  'asha promote, 2 brackets': () => asha({ minStep: 1, maxStep: 27, reductionFactor: 3, mode: 'promote', brackets: 2 }),
  'hyperband sync': () => hyperband({ minStep: 1, maxStep: 27, reductionFactor: 3 }),
  'hyperband stop': () => hyperband({ minStep: 1, maxStep: 27, reductionFactor: 3, mode: 'stop' }),
  'hyperband promote': () => hyperband({ minStep: 1, maxStep: 27, reductionFactor: 3, mode: 'promote' }),
};

interface Seen {
  readonly id: string;
  readonly status: string;
  readonly lastStep: number | undefined;
}

/** randomSampler, recording what it sees of paused and stopped trials at each ask. */
const spySampler = (seen: Seen[]): Sampler<RngState> => {
  const inner = randomSampler();
  return {
    name: 'random',
    init: inner.init,
    ask: (s, st) => {
      for (const r of allTrials(st))
        if (r.status === 'paused' || r.status === 'stopped')
          seen.push({ id: r.trial.id, status: r.status, lastStep: r.lastStep });
      return inner.ask(s, st);
    },
  };
};

const runStudy = (
  scheduler: () => SchedulerOperator,
  concurrency: number,
  budget: Budget,
  seen: Seen[] = [],
): { events: TrialEvent[]; completed: boolean; error?: unknown } => {
  const events: TrialEvent[] = [];
  let completed = false;
  let error: unknown;
  new TestScheduler(eventMatcher).run(({ flush }) => {
    study(
      { space, objective, seed: 'mf', concurrency, budget },
      pipe(sampleWith(spySampler(seen)), trainWith(trainer), scheduler()),
    ).subscribe({
      next: (e) => events.push(e as TrialEvent),
      error: (e: unknown) => (error = e),
      complete: () => (completed = true),
    });
    flush();
  });
  return { events, completed, error };
};

const finalState = (events: TrialEvent[]): StudyState => {
  const start = events[0];
  assert.ok(start?._tag === 'StudyStarted');
  return foldStudy(start, events);
};

describe('multi-fidelity studies end to end (study + sampleWith(randomSampler()) + learning-curve trainer)', () => {
  for (const [name, scheduler] of Object.entries(schedulers))
    for (const concurrency of [1, 3])
      it(`${name}, concurrency ${concurrency}: completes, trains no step twice, loses no paused trial`, () => {
        const seen: Seen[] = [];
        const { events, completed, error } = runStudy(scheduler, concurrency, { trials: 30 }, seen);
        assert.equal(error, undefined);
        assert.ok(completed, 'the study completes');
        // Every step of every trial is reported exactly once, over all its segments, and each
        // continuation resumes at the step its checkpoint holds, within its budget.
        const steps = new Map<string, number[]>();
        const segments = new Map<string, { startStep: number; budget: number | undefined }>();
        for (const e of events) {
          if (e._tag === 'TrialStarted') {
            const done = steps.get(e.trial.id) ?? [];
            assert.equal(e.trial.startStep, done.length === 0 ? 0 : done[done.length - 1], 'resumes at its checkpoint');
            if (e.trial.segment > 0) assert.equal(e.trial.resumeFrom, e.trial.startStep);
            segments.set(e.trial.id, { startStep: e.trial.startStep, budget: e.trial.budget });
          }
          if (e._tag === 'TrialReported') {
            const done = steps.get(e.trialId) ?? [];
            const seg = segments.get(e.trialId);
            assert.equal(e.report.step, done.length + 1, `trial ${e.trialId} trains each step once, in order`);
            assert.ok(seg && e.report.step <= (seg.budget ?? 27), 'a segment stops at its budget');
            steps.set(e.trialId, [...done, e.report.step]);
          }
        }
        const s = finalState(events);
        const reported = [...steps.values()].reduce((a, v) => a + v.length, 0);
        assert.equal(s.stepsUsed, reported, 'the study counts each trained step once');
        assert.equal(s.running.size, 0);
        assert.equal(s.pending.length, 0);
        assert.equal(s.fresh, 30);
        for (const r of allTrials(s)) {
          assert.ok(['completed', 'stopped', 'paused'].includes(r.status), `trial ${r.trial.id} is ${r.status}`);
          if (r.status === 'paused') assert.deepEqual(r.checkpoint, { step: r.lastStep, ref: r.lastStep });
          if (r.status === 'completed') assert.equal(r.lastStep, 27);
        }
        // The sampler saw every paused and stopped trial with its last step, as the study has it.
        for (const v of seen) assert.equal(typeof v.lastStep, 'number', `trial ${v.id} (${v.status}) without a step`);
        // Same seed, same events.
        assert.deepEqual(runStudy(scheduler, concurrency, { trials: 30 }).events, events);
      });

  it('the sampler sees paused and stopped trials with their last step (TPE uses them)', () => {
    const seen: Seen[] = [];
    runStudy(schedulers['asha promote'] as () => SchedulerOperator, 1, { trials: 30 }, seen);
    assert.ok(seen.some((v) => v.status === 'paused' && v.lastStep === 1));
    const seenStop: Seen[] = [];
    runStudy(schedulers['asha stop'] as () => SchedulerOperator, 1, { trials: 30 }, seenStop);
    assert.ok(seenStop.some((v) => v.status === 'stopped' && typeof v.lastStep === 'number'));
    const seenSh: Seen[] = [];
    runStudy(schedulers['successiveHalving'] as () => SchedulerOperator, 1, { trials: 30 }, seenSh);
    // A paused trial stopped at its cohort's rung is seen as stopped, with the step it paused at.
    assert.ok(seenSh.some((v) => v.status === 'stopped' && v.lastStep === 1));
  });

  it('a promoted trial resumes from its checkpoint with the next milestone as budget', () => {
    const { events } = runStudy(schedulers['successiveHalving'] as () => SchedulerOperator, 1, { trials: 9 });
    const continuations = events.flatMap((e) => (e._tag === 'TrialStarted' && e.trial.segment > 0 ? [e.trial] : []));
    // Cohort of 9, rungs 1, 3, 9: 3 promoted from step 1 to 3, 1 from 3 to 9, and it from 9 to 27.
    assert.deepEqual(
      continuations.map((t) => [t.segment, t.startStep, t.resumeFrom, t.budget]),
      [
        [1, 1, 1, 3],
        [1, 1, 1, 3],
        [1, 1, 1, 3],
        [2, 3, 3, 9],
        [3, 9, 9, 27],
      ],
    );
  });

  it('a step budget cuts the running trial; paused trials stay paused with their checkpoints', () => {
    const { events, completed } = runStudy(schedulers['asha promote'] as () => SchedulerOperator, 2, { steps: 100 });
    assert.ok(completed);
    const s = finalState(events);
    assert.equal(s.stepsUsed, 100);
    const paused = allTrials(s).filter((r) => r.status === 'paused');
    assert.ok(paused.length > 0);
    for (const r of paused) assert.equal(r.checkpoint?.step, r.lastStep);
    assert.equal(s.running.size, 0);
  });
});
