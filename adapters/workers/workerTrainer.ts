import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { SchedulerLike, Subscription } from 'rxjs';
import { Observable, asyncScheduler, timer } from 'rxjs';
import type { Config } from '../../lib/config.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';
import { InvalidOptionsError, TrialFailedError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Task } from './workerProtocol.js';
import { FromWorkerCodec, decodeOrThrow } from './workerProtocol.js';
import type { WorkerOutcome } from './workerRuntime.js';

/** Options of {@link workerTrainer}. */
export interface WorkerTrainerOptions {
  /** Worker threads (and so trials running at once). Default `os.availableParallelism()`. */
  readonly threads?: number;
  /**
   * Read-only data for every worker, handed to the module's setup once per thread. Typed arrays on
   * `SharedArrayBuffer`s (see `toShared`) are shared, not copied.
   */
  readonly data?: unknown;
  /** Milliseconds a stopped trial gets to end cooperatively before its worker is terminated. Default 3000. */
  readonly graceMs?: number;
  /** The clock of the grace period. Default `asyncScheduler`; a TestScheduler makes it virtual. */
  readonly scheduler?: SchedulerLike;
  /** Node flags for the workers. Default: this process's, plus `--import tsx` when running from .ts sources. */
  readonly execArgv?: ReadonlyArray<string>;
}

/** Counts of what a worker trainer did so far. */
export interface WorkerTrainerStats {
  /** Trials whose task has not settled yet (running, queued, or stopping). */
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  /** Stopped cooperatively within the grace period. */
  readonly stopped: number;
  /** Stopped by terminating their worker after the grace period. */
  readonly aborted: number;
}

/**
 * A `Trainer` whose trials run on a pool of worker threads, plus the pool's lifecycle. The pool starts
 * with the first trial; `close()` (or `await using`) ends it.
 */
export interface WorkerTrainer<C> extends Trainer<C> {
  readonly threads: number;
  readonly stats: () => WorkerTrainerStats;
  /** Resolves when no trial task is running (stopping trials included). */
  readonly whenIdle: () => Promise<void>;
  /** Waits for stopping trials, then terminates the threads. Idempotent; a later trial starts a new pool. */
  readonly close: () => Promise<void>;
  readonly [Symbol.asyncDispose]: () => Promise<void>;
}

const hasTsx = (argv: ReadonlyArray<string>): boolean => argv.some((a) => /(^|[/\\])tsx([/\\]|$)|tsx\/dist/.test(a));

// This file runs from .ts sources (tsx, the test runner) or from compiled .js: the runtime is beside it.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const RUNTIME = new URL(FROM_SOURCE ? './workerRuntime.ts' : './workerRuntime.js', SELF);

const defaultExecArgv = (): string[] => {
  const argv = process.execArgv.filter((a) => !a.startsWith('--test'));
  // Workers load the runtime through tsx's require hook when running from sources; be explicit, since a
  // runner (vitest) may not pass its own hooks on.
  return FROM_SOURCE && !hasTsx(argv) ? [...argv, '--import', 'tsx'] : argv;
};

const validate = (module: unknown, o: WorkerTrainerOptions): void => {
  const p: string[] = unknownOptionProblems(o, ['threads', 'data', 'graceMs', 'scheduler', 'execArgv']);
  if (!(module instanceof URL) && typeof module !== 'string')
    p.push(`module must be a URL or a file URL string, got ${show(module)}`);
  else if (!String(module).startsWith('file:'))
    p.push(`module must be a file: URL (new URL('./x.ts', import.meta.url)), got ${show(String(module))}`);
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads >= 1))
    p.push(`threads must be an integer >= 1, got ${show(o.threads)}`);
  if (o.graceMs !== undefined && !(typeof o.graceMs === 'number' && o.graceMs >= 0))
    p.push(`graceMs must be a number >= 0, got ${show(o.graceMs)}`);
  if (p.length > 0) throw new InvalidOptionsError('workerTrainer', p);
};

/** The error a trial ends with when its worker crashed, exited, or broke the protocol. */
const workerFailure = (trialId: string, e: unknown): Error => {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : show(e);
  return new TrialFailedError(trialId, `worker failed: ${m}`);
};

/**
 * Runs each trial in a pool of worker threads (piscina, `minThreads = maxThreads = threads`). `module`
 * is a file whose default export is `defineWorkerTrainer(setup)`; TypeScript modules work under tsx and
 * the test runner. Reports stream back live over a `MessagePort` transferred with the task, and every
 * message is decoded by an io-ts codec at the boundary (a malformed one fails the trial).
 *
 * Unsubscribing stops a trial cooperatively: the worker unsubscribes its trainer (tfjs: `stopTraining`)
 * and frees the thread. If it has not ended after `graceMs` (an rxjs `timer` on `scheduler`, so virtual
 * time works), its worker is terminated and replaced. A worker that crashes or exits ends its trial as
 * failed with the reason; the pool replaces it and the study goes on.
 *
 * ```
 * trial:    ──T──────────────
 * worker:      r──r──r─(Stop)──Stopped           r = Report, on the trial's port
 * reports:  ───r──r──r─!                          ! = unsubscribed (pruned)
 * ```
 *
 * ## Example
 * ```ts
 * const trainer = workerTrainer<MlpConfig>(new URL('./mnist.worker.ts', import.meta.url), { data: shared });
 * study({ space, objective, concurrency: trainer.threads, budget: { trials: 40 } },
 *   pipe(sampleWith(tpeSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 9 })),
 * ).pipe(finalize(() => void trainer.close())).subscribe(render);
 * ```
 * @param module URL of the trainer module.
 * @param options Threads, shared data, grace period and its clock.
 * @return A trainer with `close()`, `stats()`, `whenIdle()` and `threads`.
 * @throws InvalidOptionsError for bad options.
 */
