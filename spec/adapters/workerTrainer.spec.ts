import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { VirtualTimeScheduler, firstValueFrom, lastValueFrom, pipe, take, toArray } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trial } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { DecodeError, InvalidOptionsError } from '../../lib/errors.js';
import { int } from '../../lib/distribution.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { FromWorkerCodec, TaskCodec, ToWorkerCodec, decodeOrThrow } from '../../adapters/workers/workerProtocol.js';
import { toShared } from '../../adapters/workers/toShared.js';
import { workerTrainer } from '../../adapters/workers/workerTrainer.js';
import type { BehaviourConfig } from './fixtures/behaviourWorker.js';

const MODULE = new URL('./fixtures/behaviourWorker.ts', import.meta.url);
const trial = (config: BehaviourConfig, id = 't', more: Partial<Trial<BehaviourConfig>> = {}) =>
  fakeTrial<BehaviourConfig>(id, config, { seed: 42, ...more });
const all = (o: ReturnType<ReturnType<typeof workerTrainer<BehaviourConfig>>>) => lastValueFrom(o.pipe(toArray()));
/** Resolves when `pred` holds, polling the event loop; behaviour, not timing: the bound is generous. */
const until = async (pred: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 2000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(pred(), `timed out waiting for ${what}`);
};

