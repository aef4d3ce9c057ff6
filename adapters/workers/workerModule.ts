import type { Config } from '../../lib/config.js';
import type { Trainer } from '../../lib/trainer.js';

/**
 * What a worker trainer module exports as default: a setup run once per worker thread, given the pool's
 * shared data (as passed to `workerTrainer({ data })`, typed arrays on SharedArrayBuffers arrive without
 * a copy), returning the trainer that thread runs its trials with.
 */
export interface WorkerTrainerModule<C = Config, D = unknown> {
  readonly _tag: 'WorkerTrainerModule';
  readonly setup: (data: D) => Trainer<C> | Promise<Trainer<C>>;
}

/**
 * Declares the default export of a module whose trials run on worker threads. The setup may be async
 * (initialise TensorFlow.js there); the trainer it returns is an ordinary cold `Trainer`, and
 * unsubscribing it is how the worker stops a trial. A trainer with an `idle()` method (like
 * `tfjsTrainer`) is awaited after a stop, so the thread is free before it takes the next trial.
 *
 * @example
 * ```ts
 * // mnist.worker.ts
 * export default defineWorkerTrainer<MlpConfig, MnistShared>(async (data) => {
 *   await initTfjs();
 *   return tfjsTrainer({ model: buildMlp, data: (c) => tensorsOf(data), epochs: 10, batchSize: (c) => c.batchSize });
 * });
 * // main.ts
 * const trainer = workerTrainer<MlpConfig>(new URL('./mnist.worker.ts', import.meta.url), { data: shared });
 * ```
 */
export const defineWorkerTrainer = <C = Config, D = unknown>(
  setup: (data: D) => Trainer<C> | Promise<Trainer<C>>,
): WorkerTrainerModule<C, D> => ({ _tag: 'WorkerTrainerModule', setup });
