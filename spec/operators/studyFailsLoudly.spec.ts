import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, asyncScheduler, from, lastValueFrom, map, of, pipe, throwError, timer, toArray } from 'rxjs';
import { categorical, float } from '../../lib/distribution.js';
import { InvalidOptionsError, StudyFailedError } from '../../lib/errors.js';
import { askTell } from '../../lib/askTell.js';
import { report } from '../../testing/fakeTrainer.js';
import { bestSoFar, fromPolicy, sampleWith, study, trainWith, trialTimeout } from '../../operators/index.js';
import type { Policy } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import { enqueue, gridSampler, randomSampler } from '../../strategies/index.js';
import { timeline } from '../helpers/timeline.js';

const space = { x: float(0, 1), act: categorical(['relu', 'tanh']) };
const objective = { metric: 'loss', mode: 'min' } as const;
const DAY = 24 * 3600_000;

describe('a study with no way to end', () => {
  it('budget: { n_trials } is refused by study() itself, naming the valid key', () => {
    assert.throws(
      () =>
        study(
          { space, objective, budget: { n_trials: 5 } } as never,
          pipe(
            sampleWith(randomSampler()),
            trainWith(() => of(report(1, { loss: 1 }))),
          ),
        ),
      /study options: budget: unknown option "n_trials" \(did you mean "trials"\?\)/,
    );
  });

  it('no trials, steps or deadline with a sampler that never runs out errors at subscribe, before any trial starts', () => {
    const seen: string[] = [];
    let error: unknown;
    // A synchronous trainer: without the check this subscribe would never return.
    study(
      { space, objective, budget: {} },
      pipe(
        sampleWith(randomSampler()),
        trainWith(() => of(report(1, { loss: 1 }))),
      ),
    ).subscribe({ next: (e) => seen.push(e._tag), error: (e: unknown) => (error = e) });
    assert.deepEqual(seen, ['StudyStarted']);
    assert.ok(error instanceof InvalidOptionsError);
    assert.equal(
      error.message,
      'study options: budget has no trials, steps, deadline or cost and the sampler "random" never runs out: set budget.trials, budget.steps, budget.deadline or budget.cost (a sampler that does run out can say so with finite: true)',
    );
  });

  it('a finite source needs no budget: a grid, queued configs before a grid, an Observable that completes', async () => {
    const trainer = trainWith((t: { config: { x: number } }) => of(report(1, { loss: t.config.x })));
    const grid = { x: float(0, 1, { step: 0.5 }) };
    const count = async (source: Parameters<typeof sampleWith>[0]) =>
      (
        await lastValueFrom(study({ space: grid, objective }, pipe(sampleWith(source), trainer)).pipe(toArray()))
      ).filter((e) => e._tag === 'TrialEnded').length;
    assert.equal(await count(gridSampler()), 3);
    assert.equal(await count(enqueue([{ x: 0.5 }], gridSampler())), 4);
    assert.equal(await count(from([{ x: 0 }, { x: 1 }])), 2);
    await assert.rejects(count(enqueue([{ x: 0.5 }], randomSampler())), /never runs out/);
  });
});

describe('failed trials fail the study loudly (failFast)', () => {
  const readme = (metric: string) =>
    study(
      { space, objective: { metric: 'loss', mode: 'min' }, seed: 42, budget: { trials: 50 }, concurrency: 4 },
      pipe(
        sampleWith(randomSampler()),
        trainWith((trial) => of({ step: 1, metrics: { [metric]: trial.config.x } })),
      ),
    );
  const failing = (fails: (n: number) => boolean, failFast?: boolean | number, distinct = false) =>
    lastValueFrom(
      study(
        failFast === undefined
          ? { space, objective, budget: { trials: 6 } }
          : { space, objective, budget: { trials: 6 }, failFast },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) =>
            fails(t.number)
              ? throwError(() => new Error(distinct ? `boom ${t.number}` : 'boom'))
              : of(report(1, { loss: 1 })),
          ),
        ),
      ).pipe(toArray()),
    );

  it('the README study with "Loss" for "loss" errors at once with a StudyFailedError naming the reason', async () => {
    const t0 = performance.now();
    const best: unknown[] = [];
    const ended: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      readme('Loss').subscribe({
        next: (e) => e._tag === 'TrialEnded' && ended.push(e.outcome),
        error: resolve,
        complete: () => resolve(undefined),
      }),
    );
    assert.ok(error instanceof StudyFailedError);
    assert.match(error.message, /trial 0: report at step 1 has no objective metric "loss" \(got \["Loss"\]\)/);
    assert.deepEqual([error.info.failed, error.info.completed], [3, 0]);
    assert.deepEqual(ended, ['failed', 'failed', 'failed']); // not 50: it stops at the third identical failure
    assert.ok(performance.now() - t0 < 2000);
    // What the README's consumers see: an error, not silence or a bare EmptyError.
    await assert.rejects(lastValueFrom(readme('Loss')), StudyFailedError);
    await assert.rejects(
      new Promise((resolve, reject) =>
        readme('Loss')
          .pipe(bestSoFar())
          .subscribe({ next: (b) => best.push(b), error: reject, complete: () => resolve(best) }),
      ),
      StudyFailedError,
    );
    assert.deepEqual(best, []);
  });

  it('failFast: true errors at the first failure, a number at that many failures, false never', async () => {
    const even = (n: number) => n % 2 === 0;
    await assert.rejects(failing(even, true), /study failed: a trial failed \(failFast: true\): trial 0: boom/);
    await assert.rejects(
      failing(even, 2),
      (e: unknown) => e instanceof StudyFailedError && e.info.failed === 2 && e.info.completed === 1,
    );
    const all = await failing(() => true, false);
    assert.equal(all.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'failed').length, 6);
  });

  it('by default failures beside a completed trial are only events; distinct failures with none completed fail at the end', async () => {
    const mixed = await failing((n) => n !== 1);
    assert.equal(mixed.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'failed').length, 5);
    await assert.rejects(
      failing(() => true, undefined, true),
      (e: unknown) =>
        e instanceof StudyFailedError &&
        e.message ===
          'study failed: no trial completed and 6 failed: trial 0: boom 0; trial 1: boom 1; trial 2: boom 2; 3 other failures. Every reason is in the TrialEnded events',
    );
  });

  it('askTell applies the same rule: ask() throws the StudyFailedError', () => {
    const s = askTell({ space, objective, sampler: randomSampler(), budget: { trials: 9 } });
    for (let i = 0; i < 3; i++) {
      const t = s.ask()!;
      s.report(t.id, 1, { Loss: 1 });
    }
    assert.throws(() => s.ask(), /trial 0: report at step 1 has no objective metric "loss" \(got \["Loss"\]\)/);
  });
});

