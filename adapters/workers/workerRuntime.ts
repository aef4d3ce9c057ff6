// Runs in the worker threads of a `workerTrainer` pool: piscina calls the default export once per trial.
import { workerData } from 'node:worker_threads';
import type { Subscription } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';
import { errorInfo, show } from '../../lib/errors.js';
import type { FromWorker } from './workerProtocol.js';
import { TaskCodec, ToWorkerCodec, decodeOrThrow } from './workerProtocol.js';

type AnyTrainer = Trainer<unknown> & { readonly idle?: () => Promise<void> };

// A variable specifier: tsx is only needed (and only loaded) for TypeScript trainer modules.
const TSX_API = 'tsx/esm/api';
const isTypeScript = (specifier: string): boolean => /\.[cm]?tsx?$/.test(new URL(specifier).pathname);

/**
 * Imports a trainer module. Node 20 cannot `import()` a .ts file inside a worker thread even when tsx is
 * registered in it (its ESM hooks do not reach workers), so TypeScript modules go through tsx's
 * `tsImport`; compiled .js modules are imported natively.
 */
const importModule = async (specifier: string): Promise<unknown> => {
  if (!isTypeScript(specifier)) return import(specifier);
  let api: { tsImport: (specifier: string, parent: string) => Promise<unknown> };
  try {
    api = (await import(TSX_API)) as typeof api;
  } catch {
    throw new Error(`worker: cannot load the TypeScript module ${specifier}: install tsx, or compile it to .js`);
  }
  return api.tsImport(specifier, import.meta.url);
};

const trainers = new Map<string, Promise<AnyTrainer>>();

const loadTrainer = (specifier: string): Promise<AnyTrainer> => {
  let t = trainers.get(specifier);
  if (!t) {
    t = importModule(specifier).then(async (ns) => {
      const mod = (ns as { default?: unknown }).default;
      const ok =
        typeof mod === 'object' &&
        mod !== null &&
        (mod as { _tag?: unknown })._tag === 'WorkerTrainerModule' &&
        typeof (mod as { setup?: unknown }).setup === 'function';
      if (!ok)
        throw new TypeError(
          `worker: ${specifier} must export default defineWorkerTrainer(setup), got ${show(typeof mod === 'function' ? 'a function' : mod)}`,
        );
      const trainer = await (mod as { setup: (data: unknown) => unknown }).setup(workerData);
      if (typeof trainer !== 'function')
        throw new TypeError(`worker: the setup of ${specifier} must return a Trainer function, got ${show(trainer)}`);
      return trainer as AnyTrainer;
    });
    trainers.set(specifier, t);
  }
  return t;
};

/** How a trial ended in the worker (the piscina task's result). */
export type WorkerOutcome = 'completed' | 'failed' | 'stopped';

/**
 * The piscina task: validates the task, runs the module's trainer for the trial, streams its reports on
 * the task's port, and stops it cooperatively when the port says `Stop`. Resolves once the thread is
 * free (a stopped fit has settled).
 */
export default async function runTrial(raw: unknown): Promise<WorkerOutcome> {
  const task = decodeOrThrow(TaskCodec, raw, 'worker task');
  const { port } = task;
  let ended = false;
  let trainer: AnyTrainer | undefined;
  let sub: Subscription | undefined;
  let resolveOutcome: (o: WorkerOutcome) => void = () => undefined;
  const outcome = new Promise<WorkerOutcome>((r) => (resolveOutcome = r));

  const post = (msg: FromWorker): boolean => {
    try {
      port.postMessage(msg);
      return true;
    } catch (e) {
      // A report that cannot be cloned (a function, a class instance) fails the trial, not the worker.
      if (msg._tag !== 'Failed') end({ _tag: 'Failed', error: errorInfo(e) }, 'failed');
      return false;
    }
  };
  const settle = async (): Promise<void> => {
    try {
      await trainer?.idle?.();
    } catch {
      // idle() only waits; its errors were already reported by the trial itself.
    }
  };
  const end = (msg: FromWorker, result: WorkerOutcome): void => {
    if (ended) return;
    ended = true;
    port.off('message', onMessage);
    sub?.unsubscribe();
    post(msg);
    port.close();
    void settle().then(() => resolveOutcome(result));
  };
  // Stop: unsubscribing is the trainer's stop; wait until its work has settled before saying so.
  const stop = (): void => {
    if (ended) return;
    ended = true;
    port.off('message', onMessage);
    sub?.unsubscribe();
    void settle().then(() => {
      post({ _tag: 'Stopped' });
      port.close();
      resolveOutcome('stopped');
    });
  };
  const onMessage = (m: unknown): void => {
    try {
      decodeOrThrow(ToWorkerCodec, m, 'message to worker');
    } catch (e) {
      return end({ _tag: 'Failed', error: errorInfo(e) }, 'failed');
    }
    stop();
  };
  port.on('message', onMessage);
  // The main thread closed its end (it gave up on the trial): nobody listens, so stop.
  port.on('close', stop);

  try {
    trainer = await loadTrainer(task.module);
  } catch (e) {
    end({ _tag: 'Failed', error: errorInfo(e) }, 'failed');
    return outcome;
  }
  if (ended) return outcome; // stopped while the module was loading
  try {
    sub = trainer(task.trial as Trial<unknown>).subscribe({
      next: (report: MetricReport) => void post({ _tag: 'Report', report }),
      error: (e: unknown) => end({ _tag: 'Failed', error: errorInfo(e) }, 'failed'),
      complete: () => end({ _tag: 'Done' }, 'completed'),
    });
    if (ended) sub.unsubscribe();
  } catch (e) {
    end({ _tag: 'Failed', error: errorInfo(e) }, 'failed');
  }
  return outcome;
}
