// rxhpo/tfjs: TensorFlow.js training (optional peers @tensorflow/tfjs-core, -layers, -backend-cpu,
// -backend-wasm). Its own entry, so that importing rxhpo never loads TensorFlow.js.
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
