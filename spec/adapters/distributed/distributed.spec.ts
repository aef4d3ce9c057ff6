import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Observable } from 'rxjs';
import { lastValueFrom, toArray } from 'rxjs';
import type { MetricReport } from '../../../lib/metricReport.js';
import type { Trial } from '../../../lib/trial.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { readJournal } from '../../../adapters/node/journalFile.js';
import {
  distributedTrainer,
  startDistributedWorker,
  RedisUnavailableError,
} from '../../../adapters/distributed/index.js';
import { jobIdOf, PREFIX } from '../../../adapters/distributed/distributedProtocol.js';
import { workerCommand } from '../../../cli/commands/worker.js';
import { main as durableMain } from '../../../examples/durable/study.js';
import { main as distributedMain } from '../../../examples/distributed/study.js';
import type { TestRedis } from '../../helpers/redisServer.js';
import { redisSkipReason, startTestRedis } from '../../helpers/redisServer.js';

const ROOT = join(import.meta.dirname, '../../..');
const LAUNCHER = join(import.meta.dirname, 'fixtures/workerLauncher.ts');
const NOOP = join(import.meta.dirname, 'fixtures/noopTrainer.ts');
const SYNTHETIC = join(ROOT, 'examples/distributed/trainer.ts');
const STUDY = join(ROOT, 'examples/distributed/study.ts');

const skip = redisSkipReason();
if (skip) console.log(`# distributed specs skipped: ${skip}`);