export function workerTrainer<C = Config>(module: URL | string, options: WorkerTrainerOptions = {}): WorkerTrainer<C> {
  validate(module, options);
  const href = String(module);
  const threads = options.threads ?? availableParallelism();
  const graceMs = options.graceMs ?? 3000;
  const scheduler = options.scheduler ?? asyncScheduler;
  let pool: Piscina | undefined;
  const tasks = new Set<Promise<unknown>>();
  const counts = { completed: 0, failed: 0, stopped: 0, aborted: 0 };

  const getPool = (): Piscina =>
    (pool ??= new Piscina({
      filename: RUNTIME.href,
      minThreads: threads,
      maxThreads: threads,
      // Workers stay up between trials: TensorFlow.js start-up costs ~0.5–1 s per thread.
      idleTimeout: Number.POSITIVE_INFINITY,
      execArgv: options.execArgv ? [...options.execArgv] : defaultExecArgv(),
      workerData: options.data,
    }));

  const trainer = (trial: Trial<C>): Observable<MetricReport> =>
    new Observable<MetricReport>((subscriber) => {
      const { port1, port2 } = new MessageChannel();
      const abort = new AbortController();
      let ended = false; // a final message arrived, or the subscriber was errored
      let portClosed = false;
      let task: { readonly ok: boolean; readonly error?: unknown } | undefined;
      let cancelled = false;

      const fail = (e: unknown): void => {
        if (ended) return;
        ended = true;
        subscriber.error(e);
      };
      // After the task resolved, its last messages may still be in flight on the port: decide when both
      // the task has settled and the port has closed, and fail at once only for a rejected task (a crash).
      const check = (): void => {
        if (ended || cancelled || !task) return;
        if (!task.ok) fail(workerFailure(trial.id, task.error));
        else if (portClosed) fail(workerFailure(trial.id, 'the trial ended without a final message'));
      };
      port1.on('message', (raw: unknown) => {
        if (ended || cancelled) return;
        let msg;
        try {
          msg = decodeOrThrow(FromWorkerCodec, raw, `worker message of trial ${trial.id}`);
        } catch (e) {
          port1.postMessage({ _tag: 'Stop' }); // the teardown that follows gives it the grace period
          return fail(e);
        }
        switch (msg._tag) {
          case 'Report':
            return subscriber.next(msg.report as MetricReport);
          case 'Done':
            ended = true;
            return subscriber.complete();
          case 'Failed':
            return fail(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
          case 'Stopped':
            // The worker stops only when asked; a Stopped we did not ask for ends the trial as failed.
            return fail(workerFailure(trial.id, 'the worker stopped the trial unasked'));
        }
      });
      port1.on('close', () => {
        portClosed = true;
        check();
      });

      const payload: Task = { module: href, trial: trial as Task['trial'], port: port2 };
      const run = getPool()
        .run(payload, { transferList: [port2], signal: abort.signal })
        .then(
          (outcome: WorkerOutcome) => {
            if (outcome === 'completed') counts.completed++;
            else if (outcome === 'stopped') counts.stopped++;
            else counts.failed++;
            task = { ok: true };
          },
          (error: unknown) => {
            if (abort.signal.aborted) counts.aborted++;
            else counts.failed++;
            task = { ok: false, error };
          },
        )
        .finally(() => {
          tasks.delete(run);
          check();
        });
      tasks.add(run);

      return () => {
        if (task) {
          port1.close();
          return;
        }
        if (!ended) port1.postMessage({ _tag: 'Stop' });
        cancelled = true;
        const grace: Subscription = timer(graceMs, scheduler).subscribe(() => abort.abort());
        void run.finally(() => {
          grace.unsubscribe();
          port1.close();
        });
      };
    });

  const whenIdle = async (): Promise<void> => {
    while (tasks.size > 0) await Promise.allSettled([...tasks]);
  };
  const close = async (): Promise<void> => {
    await whenIdle();
    const p = pool;
    pool = undefined;
    await p?.destroy();
  };
  return Object.assign(trainer, {
    threads,
    stats: (): WorkerTrainerStats => ({ running: tasks.size, ...counts }),
    whenIdle,
    close,
    [Symbol.asyncDispose]: close,
  });
}
