// rxhpo/workers: trials on a pool of worker threads (optional peer: piscina). Its own entry, so that
// importing rxhpo never starts threads.
export type { WorkerTrainerOptions, WorkerTrainerStats, WorkerTrainer } from './workerTrainer.js';
export { workerTrainer } from './workerTrainer.js';
export type { WorkerTrainerModule } from './workerModule.js';
export { defineWorkerTrainer } from './workerModule.js';
export type { Task, ToWorker, FromWorker } from './workerProtocol.js';
export { TrialCodec, TaskCodec, ToWorkerCodec, FromWorkerCodec, decodeOrThrow } from './workerProtocol.js';
export { toShared } from './toShared.js';