describe('per-trial time limit (trialTimeout)', () => {
  it('a hung trainer fails its trial with TrialTimeout at the limit and the study goes on', () => {
    let n = 0;
    const lines = timeline(() =>
      study(
        { space, objective, budget: { trials: 2 }, trialTimeout: 10 },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => (n++ === 0 ? NEVER : timer(3).pipe(map(() => report(1, { loss: 1 }))))),
        ),
      ),
    );
    assert.deepEqual(lines, [
      '0: study',
      '0: S 0',
      '10: E 0 failed',
      '10: S 1',
      '13: R 1@1',
      '13: E 1 completed',
      '13: |',
    ]);
  });
});

describe('trialTimeout in the pipeline, before a scheduler', () => {
  it('the scheduler sees the TrialTimeout failure (the study option would cut after it)', () => {
    const seen: string[] = [];
    const recorder: Policy<null> = {
      name: 'recorder',
      init: () => null,
      step: (st, e) => {
        if (e._tag === 'TrialEnded') seen.push(`${e.trialId} ${e.outcome} ${e.error?.name ?? ''}`.trim());
        return noDecision(st);
      },
    };
    timeline(() =>
      study(
        { space, objective, budget: { trials: 2 }, failFast: false },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => NEVER),
          trialTimeout(10),
          fromPolicy(recorder),
        ),
      ),
    );
    assert.deepEqual(seen, ['0 failed TrialTimeout', '1 failed TrialTimeout']);
    assert.throws(() => trialTimeout(0), /trialTimeout: ms must be a number of milliseconds > 0, got 0/);
  });
});

describe('deadlines of any length', () => {
  it('a deadline past 2^31-1 ms fires at its virtual time, not at once', () => {
    const deadline = 2 ** 31 + 10;
    const lines = timeline(() =>
      study(
        { space, objective, budget: { deadline } },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => NEVER),
        ),
      ),
    );
    assert.deepEqual(lines, [
      '0: study',
      '0: S 0',
      `${deadline}: deadline`,
      `${deadline}: D stop 0`,
      `${deadline}: E 0 stopped`,
      `${deadline}: |`,
    ]);
  });

  it('with the real clock, a 30-day deadline does not fire during a short study', async () => {
    const events = await lastValueFrom(
      study(
        { space, objective, budget: { trials: 3, deadline: 30 * DAY }, scheduler: asyncScheduler },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => timer(5).pipe(map(() => report(1, { loss: 1 })))),
        ),
      ).pipe(toArray()),
    );
    assert.equal(events.filter((e) => e._tag === 'DeadlineReached').length, 0);
    assert.equal(events.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'completed').length, 3);
  });
});

describe('stopOn', () => {
  it('stops running trials with a decision and TrialEnded{stopped}, then completes', () => {
    const lines = timeline(() =>
      study(
        { space, objective, budget: { trials: 9 }, concurrency: 2, stopOn: timer(7) },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => NEVER),
        ),
      ),
    );
    assert.deepEqual(lines, [
      '0: study',
      '0: S 0',
      '0: S 1',
      '7: deadline',
      '7: D stop 0',
      '7: E 0 stopped',
      '7: D stop 1',
      '7: E 1 stopped',
      '7: |',
    ]);
  });
});

describe('askTell validates its options as study does', () => {
  for (const [what, options, message] of [
    ['concurrency 0', { concurrency: 0 }, /askTell options: concurrency must be an integer >= 1, got 0/],
    ['seed null', { seed: null }, /askTell options: seed must be a string or a finite number, got null/],
    ['a deadline', { budget: { deadline: 10 } }, /budget.deadline: the ask\/tell facade has no clock/],
    [
      'a bad objective mode',
      { objective: { metric: 'loss', mode: 'up' } },
      /objective.mode: "up" is not "min" \| "max"/,
    ],
    ['no sampler', { sampler: undefined }, /sampler must be a Sampler/],
  ] as const)
    it(`refuses ${what}`, () => {
      assert.throws(() => askTell({ space, objective, sampler: randomSampler(), ...options } as never), message);
      if (what !== 'a deadline' && what !== 'no sampler')
        assert.throws(
          () =>
            study(
              { space, objective, budget: { trials: 1 }, ...options } as never,
              sampleWith(randomSampler()) as never,
            ),
          new RegExp(message.source.replace('askTell options', 'study options')),
        );
    });
});
