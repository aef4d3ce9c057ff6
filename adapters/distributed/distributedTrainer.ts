import { Queue, QueueEvents } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import type { Config } from '../../lib/config.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';
import { InvalidOptionsError, TrialFailedError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import { decodeOrThrow } from '../workers/workerProtocol.js';
import type { JobData } from './distributedProtocol.js';
import { JobResultCodec, PREFIX, PROTOCOL_VERSION, ProgressCodec, jobIdOf, keysOf } from './distributedProtocol.js';
import { connectRedis, isRedisUrl, maskRedisUrl } from './redisConnection.js';

/** Options of {@link distributedTrainer}. */
export interface DistributedTrainerOptions {
  /** `redis://[:password@]host:port[/db]`, or `rediss://…` for TLS. The workers use the same server. */
  readonly redis: string;
  /**
   * Names this study's jobs (letters, digits, `_`, `.`, `-`): a resumed study must use the same name to
   * re-attach to its jobs; two studies sharing a queue must use different ones.
   */
  readonly study: string;
  /** The BullMQ queue the workers listen on (`rxhpo worker --queue`). Default `'rxhpo'`. */
  readonly queue?: string;
  /**
   * A worker died (SIGKILL, power cut) while running a trial: `'retry'` (default) runs it again on another
   * worker from its last checkpoint; `'fail'` ends it `failed`.
   */
  readonly onWorkerLost?: 'retry' | 'fail';
  /** How long the first connection may take before `RedisUnavailableError`. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** How often running jobs are checked against Redis, for events a reconnect lost. Default 5000 ms. */
  readonly reconcileMs?: number;
  /**
   * Length the queue's event stream is trimmed to. A coordinator restarting after a crash reads the
   * reports it missed from Redis lists, so this only bounds memory. Default 100000.
   */
  readonly eventsMaxLen?: number;
}

/** Counts of what a distributed trainer did so far. */
export interface DistributedTrainerStats {
  /** Trials whose job is queued or running. */
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  /** Trials the study stopped (a scheduler's stop or pause) whose job was cancelled. */
  readonly stopped: number;
  /** Jobs found in Redis from an earlier run of the same study and re-attached to. */
  readonly reattached: number;
  /** Reports dropped as already seen (a retried attempt repeating the steps after its checkpoint). */
  readonly duplicates: number;
}

/** A `Trainer` whose trials run as BullMQ jobs on `rxhpo worker` processes, plus its connections. */
export interface DistributedTrainer<C> extends Trainer<C> {
  readonly stats: () => DistributedTrainerStats;
  /**
   * Forgets every job of this study in Redis (cancelling the running ones): call it before a fresh
   * study that reuses a study name, never before a resume.
   */
  readonly clear: () => Promise<void>;
  /** Closes the connections (cancel requests already sent still reach the workers). Idempotent. */
  readonly close: () => Promise<void>;
  readonly [Symbol.asyncDispose]: () => Promise<void>;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const validate = (o: DistributedTrainerOptions): void => {
  const p: string[] = unknownOptionProblems(o, [
    'redis',
    'study',
    'queue',
    'onWorkerLost',
    'connectTimeoutMs',
    'eventsMaxLen',
    'reconcileMs',
  ]);
  if (!isRedisUrl(o.redis)) p.push(`redis must be a redis:// or rediss:// URL, got ${show(o.redis)}`);
  if (typeof o.study !== 'string' || !NAME.test(o.study))
    p.push(`study must be 1-100 letters, digits, '_', '.' or '-', got ${show(o.study)}`);
  if (o.queue !== undefined && (typeof o.queue !== 'string' || !NAME.test(o.queue)))
    p.push(`queue must be 1-100 letters, digits, '_', '.' or '-', got ${show(o.queue)}`);
  if (o.onWorkerLost !== undefined && o.onWorkerLost !== 'retry' && o.onWorkerLost !== 'fail')
    p.push(`onWorkerLost must be 'retry' or 'fail', got ${show(o.onWorkerLost)}`);
  if (o.connectTimeoutMs !== undefined && !(typeof o.connectTimeoutMs === 'number' && o.connectTimeoutMs > 0))
    p.push(`connectTimeoutMs must be a number > 0, got ${show(o.connectTimeoutMs)}`);
  if (o.eventsMaxLen !== undefined && !(Number.isInteger(o.eventsMaxLen) && o.eventsMaxLen >= 1000))
    p.push(`eventsMaxLen must be an integer >= 1000, got ${show(o.eventsMaxLen)}`);
  if (o.reconcileMs !== undefined && !(typeof o.reconcileMs === 'number' && o.reconcileMs >= 100))
    p.push(`reconcileMs must be a number >= 100, got ${show(o.reconcileMs)}`);
  if (p.length > 0) throw new InvalidOptionsError('distributedTrainer', p);
};

interface JobListener {
  readonly progress: (data: unknown) => void;
  readonly completed: (value: unknown) => void;
  readonly failed: (reason: string) => void;
  /** Reads the job's state and saved reports from Redis, and ends the trial if the job has ended. */
  readonly sync: (job: Job) => Promise<void>;
  /** The job was queued (or found) by this trainer. */
  readonly queued: () => boolean;
}

/**
 * Runs each trial as a BullMQ job on worker processes anywhere (`npx rxhpo worker --redis URL --module
 * PATH`), while this process stays the study's single coordinator: its sampler, schedulers and journal
 * are unchanged. Reports stream back in order (`job.updateProgress` → `QueueEvents`); each is decoded
 * with an io-ts codec, and a report already seen (a retry repeating the steps after its checkpoint) is
 * dropped, so nothing is counted twice. Unsubscribing (a scheduler's stop or pause) cancels the job: a
 * queued one is removed, a running one is aborted on its worker through Redis pub/sub (an
 * `AbortSignal` there), within milliseconds plus the trainer's current step.
 *
 * A worker that dies mid-trial loses its job lock; another worker takes the job within the worker's
 * lock time and resumes it from the last checkpoint its trainer reported (or the trial fails, with
 * `onWorkerLost: 'fail'`). A coordinator that is killed and resumed from its journal with the same
 * `study` re-attaches to the jobs still queued or running, and reads the reports it missed from Redis.
 *
 * Workers run the module they are told to: keep the Redis server private (a password, TLS, a private
 * network), never open to untrusted clients.
 *
 * ## Example
 * ```ts
 * const trainer = await distributedTrainer<Config>({ redis: 'redis://:secret@10.0.0.5:6379', study: 'mnist-1' });
 * study({ space, objective, concurrency: 4, budget: { trials: 40 } },
 *   pipe(sampleWith(tpeSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 27 })),
 * ).pipe(finalize(() => void trainer.close())).subscribe(render);
 * ```
 * @param options The Redis URL, the study's name, the queue, what a lost worker means.
 * @return A connected trainer with `stats()`, `clear()` and `close()`.
 * @throws InvalidOptionsError for bad options; RedisUnavailableError naming the URL when Redis cannot be reached.
 */
export async function distributedTrainer<C = Config>(
  options: DistributedTrainerOptions,
): Promise<DistributedTrainer<C>> {
  validate(options);
  const queueName = options.queue ?? 'rxhpo';
  const keys = keysOf(queueName);
  const timeout = options.connectTimeoutMs ?? 5000;
  const retry = (options.onWorkerLost ?? 'retry') === 'retry';
  const url = maskRedisUrl(options.redis);
  const conn: Redis = await connectRedis(options.redis, timeout);
  let eventsConn: Redis;
  try {
    eventsConn = await connectRedis(options.redis, timeout);
  } catch (e) {
    conn.disconnect();
    throw e;
  }
  // Connection trouble after start: ioredis reconnects; BullMQ re-emits its errors, which must be heard.
  let lastWarning = '';
  const warn = (e: Error): void => {
    if (e.message === lastWarning) return;
    lastWarning = e.message;
    process.emitWarning(`distributedTrainer: Redis at ${url}: ${e.message} (reconnecting)`, 'RedisWarning');
  };
  conn.on('error', warn);
  eventsConn.on('error', warn);
  conn.on('ready', () => (lastWarning = ''));

  const queue = new Queue(queueName, {
    connection: conn,
    prefix: PREFIX,
    streams: { events: { maxLen: options.eventsMaxLen ?? 100_000 } },
  });
  const events = new QueueEvents(queueName, { connection: eventsConn, prefix: PREFIX });
  queue.on('error', warn);
  events.on('error', warn);
  await events.waitUntilReady();

  const listeners = new Map<string, JobListener>();
  events.on('progress', ({ jobId, data }) => listeners.get(jobId)?.progress(data));
  events.on('completed', ({ jobId, returnvalue }) => listeners.get(jobId)?.completed(returnvalue));
  events.on('failed', ({ jobId, failedReason }) => listeners.get(jobId)?.failed(failedReason));

  const counts = { completed: 0, failed: 0, stopped: 0, reattached: 0, duplicates: 0 };
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>): void => {
    const q = p.catch(warn).finally(() => pending.delete(q));
    pending.add(q);
  };
  let closed = false;

  const cancel = async (jobId: string, reason: string): Promise<void> => {
    // A queued job is simply removed; a running one (locked: remove answers 0) is aborted by its worker.
    // The flag covers a job a worker takes later, or takes again after a stall.
    await conn.set(keys.cancelFlag(jobId), reason, 'EX', 7 * 24 * 3600);
    const removed = await queue.remove(jobId);
    if (removed === 0) await conn.publish(keys.cancelChannel, JSON.stringify({ jobId, reason }));
  };

  const trainer = (trial: Trial<C>): Observable<MetricReport> =>
    new Observable<MetricReport>((subscriber) => {
      const jobId = jobIdOf(options.study, trial.id, trial.segment);
      let lastStep = Number.NEGATIVE_INFINITY;
      let lastAttempt = 0;
      let ended = false;
      // While the reports an earlier coordinator missed are read back, live events wait their turn.
      let held: Array<() => void> | undefined;
      let queued = false;

      const end = (kind: 'completed' | 'failed', e?: unknown): void => {
        if (ended) return;
        ended = true;
        listeners.delete(jobId);
        counts[kind]++;
        if (kind === 'completed') subscriber.complete();
        else subscriber.error(e);
      };
      const malformed = (e: unknown): void => {
        track(cancel(jobId, 'malformed'));
        end('failed', e);
      };
      const progress = (data: unknown): void => {
        if (ended) return;
        let p;
        try {
          p = decodeOrThrow(ProgressCodec, data, `report of trial ${trial.id} (job ${jobId})`);
        } catch (e) {
          return malformed(e);
        }
        // At-least-once delivery: a retry repeats the steps after its checkpoint, a stale worker may
        // still write; keep each step once, in order, from the newest attempt.
        if (p.attempt < lastAttempt || p.report.step <= lastStep) {
          counts.duplicates++;
          return;
        }
        lastAttempt = p.attempt;
        lastStep = p.report.step;
        subscriber.next(p.report as MetricReport);
      };
      const completed = (value: unknown): void => {
        if (ended) return;
        let r;
        try {
          r = decodeOrThrow(JobResultCodec, value, `result of trial ${trial.id} (job ${jobId})`);
        } catch (e) {
          return malformed(e);
        }
        if (r.status === 'done') end('completed');
        else if (r.status === 'failed')
          end('failed', Object.assign(new Error(r.error.message), { name: r.error.name }));
        else end('failed', new TrialFailedError(trial.id, `the job ${jobId} was cancelled from elsewhere`));
      };
      const failed = (reason: string): void =>
        end('failed', new TrialFailedError(trial.id, `job ${jobId} failed on its worker: ${reason}`));
      const hold =
        <A>(f: (a: A) => void) =>
        (a: A): void => {
          if (held) held.push(() => f(a));
          else f(a);
        };
      // Replays the reports saved in Redis (what this process may have missed) before any live event
      // that arrives meanwhile, then ends the trial if its job has ended.
      const sync = async (job: Job): Promise<void> => {
        if (ended || held) return;
        held = [];
        const [state, saved] = await Promise.all([job.getState(), conn.lrange(keys.reports(jobId), 0, -1)]);
        for (const line of saved) {
          let data: unknown;
          try {
            data = JSON.parse(line);
          } catch {
            data = line;
          }
          progress(data);
        }
        const waiting = held;
        held = undefined;
        for (const f of waiting) f();
        if (state === 'completed' || state === 'failed') {
          // `job` may have been read before it ended (a worker took it meanwhile): read it again, or
          // its result and failure reason are missing.
          const done = (await queue.getJob(jobId)) ?? job;
          if (state === 'completed') completed(done.returnvalue);
          else failed(done.failedReason);
        }
      };
      listeners.set(jobId, {
        progress: hold(progress),
        completed: hold(completed),
        failed: hold(failed),
        sync,
        queued: () => queued,
      });

      const start = async (): Promise<void> => {
        const existing = await queue.getJob(jobId);
        if (existing === undefined) {
          const data: JobData = { v: PROTOCOL_VERSION, trial: trial as JobData['trial'], retry };
          await conn.multi().sadd(keys.studyJobs(options.study), jobId).del(keys.cancelFlag(jobId)).exec();
          // attempts 1: a trainer's error is the trial's outcome, not a reason to run it again; a lost
          // worker (a stall) is retried by BullMQ whatever `attempts` says.
          await queue.add('trial', data, { jobId, attempts: 1 });
          queued = true;
          return;
        }
        // The same study ran this segment before this process (a coordinator killed and resumed from
        // its journal): re-attach, replaying the reports the earlier coordinator may have missed.
        counts.reattached++;
        queued = true;
        await sync(existing);
      };
      start().catch((e: unknown) =>
        end('failed', new TrialFailedError(trial.id, `could not queue job ${jobId}: ${String(e)}`)),
      );

      return () => {
        if (ended) return;
        ended = true;
        listeners.delete(jobId);
        counts.stopped++;
        if (!closed) track(cancel(jobId, 'stop'));
      };
    });

  // Events are not the only truth (a reconnect may lose some): every `reconcileMs`, a job found ended
  // twice in a row without its event is settled from Redis; a queue with no worker gets a warning.
  const endedSeen = new Set<string>();
  let warnedIdle = false;
  const reconcile = async (): Promise<void> => {
    if (listeners.size === 0) return;
    // CLIENT LIST may be refused by a managed Redis's ACL: then nothing is known, and nothing is said.
    const workers = await queue.getWorkersCount().catch(() => -1);
    if (workers === 0 && !warnedIdle)
      process.emitWarning(
        `distributedTrainer: no rxhpo worker listens on queue ${queueName} at ${url}: ${listeners.size} trial(s) wait (start one: rxhpo worker --redis URL --queue ${queueName} --module PATH)`,
        'DistributedWarning',
      );
    warnedIdle = workers === 0;
    for (const [jobId, l] of [...listeners]) {
      if (!l.queued()) continue;
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'missing';
      if (state !== 'completed' && state !== 'failed' && state !== 'missing') continue;
      if (!endedSeen.has(jobId)) {
        endedSeen.add(jobId);
        continue;
      }
      endedSeen.delete(jobId);
      if (job) await l.sync(job);
      else l.failed('the job disappeared from Redis (removed by someone else, or Redis lost its data)');
    }
  };
  const reconcileMs = options.reconcileMs ?? 5000;
  let reconciling = false;
  const tick = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    reconcile()
      .catch(warn)
      .finally(() => (reconciling = false));
  }, reconcileMs);
  tick.unref();

  const clear = async (): Promise<void> => {
    const ids = await conn.smembers(keys.studyJobs(options.study));
    for (const id of ids) {
      await cancel(id, 'clear');
      // A running job cannot be removed until its worker let go of it: wait (a few seconds at most).
      for (let i = 0; i < 50 && (await queue.remove(id)) === 0 && (await queue.getJob(id)) !== undefined; i++)
        await new Promise((r) => setTimeout(r, 100));
      await conn.del(keys.cancelFlag(id), keys.checkpoint(id), keys.reports(id));
    }
    await conn.del(keys.studyJobs(options.study));
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(tick);
    await Promise.allSettled([...pending]);
    // QueueEvents blocks on XREAD for up to 10 s: cut its connection rather than wait for it.
    eventsConn.disconnect();
    await Promise.allSettled([events.close(), queue.close()]);
    conn.disconnect();
  };

  return Object.assign(trainer, {
    stats: (): DistributedTrainerStats => ({ running: listeners.size, ...counts }),
    clear,
    close,
    [Symbol.asyncDispose]: close,
  });
}
