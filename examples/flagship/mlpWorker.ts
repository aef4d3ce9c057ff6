// Runs in the worker threads: an MLP on the shared MNIST split, trained with tfjsTrainer.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initTfjs } from '../../adapters/tfjs/tfjsBackend.js';
import { tfjsTrainer } from '../../adapters/tfjs/tfjsTrainer.js';
import type { SeededInit } from '../../adapters/tfjs/tfjsTrainer.js';
import { defineWorkerTrainer } from '../../adapters/workers/workerModule.js';
import type { MnistSplit } from './mnistData.js';
import type { MlpConfig } from './mlpSpace.js';

/** What every worker receives once: the split (shared memory) and the max epochs per trial. */
export interface MlpShared extends MnistSplit {
  readonly epochs: number;
}

const optimizerOf = (c: MlpConfig): tf.Optimizer =>
  c.optimizer === 'adam'
    ? tf.train.adam(c.lr)
    : c.optimizer === 'rmsprop'
      ? tf.train.rmsprop(c.lr)
      : tf.train.momentum(c.lr, 0.9);

/** depth × (dense(width, relu) + dropout), then softmax over the classes. */
export const buildMlp =
  (inputs: number, classes: number) =>
  (c: MlpConfig, init: SeededInit): tfl.LayersModel => {
    const m = tfl.sequential();
    for (let i = 0; i < c.depth; i++) {
      m.add(
        tfl.layers.dense({
          ...(i === 0 ? { inputShape: [inputs] } : {}),
          units: c.width,
          activation: 'relu',
          kernelInitializer: init.kernel('heNormal'),
        }),
      );
      if (c.dropout > 0) m.add(tfl.layers.dropout({ rate: c.dropout }));
    }
    m.add(tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init.kernel() }));
    m.compile({ optimizer: optimizerOf(c), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return m;
  };

export default defineWorkerTrainer<MlpConfig, MlpShared>(async (d) => {
  await initTfjs();
  const xy = (x: Float32Array, y: Uint8Array) => ({
    // Typed-array views on the shared buffers: tfjs copies them into this thread's backend memory.
    x: tf.tensor2d(x, [y.length, d.pixels]),
    y: tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), d.classes),
  });
  return tfjsTrainer<MlpConfig>({
    model: buildMlp(d.pixels, d.classes),
    data: () => ({ ...xy(d.trainX, d.trainY), validation: xy(d.valX, d.valY) }),
    epochs: d.epochs,
    batchSize: (c) => c.batchSize,
    // ASHA's stopping form never resumes, so checkpoints would only cost time.
    checkpoints: 'none',
  });
});