describe('workerTrainer', () => {
  const shared = toShared(new Float32Array(1000));
  // One pool for most cases: a single thread, so crashes and stops must leave it usable for the next.
  const trainer = workerTrainer<BehaviourConfig>(MODULE, { threads: 1, data: { shared }, graceMs: 2000 });
  after(() => trainer.close());

  it('streams every report live from a worker thread, then completes; data is shared, not copied', async () => {
    const reports = await all(trainer(trial({ mode: 'count', reports: 3 })));
    assert.deepEqual(
      reports.map((r) => r.step),
      [1, 2, 3],
    );
    const worker = reports[0]?.metrics['threadId'];
    assert.notEqual(worker, threadId, 'ran on another thread');
    assert.equal(reports[0]?.metrics['seed'], 42, 'the trial crossed intact');
    assert.equal(reports[0]?.metrics['shared'], 1000);
    assert.ok((shared[0] ?? 0) >= 1, 'a write by the worker is visible here: the buffer is shared');
    await trainer.whenIdle();
    assert.deepEqual(trainer.stats(), { running: 0, completed: 1, failed: 0, stopped: 0, aborted: 0 });
  });

  it('receives reports while the trial runs (not batched at the end)', async () => {
    const firstReport = await firstValueFrom(trainer(trial({ mode: 'forever', everyMs: 5 })));
    assert.equal(firstReport.step, 1);
    await trainer.whenIdle();
  });

  it('stops a trial cooperatively on unsubscribe: the worker is kept, no abort, the next trial runs', async () => {
    const before = trainer.stats();
    const seen: MetricReport[] = [];
    const sub = trainer(trial({ mode: 'forever', everyMs: 5 })).subscribe((r) => {
      seen.push(r);
      if (r.step === 2) sub.unsubscribe();
    });
    await until(() => trainer.stats().stopped === before.stopped + 1, 'the cooperative stop');
    assert.equal(trainer.stats().aborted, before.aborted);
    assert.deepEqual(
      seen.map((r) => r.step),
      [1, 2],
    );
    const next = await all(trainer(trial({ mode: 'count', reports: 1 })));
    assert.equal(next[0]?.metrics['threadId'], seen[0]?.metrics['threadId'], 'same worker thread, not replaced');
  });

  it('a crashing worker (process.exit) ends its trial as failed with the reason, and the pool goes on', async () => {
    await assert.rejects(all(trainer(trial({ mode: 'exit' }))), /worker failed: .*exited with code: 3/);
    const after = await all(trainer(trial({ mode: 'count', reports: 2 })));
    assert.deepEqual(
      after.map((r) => r.step),
      [1, 2],
    );
  });

  it('an uncaught exception in the worker fails the trial with its message; the pool goes on', async () => {
    await assert.rejects(all(trainer(trial({ mode: 'throwAsync' }))), /worker failed: Error: boom in a timer/);
    assert.equal((await all(trainer(trial({ mode: 'count', reports: 1 })))).length, 1);
  });

  it('a trainer error in the worker fails the trial with its name and message', async () => {
    await assert.rejects(all(trainer(trial({ mode: 'error' }))), (e: Error) => {
      assert.equal(e.name, 'RangeError');
      assert.equal(e.message, 'learning rate too high');
      return true;
    });
  });

  it('a malformed report is rejected by the codec at the boundary: the trial fails naming the field', async () => {
    await assert.rejects(all(trainer(trial({ mode: 'malformed' }))), (e: Error) => {
      assert.ok(e instanceof DecodeError, `${e.name}: ${e.message}`);
      assert.match(e.message, /worker message of trial t/);
      assert.match(e.message, /"one" supplied to .*step: number/);
      return true;
    });
    await trainer.whenIdle();
    assert.equal((await all(trainer(trial({ mode: 'count', reports: 1 })))).length, 1);
  });

  it('a report that cannot cross threads fails the trial, not the worker', async () => {
    await assert.rejects(all(trainer(trial({ mode: 'unclonable' }))), /could not be cloned/);
    assert.equal((await all(trainer(trial({ mode: 'count', reports: 1 })))).length, 1);
  });

  it('aborts a trial that ignores the stop after the grace period, in virtual time; the worker is replaced', async () => {
    const clock = new VirtualTimeScheduler();
    const t = workerTrainer<BehaviourConfig>(MODULE, { threads: 1, data: { shared }, graceMs: 1000, scheduler: clock });
    try {
      const first = await firstValueFrom(t(trial({ mode: 'stubborn' })));
      assert.equal(first.step, 1);
      // Unsubscribed (firstValueFrom) and sent Stop; the worker spins and cannot answer. Without the
      // virtual clock moving, it is never aborted: give it real time to prove that.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(t.stats(), { running: 1, completed: 0, failed: 0, stopped: 0, aborted: 0 });
      clock.flush(); // 1000 virtual ms pass: abort
      await t.whenIdle();
      assert.deepEqual(t.stats(), { running: 0, completed: 0, failed: 0, stopped: 0, aborted: 1 });
      const next = await all(t(trial({ mode: 'count', reports: 1 })));
      assert.notEqual(next[0]?.metrics['threadId'], first.metrics['threadId'], 'a new worker thread');
    } finally {
      await t.close();
    }
  });

  it('runs a study on the pool: trials in parallel, each ended once, the pool closed when the study ends', async () => {
    // The space's configs ({ reports }) are BehaviourConfigs whose mode defaults to 'count'.
    const t = workerTrainer<{ readonly reports: number }>(MODULE, { threads: 2, data: { shared } });
    const events: TrialEvent[] = await lastValueFrom(
      study(
        {
          space: { reports: int(1, 3) },
          objective: { metric: 'loss', mode: 'min' },
          seed: 3,
          concurrency: 2,
          budget: { trials: 4 },
        },
        pipe(sampleWith(randomSampler()), trainWith(t)),
      ).pipe(toArray()),
    );
    await t.close();
    const ended = events.filter((e) => e._tag === 'TrialEnded');
    assert.deepEqual(
      ended.map((e) => e._tag === 'TrialEnded' && e.outcome),
      ['completed', 'completed', 'completed', 'completed'],
    );
    const threads = new Set(events.flatMap((e) => (e._tag === 'TrialReported' ? [e.report.metrics['threadId']] : [])));
    assert.equal(threads.size, 2, 'both workers trained');
  });

  it('close() (or Symbol.asyncDispose) ends the threads; a later trial starts a new pool', async () => {
    const t = workerTrainer<BehaviourConfig>(MODULE, { threads: 1, data: { shared } });
    const before = await all(t(trial({ mode: 'count', reports: 1 })));
    await t[Symbol.asyncDispose]();
    const after = await all(t(trial({ mode: 'count', reports: 1 })));
    await t.close();
    assert.notEqual(after[0]?.metrics['threadId'], before[0]?.metrics['threadId']);
  });

  it('codecs reject malformed messages and tasks, naming the path', () => {
    assert.throws(() => decodeOrThrow(ToWorkerCodec, { _tag: 'Halt' }, 'to worker'), /to worker: .*"Halt"/);
    assert.throws(
      () => decodeOrThrow(FromWorkerCodec, { _tag: 'Report', report: { step: 1, metrics: { loss: '0.1' } } }, 'msg'),
      /"0\.1" supplied to .*metrics.*loss: number/,
    );
    assert.throws(() => decodeOrThrow(FromWorkerCodec, { _tag: 'Failed', error: 'x' }, 'msg'), DecodeError);
    assert.throws(() => decodeOrThrow(TaskCodec, { module: 'm', trial: {}, port: {} }, 'task'), /task: .*port/);
    const ok = decodeOrThrow(FromWorkerCodec, { _tag: 'Report', report: { step: 2, metrics: { loss: 0.5 } } }, 'msg');
    assert.deepEqual(ok, { _tag: 'Report', report: { step: 2, metrics: { loss: 0.5 } } });
  });

  it('rejects bad options by name', () => {
    assert.throws(() => workerTrainer(MODULE, { threads: 0 }), InvalidOptionsError);
    assert.throws(() => workerTrainer(MODULE, { graceMs: -1 }), /graceMs must be a number >= 0, got -1/);
    assert.throws(() => workerTrainer('./relative.ts'), /module must be a file: URL/);
  });

  it('takes only what it needs: take(1) stops the worker cooperatively', async () => {
    const before = trainer.stats().stopped;
    const r = await lastValueFrom(trainer(trial({ mode: 'forever' })).pipe(take(1)));
    assert.equal(r.step, 1);
    await trainer.whenIdle();
    assert.equal(trainer.stats().stopped, before + 1);
  });
});
