import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Observable } from 'rxjs';
import { concatMap, fromEvent, lastValueFrom, take, takeUntil } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trial } from '../../lib/trial.js';
import { InvalidOptionsError, errorInfo, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import { decodeOrThrow } from '../workers/workerProtocol.js';
import type { JobResult, Progress } from './distributedProtocol.js';
import { CancelMessageCodec, JobDataCodec, PREFIX, PROTOCOL_VERSION, keysOf } from './distributedProtocol.js';
import { connectRedis, isRedisUrl, maskRedisUrl } from './redisConnection.js';
import * as t from 'io-ts';
import { MetricReportCodec } from '../../lib/metricReport.js';

/** Options of {@link startDistributedWorker}. */
export interface DistributedWorkerOptions {
  /** `redis://[:password@]host:port[/db]`, or `rediss://…` for TLS: the coordinator's server. */
  readonly redis: string;
  /** Path (or file: URL) of the trainer module: `export default defineWorkerTrainer(setup)`. */
  readonly module: string;
  /** Trials this process runs at once. Default 1 (CPU-bound trainers want one per process). */
  readonly concurrency?: number;
  /** The queue to take trials from. Default `'rxhpo'`. */
  readonly queue?: string;
  /**
   * How long a job's lock lasts without renewal (renewed every half of it): a killed worker's trial is
   * taken over after about 1.5× this. Must exceed the trainer's longest synchronous stretch. Default 10000.
   */
  readonly lockMs?: number;
  /** How many times one trial may lose its worker before it fails. Default 3. */
  readonly maxStalled?: number;
  /** How long the first connection may take. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** Where log lines go. Default `console.error`. */
  readonly log?: (line: string) => void;
}

/** A running worker process's handle. */
export interface DistributedWorker {
  /** Trials running now. */
  readonly running: () => number;
  /**
   * Stops taking trials, hands the running ones back to the queue (their next worker resumes them from
   * the last checkpoint) and disconnects. Resolves when done; forced after `graceMs` (default 10000).
   */
  readonly close: (graceMs?: number) => Promise<void>;
}

type AnyTrainer = ((trial: Trial<unknown>) => Observable<MetricReport>) & { readonly idle?: () => Promise<void> };

const TSX_API = 'tsx/esm/api';

const importModule = async (href: string): Promise<unknown> => {
  try {
    return await import(href);
  } catch (e) {
    // Outside tsx, Node 20 cannot import .ts: load it through tsx's API when it is installed.
    if (!/\.[cm]?tsx?$/.test(new URL(href).pathname) || (e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION')
      throw e;
    const api = (await import(TSX_API)) as { tsImport: (s: string, parent: string) => Promise<unknown> };
    return api.tsImport(href, import.meta.url);
  }
};

/** Loads a trainer module the way `workerTrainer` does (a `defineWorkerTrainer` default export). */
export const loadTrainerModule = async (module: string): Promise<AnyTrainer> => {
  const href = module.startsWith('file:') ? module : pathToFileURL(resolve(module)).href;
  const ns = await importModule(href);
  const mod = (ns as { default?: unknown }).default;
  const ok =
    typeof mod === 'object' &&
    mod !== null &&
    (mod as { _tag?: unknown })._tag === 'WorkerTrainerModule' &&
    typeof (mod as { setup?: unknown }).setup === 'function';
  if (!ok) throw new TypeError(`${module} must export default defineWorkerTrainer(setup), got ${show(typeof mod)}`);
  const trainer = await (mod as { setup: (data: unknown) => unknown }).setup(undefined);
  if (typeof trainer !== 'function')
    throw new TypeError(`the setup of ${module} must return a Trainer function, got ${show(trainer)}`);
  return trainer as AnyTrainer;
};

const CheckpointCodec = t.type({ step: t.number, checkpoint: t.unknown });

const validate = (o: DistributedWorkerOptions): void => {
  const p: string[] = unknownOptionProblems(o, [
    'redis',
    'module',
    'concurrency',
    'queue',
    'lockMs',
    'maxStalled',
    'connectTimeoutMs',
    'log',
  ]);
  if (!isRedisUrl(o.redis)) p.push(`redis must be a redis:// or rediss:// URL, got ${show(o.redis)}`);
  if (typeof o.module !== 'string' || o.module === '') p.push(`module must be a path, got ${show(o.module)}`);
  if (o.concurrency !== undefined && !(Number.isInteger(o.concurrency) && o.concurrency >= 1))
    p.push(`concurrency must be an integer >= 1, got ${show(o.concurrency)}`);
  if (o.queue !== undefined && !(typeof o.queue === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(o.queue)))
    p.push(`queue must be 1-100 letters, digits, '_', '.' or '-', got ${show(o.queue)}`);
  if (o.lockMs !== undefined && !(Number.isInteger(o.lockMs) && o.lockMs >= 200))
    p.push(`lockMs must be an integer >= 200, got ${show(o.lockMs)}`);
  if (o.maxStalled !== undefined && !(Number.isInteger(o.maxStalled) && o.maxStalled >= 0))
    p.push(`maxStalled must be an integer >= 0, got ${show(o.maxStalled)}`);
  if (p.length > 0) throw new InvalidOptionsError('distributedWorker', p);
};

/**
 * Starts a worker that takes trials from the queue of a `distributedTrainer` and runs them with the
 * module's trainer (what `rxhpo worker` runs). Each report is streamed back in order, added to the
 * job's report list (so a restarted coordinator can read what it missed), and its checkpoint saved
 * *after* the report; a trial taken over from a dead worker resumes from that checkpoint. A cancel from
 * the coordinator fires the job's `AbortSignal`, which unsubscribes the trainer.
 *
 * The worker runs whatever module it is given, for whoever can write to the Redis server: keep that
 * server private.
 *
 * @example
 * ```ts
 * const worker = await startDistributedWorker({ redis: 'redis://localhost:6379', module: './trainer.ts' });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 * @throws InvalidOptionsError for bad options; RedisUnavailableError naming the URL; the module's load error.
 */
export async function startDistributedWorker(options: DistributedWorkerOptions): Promise<DistributedWorker> {
  validate(options);
  const log = options.log ?? ((line: string) => console.error(line));
  const url = maskRedisUrl(options.redis);
  const queueName = options.queue ?? 'rxhpo';
  const keys = keysOf(queueName);
  const lockMs = options.lockMs ?? 10_000;
  const timeout = options.connectTimeoutMs ?? 5000;
  const trainer = await loadTrainerModule(options.module);

  const conn: Redis = await connectRedis(options.redis, timeout);
  let sub: Redis;
  try {
    sub = await connectRedis(options.redis, timeout);
  } catch (e) {
    conn.disconnect();
    throw e;
  }
  // A Redis restart: ioredis reconnects by itself; say so once when it goes and once when it is back.
  let down = false;
  let closing = false;
  const lost = (e?: Error): void => {
    if (down || closing) return;
    down = true;
    log(`rxhpo worker: lost Redis at ${url}${e ? ` (${e.message || e.name})` : ''}; reconnecting…`);
  };
  conn.on('error', lost);
  conn.on('close', () => lost());
  conn.on('ready', () => {
    if (!down) return;
    down = false;
    log(`rxhpo worker: reconnected to Redis at ${url}`);
  });
  sub.on('error', () => undefined);

  const active = new Map<string, Job>();

  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<JobResult> => {
    const jobId = job.id ?? '';
    let data;
    try {
      data = decodeOrThrow(JobDataCodec, job.data, `job ${jobId}`);
    } catch (e) {
      // A malformed job fails that trial (with the decode error), never the worker.
      throw new UnrecoverableError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    if ((await conn.get(keys.cancelFlag(jobId))) !== null) return { v: PROTOCOL_VERSION, status: 'stopped' };
    if (job.stalledCounter > 0 && !data.retry)
      throw new UnrecoverableError(`the worker running trial ${data.trial.id} died (onWorkerLost: 'fail')`);
    const saved = await conn.get(keys.checkpoint(jobId));
    let trial = data.trial as Trial<unknown>;
    if (saved !== null) {
      const ck = decodeOrThrow(CheckpointCodec, JSON.parse(saved), `checkpoint of job ${jobId}`);
      trial = { ...trial, startStep: ck.step, resumeFrom: ck.checkpoint };
      log(`rxhpo worker: trial ${trial.id} (job ${jobId}) resumes from its checkpoint at step ${ck.step}`);
    }
    const attempt = job.attemptsStarted;
    log(
      `rxhpo worker: runs trial ${trial.id} segment ${trial.segment} (job ${jobId}, attempt ${attempt}) from step ${trial.startStep}${trial.budget === undefined ? '' : ` to ${trial.budget}`}`,
    );
    active.set(jobId, job);
    const abort$ = signal ? fromEvent(signal, 'abort').pipe(take(1)) : undefined;
    let failure: unknown;
    try {
      let reports = trainer(trial);
      if (abort$) reports = reports.pipe(takeUntil(abort$));
      await lastValueFrom(
        reports.pipe(
          // One report at a time keeps them in order; the checkpoint is saved after its report, so a
          // resumed attempt never leaves a gap (it repeats the steps after it, which the coordinator drops).
          concatMap(async (r) => {
            const report = decodeOrThrow(MetricReportCodec, r, `report of trial ${trial.id}`);
            const p: Progress = { v: PROTOCOL_VERSION, attempt, report };
            await conn.rpush(keys.reports(jobId), JSON.stringify(p));
            await job.updateProgress(p);
            if (report.checkpoint !== undefined)
              await conn.set(
                keys.checkpoint(jobId),
                JSON.stringify({ step: report.step, checkpoint: report.checkpoint }),
              );
          }),
        ),
        { defaultValue: undefined },
      );
    } catch (e) {
      failure = e;
    } finally {
      active.delete(jobId);
      await trainer.idle?.().catch(() => undefined);
    }
    if (signal?.aborted && signal.reason === 'handback') {
      // SIGTERM: back to the queue for another worker, which resumes from the checkpoint.
      await job.moveToWait(token);
      log(`rxhpo worker: handed trial ${trial.id} (job ${jobId}) back to the queue`);
      throw new WaitingError();
    }
    if (signal?.aborted) return { v: PROTOCOL_VERSION, status: 'stopped' };
    if (failure !== undefined) return { v: PROTOCOL_VERSION, status: 'failed', error: errorInfo(failure) };
    return { v: PROTOCOL_VERSION, status: 'done' };
  };

  const worker = new Worker(queueName, processor, {
    connection: conn,
    prefix: PREFIX,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(100, Math.floor(lockMs / 2)),
    maxStalledCount: options.maxStalled ?? 3,
  });
  worker.on('error', (e) => lost(e));
  // A lock lost while alive (the event loop blocked longer than lockMs): another worker now owns the
  // trial, so stop this copy at once.
  worker.on('lockRenewalFailed', (ids) => {
    for (const id of ids) worker.cancelJob(id, 'lock-lost');
  });
  await sub.subscribe(keys.cancelChannel);
  sub.on('message', (_channel: string, text: string) => {
    try {
      const m = decodeOrThrow(CancelMessageCodec, JSON.parse(text), 'cancel message');
      if (active.has(m.jobId)) worker.cancelJob(m.jobId, m.reason);
    } catch (e) {
      log(`rxhpo worker: ignored a malformed cancel message: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  await worker.waitUntilReady();
  log(
    `rxhpo worker: pid ${process.pid} takes trials from queue ${queueName} at ${url} (concurrency ${options.concurrency ?? 1})`,
  );

  const close = async (graceMs = 10_000): Promise<void> => {
    if (closing) return;
    closing = true;
    for (const id of active.keys()) worker.cancelJob(id, 'handback');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      worker.close(),
      new Promise<void>((r) => {
        // worker.close() never returns while Redis is unreachable: do not hang.
        timer = setTimeout(() => {
          log(`rxhpo worker: could not close cleanly within ${graceMs} ms; leaving`);
          r();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
    sub.disconnect();
    conn.disconnect();
  };
  return { running: () => active.size, close };
}
