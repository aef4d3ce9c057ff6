// Async generators (and sync iterables) as trainers: a stop returns the iterator, so `finally` runs.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, of, pipe, take, takeWhile, toArray } from 'rxjs';
import { float, fromAsyncIterable, noDecision, stop, InvalidOptionsError } from '../../lib/index.js';
import type { MetricReport, Policy, Trial, TrialEvent, TrialStoppedError } from '../../lib/index.js';
import { execute, fromPolicy, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { fakeTrial } from '../../testing/index.js';
import { label } from '../helpers/timeline.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));
const stopAt3: Policy<null> = {
  name: 'stopAt3',
  init: () => null,
  step: (s, e) =>
    e._tag === 'TrialReported' && e.report.step === 3
      ? { state: s, decisions: [stop(e.trialId, 'step 3')] }
      : noDecision(s),
};
const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;

describe('fromAsyncIterable', () => {
  it('one report per yield; the generator ending completes the trial', async () => {
    async function* train(trial: Trial<{ x: number }>): AsyncGenerator<MetricReport> {
      for (let step = 1; step <= 2; step++) {
        await tick();
        yield { step, metrics: { loss: trial.config.x / step } };
      }
    }
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 3, budget: { trials: 2 } },
        pipe(sampleWith(randomSampler()), trainWith(fromAsyncIterable(train))),
      ).pipe(toArray()),
    );
    assert.deepEqual(events.map(label), [
      'study',
      'S 0',
      'R 0@1',
      'R 0@2',
      'E 0 completed',
      'S 1',
      'R 1@1',
      'R 1@2',
      'E 1 completed',
    ]);
  });

  it("a scheduler's stop returns the generator at its yield: finally runs, no further step starts, signal aborts", async () => {
    const started: number[] = [];
    let cleanedUp = 0;
    let signal: AbortSignal | undefined;
    async function* train(_t: Trial<{ x: number }>, s: AbortSignal): AsyncGenerator<MetricReport> {
      signal = s;
      try {
        for (let step = 1; step <= 10; step++) {
          started.push(step);
          await tick();
          yield { step, metrics: { loss: 1 / step } };
        }
      } finally {
        cleanedUp++;
      }
    }
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 3, budget: { trials: 1 } },
        pipe(sampleWith(randomSampler()), trainWith(fromAsyncIterable(train)), fromPolicy(stopAt3)),
      ).pipe(toArray()),
    );
    assert.deepEqual(events.map(label), ['study', 'S 0', 'R 0@1', 'R 0@2', 'R 0@3', 'D stop 0', 'E 0 stopped']);
    assert.ok(signal?.aborted);
    assert.deepEqual((signal?.reason as TrialStoppedError).info, { trialId: '0', step: 3, onReport: true });
    await tick();
    assert.equal(cleanedUp, 1);
    assert.deepEqual(started, [1, 2, 3]);
  });

  it('unsubscribing between reports aborts the signal and the generator still runs its finally', async () => {
    let cleanedUp = false;
    let signal: AbortSignal | undefined;
    let resumed: () => void = () => undefined;
    const settled = new Promise<void>((r) => (resumed = r));
    async function* train(_t: Trial, s: AbortSignal): AsyncGenerator<MetricReport> {
      signal = s;
      try {
        yield { step: 1, metrics: { loss: 1 } };
        // A long wait that honours the signal, as fetch or a child process would.
        await new Promise<void>((resolve) => s.addEventListener('abort', () => resolve()));
        yield { step: 2, metrics: { loss: 0.5 } };
        yield { step: 3, metrics: { loss: 0.25 } };
      } finally {
        cleanedUp = true;
        resumed();
      }
    }
    const seen: number[] = [];
    const sub = fromAsyncIterable(train)(fakeTrial('A')).subscribe((r) => seen.push(r.step));
    await tick();
    sub.unsubscribe();
    assert.ok(signal?.aborted);
    assert.deepEqual((signal?.reason as TrialStoppedError).info, { trialId: 'A', step: 1, onReport: false });
    await settled;
    assert.ok(cleanedUp);
    assert.deepEqual(seen, [1]);
  });

  it('a throw fails the trial with its message; an error after a stop is not a failure', async () => {
    async function* bad(): AsyncGenerator<MetricReport> {
      yield { step: 1, metrics: { loss: 1 } };
      await tick();
      throw new RangeError('diverged');
    }
    const events = await lastValueFrom(
      of(fakeTrial('A')).pipe(trainWith(fromAsyncIterable(bad)), execute(), toArray()),
    );
    assert.deepEqual(events.at(-1), {
      _tag: 'TrialEnded',
      trialId: 'A',
      outcome: 'failed',
      error: { name: 'RangeError', message: 'diverged' },
    });
    async function* noisyStop(_t: Trial, s: AbortSignal): AsyncGenerator<MetricReport> {
      yield { step: 1, metrics: { loss: 1 } };
      await new Promise<void>((resolve) => s.addEventListener('abort', () => resolve()));
      throw new Error('aborted mid-step');
    }
    const after = await lastValueFrom(fromAsyncIterable(noisyStop)(fakeTrial('B')).pipe(take(1), toArray()));
    assert.deepEqual(after, [{ step: 1, metrics: { loss: 1 } }]);
  });

  it('a synchronous generator is returned on a stop too (finally runs, later steps never run)', async () => {
    const started: number[] = [];
    let cleanedUp = false;
    function* train(): Generator<MetricReport> {
      try {
        for (let step = 1; step <= 10; step++) {
          started.push(step);
          yield { step, metrics: { loss: 1 / step } };
        }
      } finally {
        cleanedUp = true;
      }
    }
    // Unsubscribed synchronously on the report of step 3, as a scheduler operator does.
    const reports = await lastValueFrom(
      fromAsyncIterable(train)(fakeTrial('A')).pipe(
        takeWhile((r) => r.step < 3, true),
        toArray(),
      ),
    );
    assert.deepEqual(
      reports.map((r) => r.step),
      [1, 2, 3],
    );
    assert.deepEqual(started, [1, 2, 3]);
    assert.ok(cleanedUp);
  });

  it('a function that returns no iterable fails its trial; a non-function is an InvalidOptionsError', async () => {
    const events: TrialEvent[] = await lastValueFrom(
      of(fakeTrial('A')).pipe(trainWith(fromAsyncIterable(() => 42 as never)), execute(), toArray()),
    );
    const end = events.at(-1);
    assert.equal(end?._tag === 'TrialEnded' && end.outcome, 'failed');
    assert.match(end?._tag === 'TrialEnded' ? (end.error?.message ?? '') : '', /returned 42, not an iterable/);
    assert.throws(() => fromAsyncIterable('gen' as never), InvalidOptionsError);
  });
});
