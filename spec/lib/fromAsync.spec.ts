// Plain async training loops as trainers: the loop ends on a stop without checks of its own.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { lastValueFrom, of, pipe, takeWhile, toArray } from 'rxjs';
import { float, fromAsync, noDecision, stop, InvalidOptionsError, TrialStoppedError } from '../../lib/index.js';
import type { Policy, Trainer, TrialControl, TrialEvent } from '../../lib/index.js';
import { execute, fromPolicy, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { fakeTrial } from '../../testing/index.js';
import { label } from '../helpers/timeline.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** Stops every trial on its report of `step`. */
const stopAt = (step: number): Policy<null> => ({
  name: `stopAt${step}`,
  init: () => null,
  step: (s, e) =>
    e._tag === 'TrialReported' && e.report.step === step
      ? { state: s, decisions: [stop(e.trialId, `step ${step}`)] }
      : noDecision(s),
});

const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;

describe('fromAsync', () => {
  it('reports each step; returning completes the trial', async () => {
    const trainer = fromAsync<{ x: number }>(async (trial, { report }) => {
      for (let step = 1; step <= 3; step++) {
        await tick();
        await report(step, { loss: trial.config.x / step });
      }
    });
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 1, budget: { trials: 2 } },
        pipe(sampleWith(randomSampler()), trainWith(trainer)),
      ).pipe(toArray()),
    );
    assert.deepEqual(events.map(label), [
      'study',
      'S 0',
      'R 0@1',
      'R 0@2',
      'R 0@3',
      'E 0 completed',
      'S 1',
      'R 1@1',
      'R 1@2',
      'R 1@3',
      'E 1 completed',
    ]);
  });

  it('with concurrency 2, async trials interleave at each await (a synchronous trainer would not)', async () => {
    const trainer = fromAsync<{ x: number }>(async (trial, { report }) => {
      for (let step = 1; step <= 2; step++) {
        await tick();
        await report(step, { loss: trial.config.x });
      }
    });
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 1, concurrency: 2, budget: { trials: 2 } },
        pipe(sampleWith(randomSampler()), trainWith(trainer)),
      ).pipe(toArray()),
    );
    const labels = events.map(label);
    // Both trials start before either reports: they share the one thread, taking turns at each await.
    assert.deepEqual(labels.slice(0, 3), ['study', 'S 0', 'S 1']);
    const sync = await lastValueFrom(
      study(
        { space, objective, seed: 1, concurrency: 2, budget: { trials: 2 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith(() => of({ step: 1, metrics: { loss: 1 } })),
        ),
      ).pipe(toArray()),
    );
    assert.deepEqual(sync.map(label), ['study', 'S 0', 'R 0@1', 'E 0 completed', 'S 1', 'R 1@1', 'E 1 completed']);
  });

  it("a scheduler's stop ends the loop on that report: code after it never runs, report rejects, signal aborts", async () => {
    const after: number[] = [];
    const outcomes: unknown[] = [];
    const abortedAt: Array<number | undefined> = [];
    const trainer = fromAsync<{ x: number }>(async (_trial, { report, signal }) => {
      signal.addEventListener('abort', () => abortedAt.push((signal.reason as TrialStoppedError).info.step));
      try {
        for (let step = 1; step <= 10; step++) {
          await tick();
          await report(step, { loss: 1 / step });
          after.push(step);
        }
      } catch (e) {
        outcomes.push(e);
        throw e; // propagating the stop is the normal way out, not a failure
      }
    });
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 1, budget: { trials: 1 } },
        pipe(sampleWith(randomSampler()), trainWith(trainer), fromPolicy(stopAt(3))),
      ).pipe(toArray()),
    );
    assert.deepEqual(events.map(label), ['study', 'S 0', 'R 0@1', 'R 0@2', 'R 0@3', 'D stop 0', 'E 0 stopped']);
    assert.deepEqual(abortedAt, [3]); // aborted on the decision's frame, before the study completed
    await tick(); // the rejection reaches the loop a microtask later
    assert.deepEqual(after, [1, 2]);
    assert.equal(outcomes.length, 1);
    const e = outcomes[0] as TrialStoppedError;
    assert.ok(e instanceof TrialStoppedError);
    assert.deepEqual(e.info, { trialId: '0', step: 3, onReport: true });
    assert.match(e.message, /trial 0: stopped on its report at step 3/);
  });

  it('a stop on a report made before the first await is seen too', async () => {
    let second: unknown;
    const trainer = fromAsync(async (_trial, { report }) => {
      const first = report(1, { loss: 1 }); // synchronous part of the function
      second = await report(2, { loss: 0.5 }).catch((e: unknown) => e);
      await first;
    });
    const reports = await lastValueFrom(
      trainer(fakeTrial('A')).pipe(
        takeWhile(() => false, true),
        toArray(),
      ),
    );
    assert.deepEqual(reports, [{ step: 1, metrics: { loss: 1 } }]);
    await tick();
    assert.ok(second instanceof TrialStoppedError);
  });

  it('unsubscribing aborts the signal between reports; a later report rejects; nothing is unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): number => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let control: TrialControl | undefined;
      let resumed: () => void = () => undefined;
      const waiting = new Promise<void>((r) => (resumed = r));
      const done = fromAsync(async (_trial, c) => {
        control = c;
        await c.report(1, { loss: 1 });
        await new Promise<void>((resolve) => c.signal.addEventListener('abort', () => resolve()));
        void c.report(2, { loss: 0.5 }); // fired and forgotten after the stop: must not crash the process
        resumed();
      });
      const seen: number[] = [];
      const sub = done(fakeTrial('A')).subscribe((r) => seen.push(r.step));
      await tick();
      sub.unsubscribe();
      await waiting;
      assert.deepEqual(seen, [1]);
      assert.ok(control?.signal.aborted);
      const reason = control?.signal.reason as TrialStoppedError;
      assert.ok(reason instanceof TrialStoppedError);
      assert.deepEqual(reason.info, { trialId: 'A', step: 1, onReport: false });
      await assert.rejects(control.report(3, { loss: 0.1 }), TrialStoppedError);
      await tick();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a throw fails the trial with its message; an error after a stop is not a failure; the study goes on', async () => {
    const trainer = fromAsync<{ x: number }>(async (trial, { report }) => {
      await tick();
      if (trial.number === 0) throw new Error('out of memory at step 1');
      if (trial.number === 1) {
        await report(1, { loss: 1 }).catch(() => undefined); // swallows the stop …
        throw new Error('cleanup failed'); // … and fails afterwards: the trial was already stopped
      }
      await report(1, { loss: 0.5 });
      if (trial.number === 2) throw 'a string';
    });
    const stopTrial1: Policy<null> = {
      name: 'stop1',
      init: () => null,
      step: (s, e) =>
        e._tag === 'TrialReported' && e.trialId === '1' ? { state: s, decisions: [stop('1', 'x')] } : noDecision(s),
    };
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 1, budget: { trials: 4 } },
        pipe(sampleWith(randomSampler()), trainWith(trainer), fromPolicy(stopTrial1)),
      ).pipe(toArray()),
    );
    const ends = events.filter((e): e is Extract<TrialEvent, { _tag: 'TrialEnded' }> => e._tag === 'TrialEnded');
    assert.deepEqual(
      ends.map((e) => [e.trialId, e.outcome, e.error?.message]),
      [
        ['0', 'failed', 'out of memory at step 1'],
        ['1', 'stopped', undefined],
        ['2', 'failed', '"a string"'],
        ['3', 'completed', undefined],
      ],
    );
  });

  it('a synchronous function works and a synchronous throw fails the trial', async () => {
    const ok = fromAsync((_t, { report }) => void report(1, { loss: 1 }));
    assert.deepEqual(await lastValueFrom(ok(fakeTrial('A')).pipe(toArray())), [{ step: 1, metrics: { loss: 1 } }]);
    const bad = fromAsync(() => {
      throw new TypeError('bad config');
    });
    const events = await lastValueFrom(trainWithOne(bad));
    assert.deepEqual(events.at(-1), {
      _tag: 'TrialEnded',
      trialId: 'A',
      outcome: 'failed',
      error: { name: 'TypeError', message: 'bad config' },
    });
  });

  it('checkpoints ride along; a non-function is an InvalidOptionsError', async () => {
    const t = fromAsync(async (_t, { report }) => void (await report(1, { loss: 1 }, 'ckpt-1')));
    assert.deepEqual(await lastValueFrom(t(fakeTrial('A'))), { step: 1, metrics: { loss: 1 }, checkpoint: 'ckpt-1' });
    assert.throws(() => fromAsync(42 as never), InvalidOptionsError);
  });
});

const trainWithOne = (trainer: Trainer): Observable<TrialEvent[]> =>
  of(fakeTrial('A')).pipe(trainWith(trainer), execute(), toArray());