interface Proc {
  readonly proc: ChildProcess;
  readonly output: () => string;
  readonly waitFor: (re: RegExp, ms?: number) => Promise<void>;
  readonly exit: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const trialOf = (id: string, config: unknown, budget?: number): Trial<never> =>
  ({
    id,
    number: 0,
    config,
    seed: 1,
    segment: 0,
    startStep: 0,
    lineage: [],
    study: { seed: 1, objective: { metric: 'loss', mode: 'min' } },
    ...(budget === undefined ? {} : { budget }),
  }) as unknown as Trial<never>;

const CONFIG = { lr: 0.03, momentum: 0.9, width: 64 };

describe('rxhpo/distributed over a real Redis and worker processes', { skip: skip ?? false, timeout: 300_000 }, () => {
  let redis: TestRedis;
  let dir = '';
  const procs: Proc[] = [];

  const launch = (args: string[], env: Record<string, string> = {}): Proc => {
    let out = '';
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const waitFor = async (re: RegExp, ms = 30_000): Promise<void> => {
      const until = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${re} in:\n${out}`);
        await sleep(20);
      }
    };
    const p = { proc, output: () => out, waitFor, exit };
    procs.push(p);
    return p;
  };
  const worker = async (queue: string, module: string, env: Record<string, string> = {}, extra: string[] = []) => {
    const w = launch([LAUNCHER, '--redis', redis.url, '--module', module, '--queue', queue, ...extra], env);
    await w.waitFor(/takes trials from queue/);
    return w;
  };

  before(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-dist-'));
  });
  after(async () => {
    for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails before any work with a named error that names the URL (password masked) when Redis is unreachable', async () => {
    const url = 'redis://:hunter2@127.0.0.1:1';
    await assert.rejects(distributedTrainer({ redis: url, study: 's', connectTimeoutMs: 1500 }), (e: unknown) => {
      assert.ok(e instanceof RedisUnavailableError);
      assert.match(e.message, /redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
      assert.doesNotMatch(e.message, /hunter2/);
      return true;
    });
    let err = '';
    const code = await workerCommand.run(['--redis', url, '--module', NOOP], {
      out: () => undefined,
      err: (s) => (err += s),
    });
    assert.equal(code, 1);
    assert.match(err, /RedisUnavailableError: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    await assert.rejects(distributedTrainer({ redis: 'http://x', study: 'a:b' }), (e: unknown) => {
      assert.ok(e instanceof InvalidOptionsError);
      assert.match(e.message, /redis must be a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/x"/);
      assert.match(e.message, /study must be .* got "a:b"/);
      return true;
    });
  });

  it('runs trials on a worker; a malformed job fails that trial with a DecodeError, and the worker goes on', async () => {
    const logs: string[] = [];
    const w = await startDistributedWorker({
      redis: redis.url,
      module: NOOP,
      queue: 'q-malformed',
      log: (l) => logs.push(l),
    });
    const trainer = await distributedTrainer<{ x: number }>({ redis: redis.url, study: 'm', queue: 'q-malformed' });
    try {
      await trainer.clear();
      const queue = new Queue('q-malformed', { connection: { url: redis.url }, prefix: PREFIX });
      await queue.add('trial', { v: 1, trial: { id: 'bad' }, retry: true }, { jobId: jobIdOf('m', 'bad', 0) });
      await queue.close();
      await assert.rejects(
        lastValueFrom(trainer(trialOf('bad', { x: 1 }) as Trial<{ x: number }>)),
        /job m-tbad-s0 failed on its worker: DecodeError: job m-tbad-s0: .*trial/,
      );
      const reports = await lastValueFrom(trainer(trialOf('good', { x: 3 }) as Trial<{ x: number }>).pipe(toArray()));
      assert.deepEqual(reports, [{ step: 1, metrics: { loss: 9 } }]);
      assert.deepEqual(
        {
          completed: trainer.stats().completed,
          failed: trainer.stats().failed,
          reattached: trainer.stats().reattached,
        },
        { completed: 1, failed: 1, reattached: 1 },
      );
    } finally {
      await trainer.close();
      await w.close();
    }
  });

  it('with no worker listening it warns, naming the queue; a job that disappears from Redis fails its trial', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    const trainer = await distributedTrainer<{ x: number }>({
      redis: redis.url,
      study: 'g',
      queue: 'q-gone',
      reconcileMs: 150,
    });
    try {
      await trainer.clear();
      const outcome = lastValueFrom(trainer(trialOf('g0', { x: 1 }) as Trial<{ x: number }>));
      const until = Date.now() + 10_000;
      while (!warnings.some((w) => w.includes('no rxhpo worker listens on queue q-gone')) && Date.now() < until)
        await sleep(20);
      const queue = new Queue('q-gone', { connection: { url: redis.url }, prefix: PREFIX });
      assert.equal(await queue.remove(jobIdOf('g', 'g0', 0)), 1);
      await queue.close();
      await assert.rejects(outcome, /trial g0: job g-tg0-s0 failed on its worker: the job disappeared from Redis/);
      assert.ok(
        warnings.some((w) =>
          /no rxhpo worker listens on queue q-gone at redis:\/\/127\.0\.0\.1:\d+: 1 trial\(s\) wait/.test(w),
        ),
        warnings.join('\n'),
      );
    } finally {
      process.off('warning', onWarning);
      await trainer.close();
    }
  });

  it('a TPE + ASHA study on two worker processes gives the same trials as the single-machine study', async () => {
    const env = { RXHPO_STEP_MS: '2' };
    await Promise.all([worker('q-study', SYNTHETIC, env), worker('q-study', SYNTHETIC, env)]);
    const flags = { trials: 14, seed: 5, concurrency: 1 };
    const dist = await distributedMain({
      ...flags,
      redis: redis.url,
      journal: join(dir, 'dist.jsonl'),
      queue: 'q-study',
    });
    const local = await durableMain({ ...flags, journal: join(dir, 'local.jsonl'), stepMs: 2 });
    assert.deepEqual(readJournal(join(dir, 'dist.jsonl')).events, readJournal(join(dir, 'local.jsonl')).events);
    assert.deepEqual(dist.counts, local.counts);
    const continued = readJournal(join(dir, 'dist.jsonl')).events.filter(
      (e) => e._tag === 'TrialStarted' && e.trial.segment > 0,
    );
    assert.ok(continued.length > 0, 'ASHA promoted paused trials, which resumed on the workers from their checkpoints');
  });

  const killMidTrial = async (queue: string, signal: NodeJS.Signals, onWorkerLost: 'retry' | 'fail') => {
    const env = { RXHPO_STEP_MS: '60' };
    const ws = await Promise.all([
      worker(queue, SYNTHETIC, env, ['--lock-ms', '1000']),
      worker(queue, SYNTHETIC, env, ['--lock-ms', '1000']),
    ]);
    const trainer = await distributedTrainer<typeof CONFIG>({ redis: redis.url, study: 'k', queue, onWorkerLost });
    await trainer.clear();
    const steps: number[] = [];
    let victim: Proc | undefined;
    const reports: Observable<MetricReport> = trainer(trialOf('k0', CONFIG, 20) as Trial<typeof CONFIG>);
    const done = new Promise<unknown>((resolve) => {
      reports.subscribe({
        next: (r) => {
          steps.push(r.step);
          if (r.step === 6) {
            victim = ws.find((w) => /runs trial k0/.test(w.output()));
            victim?.proc.kill(signal);
          }
        },
        error: (e: unknown) => resolve(e),
        complete: () => resolve(undefined),
      });
    });
    const t0 = Date.now();
    const outcome = await done;
    const took = Date.now() - t0;
    const other = ws.find((w) => w !== victim);
    await trainer.close();
    return { steps, victim, other, outcome, took, stats: trainer.stats() };
  };

  it('a SIGKILLed worker: its trial moves to the other worker within seconds, resumes from its checkpoint, each step counted once', async () => {
    const r = await killMidTrial('q-kill', 'SIGKILL', 'retry');
    assert.ok(r.victim, 'the worker running the trial was found and killed');
    assert.equal(r.outcome, undefined, `the trial completed: ${String(r.outcome)}`);
    assert.deepEqual(
      r.steps,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.match(r.other?.output() ?? '', /runs trial k0 segment 0 \(job k-tk0-s0, attempt 2\)/);
    // Killed when step 6 reached the coordinator: its checkpoint may or may not be saved yet (it is
    // saved after the report), and step 7 may have been saved just before the kill.
    assert.match(r.other?.output() ?? '', /trial k0 \(job k-tk0-s0\) resumes from its checkpoint at step (5|6|7)/);
    assert.ok(r.took < 15_000, `took ${r.took} ms`);
  });

  it("onWorkerLost: 'fail' fails the trial of a SIGKILLed worker, naming why", async () => {
    const r = await killMidTrial('q-fail', 'SIGKILL', 'fail');
    assert.ok(r.victim);
    assert.match(String(r.outcome), /the worker running trial k0 died \(onWorkerLost: 'fail'\)/);
    assert.equal(r.stats.failed, 1);
  });

  it('SIGTERM: the worker hands its trial back, exits with 0, and the other worker finishes it', async () => {
    const r = await killMidTrial('q-term', 'SIGTERM', 'retry');
    assert.ok(r.victim);
    assert.equal(await r.victim.exit, 0);
    assert.match(r.victim.output(), /handed trial k0 \(job k-tk0-s0\) back to the queue/);
    assert.equal(r.outcome, undefined);
    assert.deepEqual(
      r.steps,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.match(r.other?.output() ?? '', /trial k0 \(job k-tk0-s0\) resumes from its checkpoint/);
  });

  it('a coordinator killed mid-study resumes from its journal, re-attaches, and ends like the single-machine study', async () => {
    const env = { RXHPO_STEP_MS: '30' };
    await Promise.all([worker('q-coord', SYNTHETIC, env), worker('q-coord', SYNTHETIC, env)]);
    const journal = join(dir, 'coord.jsonl');
    const args = [
      STUDY,
      '--redis',
      redis.url,
      '--journal',
      journal,
      '--trials',
      '14',
      '--seed',
      '9',
      '--queue',
      'q-coord',
    ];
    const first = launch(args);
    const until = Date.now() + 60_000;
    const text = (): string => {
      try {
        return readFileSync(journal, 'utf8');
      } catch {
        return '';
      }
    };
    // Kill it while a promoted segment (steps 4 to 9, 180 ms) runs on a worker.
    const long = /"_tag":"TrialStarted".*"budget":9/;
    while (!long.test(text()) && Date.now() < until && first.proc.exitCode === null) await sleep(5);
    await sleep(60);
    assert.equal(first.proc.exitCode, null, `the study was still running: ${first.output()}`);
    first.proc.kill('SIGKILL');
    await first.exit;
    const second = launch(args);
    assert.equal(await second.exit, 0, second.output());
    // The trial that was running when the coordinator died was still on a worker: the rerun took it over.
    assert.match(second.output(), /re-attached to [1-9]\d* job\(s\)/);
    const local = await durableMain({
      journal: join(dir, 'coord-local.jsonl'),
      trials: 14,
      seed: 9,
      concurrency: 1,
      stepMs: 1,
    });
    const best = local.best && { trial: local.best.number, value: local.best.value, config: local.best.config };
    const { completed, stopped, failed } = local.counts;
    assert.equal(
      second
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1),
      JSON.stringify({ best, completed, stopped, failed }),
    );
  });

  it('a worker survives a Redis restart, saying so, and takes trials again', async (t) => {
    if (!redis.restart) return t.skip('uses the CI Redis server, which this spec cannot restart');
    const w = await worker('q-restart', NOOP);
    await redis.restart(300);
    await w.waitFor(/lost Redis at redis:\/\/127\.0\.0\.1:\d+.*reconnecting/s);
    await w.waitFor(/reconnected to Redis at redis:\/\/127\.0\.0\.1:\d+/);
    const trainer = await distributedTrainer<{ x: number }>({ redis: redis.url, study: 'r', queue: 'q-restart' });
    try {
      const reports = await lastValueFrom(trainer(trialOf('r0', { x: 2 }) as Trial<{ x: number }>).pipe(toArray()));
      assert.deepEqual(reports, [{ step: 1, metrics: { loss: 4 } }]);
    } finally {
      await trainer.close();
    }
  });
});
