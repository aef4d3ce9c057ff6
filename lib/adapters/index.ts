// rxhpo/adapters: trainers that touch the world (worker threads, TensorFlow.js). Kept out of the main
// entry so that importing rxhpo never loads TensorFlow.js or starts threads.
export type { TfjsBackendName, TfjsBackendOptions, TfjsBackendInfo } from './tfjsBackend.js';
export { initTfjs } from './tfjsBackend.js';
export type { TfjsData, SeededInit, TfjsCheckpoints, TfjsTrainerOptions, TfjsTrainer } from './tfjsTrainer.js';
export { tfjsTrainer } from './tfjsTrainer.js';
export type { SavedTensor, TfjsCheckpoint, TfjsCheckpointFile } from './tfjsCheckpoint.js';
export {
  TfjsCheckpointCodec,
  TfjsCheckpointFileCodec,
  TfjsResumeCodec,
  captureCheckpoint,
  restoreCheckpoint,
  writeCheckpointFile,
  readCheckpointFile,
} from './tfjsCheckpoint.js';
export type { WorkerTrainerOptions, WorkerTrainerStats, WorkerTrainer } from './workerTrainer.js';
export { workerTrainer } from './workerTrainer.js';
export type { WorkerTrainerModule } from './workerModule.js';
export { defineWorkerTrainer } from './workerModule.js';
export type { Task, ToWorker, FromWorker } from './workerProtocol.js';
export { TrialCodec, TaskCodec, ToWorkerCodec, FromWorkerCodec, decodeOrThrow } from './workerProtocol.js';
export { toShared } from './toShared.js';
